// The complex list follows the chosen wijk: only that wijk's complexes can be chosen.
// Without JavaScript all complexes show, grouped per wijk, and the server refuses a
// complex outside the chosen wijk.
(function () {
  "use strict";
  var wijk = document.querySelector("select[name=wijk]");
  var complex = document.querySelector("select[name=complex]");
  if (!wijk || !complex) return;
  function follow() {
    var chosen = wijk.value;
    complex.querySelectorAll("optgroup").forEach(function (group) {
      var options = group.querySelectorAll("option");
      var inWijk = !chosen || (options.length && options[0].dataset.wijk === chosen);
      group.hidden = !inWijk;
      group.disabled = !inWijk;
    });
    var selected = complex.options[complex.selectedIndex];
    if (selected && selected.parentNode.disabled) complex.value = "";
  }
  wijk.addEventListener("change", follow);
  follow();
})();
