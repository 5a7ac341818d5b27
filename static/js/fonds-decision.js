// The one decision form on an application page: its button says whether it decides or
// sends a proposal to a second person, following the outcome and amount typed (the
// server makes the same choice: fonds.services.decision_needs_confirmation).
(function () {
  "use strict";
  function toCents(text) {
    // 1.250,50 / 1250,50 / 1250.50 / 450 -> cents, or null
    var value = (text || "").trim().replace(/^€\s*/, "");
    if (!value) return null;
    if (value.indexOf(",") >= 0) value = value.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(value)) value = value.replace(/\./g, "");
    var number = Number(value);
    return isFinite(number) ? Math.round(number * 100) : null;
  }
  function update(form) {
    var button = form.querySelector("[data-decision-button]");
    var chosen = form.querySelector("input[name=outcome]:checked");
    var threshold = toCents(form.dataset.threshold);
    var amount = null;
    if (chosen && chosen.value === "toegekend") amount = toCents(form.dataset.requested);
    else if (chosen && chosen.value === "deels_toegekend") amount = toCents(form.elements.amount.value);
    else if (!chosen) amount = toCents(form.dataset.requested);
    var proposes = amount !== null && threshold !== null && amount > threshold;
    button.textContent = proposes ? button.dataset.labelPropose : button.dataset.labelDecide;
  }
  document.querySelectorAll("form[data-decision]").forEach(function (form) {
    if (!form.querySelector("[data-decision-button]").dataset.labelDecide) return;
    form.addEventListener("change", function () { update(form); });
    form.addEventListener("input", function () { update(form); });
  });
})();
