/* Every page, once painted: Material's script (see main.html), which waited so that it
 * would not slow the first paint on a phone. It listens for DOMContentLoaded, which has
 * passed by then, so it is told again once it has loaded. On the search page it waits
 * for the first results (search.js says when), which it would share a slow connection
 * with: 114 KB ahead of Pagefind's files put the results 0.6 s later in Lighthouse.
 *
 * Every page, on paper: the "About this" panel unfolds (it is folded on a phone), and each
 * link in the content shows its full address, which a printed link is useless without. */
(function () {
  "use strict";
  function loadAfterPaint() {
    var waiting = document.querySelectorAll('script[type="text/x-sl-after-paint"]');
    Array.prototype.forEach.call(waiting, function (placeholder, index) {
      var script = document.createElement("script");
      script.src = placeholder.getAttribute("data-src");
      script.async = false; // run in the order they are in the page
      if (index === waiting.length - 1) {
        script.addEventListener("load", function () {
          document.dispatchEvent(new Event("DOMContentLoaded"));
          window.setTimeout(markScrollers, 0); // once Material has wrapped the tables
        });
      }
      placeholder.parentNode.replaceChild(script, placeholder);
    });
  }
  function afterPaint() {
    // The callback runs before the next frame; the timeout, once that frame is painted.
    window.requestAnimationFrame(function () { window.setTimeout(loadAfterPaint, 0); });
  }
  /* A table wider than the page scrolls sideways in Material's wrapper: a keyboard must
   * reach it to scroll it (WCAG 2.1.1), and a screen reader hears what it is. */
  function markScrollers() {
    // The dashboard's tables are regions that take focus as written (so that, without
    // script, a keyboard can scroll them): one that fits is no tab stop.
    Array.prototype.forEach.call(document.querySelectorAll(".sl-table-wrapper"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"),
      function (wrap) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", "Table: scroll sideways to see all of it");
        } else {
          ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
        }
      });
  }
  var resized = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resized);
    resized = window.setTimeout(markScrollers, 200);
  });
  var search = document.querySelector("form[data-sl-search]");
  if (search && !search.hasAttribute("data-sl-settled")) {
    document.addEventListener("sl:search-settled", afterPaint, { once: true });
    // Should search.js itself not load, nothing would say so: wait no longer than this.
    window.addEventListener("load", function () { window.setTimeout(afterPaint, 5000); });
  } else {
    afterPaint();
  }
})();

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

/* The menu button that opens the navigation drawer on narrower screens: Material writes
 * it as a label for a hidden checkbox, which the keyboard cannot reach or press. A real
 * button takes its place and says whether the drawer is open; Escape closes it. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !label) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " sl-menu-button";
  button.setAttribute("aria-label", "Menu");
  while (label.firstChild) button.appendChild(label.firstChild);
  label.parentNode.replaceChild(button, label);

  function showState() { button.setAttribute("aria-expanded", String(toggle.checked)); }
  function setOpen(open) {
    toggle.checked = open;
    showState();
  }
  showState();
  toggle.addEventListener("change", showState);
  button.addEventListener("click", function () {
    setOpen(!toggle.checked);
    if (toggle.checked) {
      var first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) first.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      setOpen(false);
      button.focus();
    }
  });
  // Focus leaving the open drawer (Tab past its last link) closes it: focus would
  // otherwise be on the page behind its overlay, out of sight.
  var drawer = document.querySelector(".md-sidebar--primary");
  document.addEventListener("focusin", function (event) {
    if (toggle.checked && drawer && !drawer.contains(event.target) && event.target !== button) {
      setOpen(false);
    }
  });
})();
