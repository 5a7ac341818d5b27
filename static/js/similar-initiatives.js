// While a resident types a title, show published initiatives in the same wijk that look
// alike. Progressive: without JavaScript the list appears after saving the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form) return;
  var title = form.querySelector("[name=title]");
  var wijk = form.querySelector("[name=wijk]");
  var target = document.getElementById("similar-initiatives");
  if (!title || !wijk || !target) return;
  var timer = null;
  var last = "";
  function lookup() {
    var query = "title=" + encodeURIComponent(title.value.trim()) + "&wijk=" + encodeURIComponent(wijk.value);
    if (form.dataset.exclude) query += "&exclude=" + encodeURIComponent(form.dataset.exclude);
    if (query === last) return;
    last = query;
    fetch(form.dataset.similarUrl + "?" + query, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { target.innerHTML = html; })
      .catch(function () { /* a failed hint is no reason to disturb the form */ });
  }
  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 350);
  }
  title.addEventListener("input", schedule);
  wijk.addEventListener("change", schedule);
})();
