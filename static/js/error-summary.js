// After a failed submit the error summary takes focus, so that a screen reader reads it
// and a keyboard user starts from it; each of its links moves focus to its field (and
// shows the field's label). Without JavaScript the summary is still first in the form.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  if (!summary.dataset.focused) {
    summary.dataset.focused = "1";
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) return;
    event.preventDefault();
    var holder = field.closest(".utrecht-form-field, tr, fieldset") || field;
    holder.scrollIntoView();
    field.focus({ preventScroll: true });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });
})();
