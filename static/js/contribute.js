// The payment step of a contribution: Stripe's Payment Element (iDEAL or card) in the
// form. The message that Stripe could not be loaded shows until Stripe.js is there.
(function () {
  "use strict";
  var form = document.querySelector("[data-payment-form]");
  if (!form) return;
  var message = form.querySelector("[data-payment-message]");
  var button = form.querySelector("[data-pay-button]");
  if (typeof window.Stripe !== "function") return;
  var stripe = window.Stripe(form.dataset.key, { locale: document.documentElement.lang || "nl" });
  var elements = stripe.elements({ clientSecret: form.dataset.secret });
  elements.create("payment").mount(form.querySelector("[data-payment-element]"));
  message.hidden = true;
  button.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    var label = button.textContent;
    button.textContent = form.dataset.labelBusy;
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.return } })
      .then(function (result) {
        if (result.error) {
          message.textContent = result.error.message || form.dataset.labelFailed;
          message.hidden = false;
          button.disabled = false;
          button.textContent = label;
        }
      });
  });
})();
