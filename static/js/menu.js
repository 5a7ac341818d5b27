// On small screens the account links, the main menu and the search fold behind one
// "Menu" button. Progressive: without JavaScript the button stays hidden and the menu
// is simply shown (site.css only folds it when <html> has the class fw-js).
(function () {
  "use strict";
  document.documentElement.classList.add("fw-js");
  function init() {
    var header = document.querySelector(".fw-header");
    var button = header && header.querySelector(".fw-menu-button");
    if (!button) return;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("fw-header--open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
