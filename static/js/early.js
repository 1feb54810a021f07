// Runs before the page is drawn (a blocking file in <head>, so no inline script under the CSP):
// it tells the stylesheet that script runs, so the phone header is drawn folded from the start
// instead of folding after site.js runs, which moved the whole page up (a layout shift).
document.documentElement.classList.add("has-menu-toggle");
