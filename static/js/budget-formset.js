// The budget of the fund form: add and remove lines in place (from the formset's empty
// form) and keep the three sums up to date while typing. Without JavaScript the
// "toevoegen" buttons reload the form with one more line and the sums follow on saving.
(function () {
  "use strict";
  var sums = document.querySelector("[data-budget-sums]");
  var money = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });

  // An amount as a Dutch person types it (12, 1250,50, 1.250, € 12) or 1250.50; null
  // when it is not (yet) an amount. Mirrors portal.fields.parse_amount.
  function parse(text) {
    text = (text || "").replace(/[\s\u00a0\u202f€]/g, "");
    if (!text || !/^[0-9.,]+$/.test(text)) return null;
    if (text.indexOf(",") >= 0) {
      var parts = text.split(",");
      if (parts.length > 2 || parts[1].indexOf(".") >= 0) return null;
      text = parts[0].replace(/\./g, "") + "." + parts[1];
    } else if (/^[1-9][0-9]{0,2}(\.[0-9]{3})+$/.test(text)) {
      text = text.replace(/\./g, "");
    } else if ((text.match(/\./g) || []).length > 1) {
      return null;
    }
    var cents = Math.round(parseFloat(text) * 100);
    return isFinite(cents) ? cents : null;
  }

  function total(block) {
    var cents = 0;
    block.querySelectorAll("[data-formset-row]").forEach(function (row) {
      if (row.hidden) return;
      var remove = row.querySelector("[data-formset-delete]");
      if (remove && remove.checked) return;
      var amount = row.querySelector("input[name$='-amount']");
      var value = amount ? parse(amount.value) : null;
      if (value !== null && value > 0) cents += value;
    });
    return cents;
  }

  function update() {
    if (!sums) return;
    var costs = document.querySelector("[data-formset='regels']");
    var others = document.querySelector("[data-formset='bijdragen']");
    var c = costs ? total(costs) : 0;
    var o = others ? total(others) : 0;
    var show = function (name, cents) {
      var cell = sums.querySelector("[data-sum='" + name + "']");
      var text = money.format(cents / 100);
      if (cell && cell.textContent !== text) cell.textContent = text;
    };
    show("costs", c);
    show("others", o);
    show("requested", Math.max(c - o, 0));
  }

  function announce(block, text) {
    var status = block.querySelector("[data-formset-status]");
    if (status) status.textContent = text;
  }

  function removeButton(block, row) {
    var remove = row.querySelector("[data-formset-delete]");
    if (!remove) return;
    var label = remove.closest("label");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--subtle fw-formset-remove";
    var number = label.querySelector(".fw-visually-hidden");
    button.textContent = block.dataset.removeLabel;
    if (number) button.setAttribute("aria-label", block.dataset.removeLabel + " " + number.textContent.replace(/\D+/g, ""));
    label.hidden = true;
    label.parentNode.appendChild(button);
    button.addEventListener("click", function () {
      remove.checked = true;
      row.hidden = true;
      update();
      announce(block, block.dataset.removedText);
      var next = row.nextElementSibling;
      while (next && next.hidden) next = next.nextElementSibling;
      var target = next ? next.querySelector("input, select") : block.querySelector("[data-formset-add]");
      if (target) target.focus();
    });
  }

  document.querySelectorAll("[data-formset]").forEach(function (block) {
    var prefix = block.dataset.formset;
    var body = block.querySelector("[data-formset-body]");
    var template = block.querySelector("[data-formset-template]");
    var totalForms = block.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var maxForms = block.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var add = block.querySelector("[data-formset-add]");
    var status = document.createElement("p");
    status.className = "fw-visually-hidden";
    status.setAttribute("aria-live", "polite");
    status.setAttribute("data-formset-status", "");
    block.appendChild(status);
    block.querySelectorAll("[data-formset-row]").forEach(function (row) { removeButton(block, row); });
    if (!add || !template || !totalForms) return;
    add.addEventListener("click", function (event) {
      var count = parseInt(totalForms.value, 10) || 0;
      if (maxForms && count >= parseInt(maxForms.value, 10)) return; // the server says why
      event.preventDefault();
      var visible = body.querySelectorAll("[data-formset-row]:not([hidden])").length;
      var html = template.innerHTML.replace(/__prefix__/g, String(count)).replace(/__number__/g, String(visible + 1));
      var holder = document.createElement("tbody");
      holder.innerHTML = html;
      var row = holder.querySelector("[data-formset-row]");
      body.appendChild(row);
      totalForms.value = String(count + 1);
      removeButton(block, row);
      announce(block, block.dataset.addedText);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
  });

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("[data-formset]")) update();
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-formset]")) update();
  });
  update();
})();
