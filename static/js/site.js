// The public pages' only script (a file: the strict CSP stays). Without it everything is shown.
//
// 1. The phone header menu: the navigation, search and language switch fold behind one button.
// 2. The list pages' filter panel starts folded on a phone, unless a filter is already set.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  document.documentElement.classList.add("has-menu-toggle");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
    if (open) {
      var first = menu.querySelector("a, input");
      if (first) {
        first.focus();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      button.setAttribute("aria-expanded", "false");
      menu.classList.remove("is-open");
      button.focus();
    }
  });
})();

(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 47.99rem)").matches) {
    return;
  }
  var filtered = Array.from(new URLSearchParams(window.location.search).keys()).some(
    function (name) { return name !== "page"; }
  );
  if (filtered) {
    return;
  }
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
    panel.open = false;
  });
})();
