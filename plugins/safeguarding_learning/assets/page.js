/* Every page, on paper: the "About this" panel unfolds (it is folded on a phone), and each
 * link in the content shows its full address, which a printed link is useless without. */
(function () {
  "use strict";
  var prepared = false;

  function prepareForPaper() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sl-details]"), function (panel) {
      panel.open = true;
    });
    if (prepared) return;
    prepared = true;
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || link.closest(".sl-page-contents")) return;
      var address = /^(mailto|tel):/.test(href) ? href.replace(/^(mailto|tel):/, "") : link.href;
      link.setAttribute("data-print-url", address);
    });
  }

  window.addEventListener("beforeprint", prepareForPaper);
  var print = window.matchMedia("print");
  if (print.addEventListener) print.addEventListener("change", function (event) {
    if (event.matches) prepareForPaper();
  });
})();
