/* A message being sent: keep its delivery counts and progress bar current until every e-mail
   is delivered or given up. Served as a file (CSP: no inline script). */
(function () {
  "use strict";
  var counts = document.getElementById("delivery-counts");
  var bar = document.getElementById("delivery-progress");
  var url = counts && counts.getAttribute("data-counts-url");
  if (!url) { return; }
  var timer = null;

  function show(data) {
    ["sent", "waiting", "failed", "gave_up"].forEach(function (key) {
      var node = counts.querySelector('[data-count="' + key + '"]');
      if (node && typeof data[key] === "number") { node.textContent = String(data[key]); }
    });
    if (bar) {
      bar.max = data.total;
      bar.value = data.sent + data.gave_up;
    }
    if (data.done && timer) { window.clearInterval(timer); }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { show(data); } })
      .catch(function () { /* keep the last counts */ });
  }

  timer = window.setInterval(poll, 3000);
  poll();
})();
