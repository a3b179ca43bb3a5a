/* /reviews/: filter the cards by type, theme and year, with the choice in the address
 * (?type=lcspr&theme=neglect&year=2020) so it can be shared. Without script the form
 * only reloads the page, and every review shows.
 *
 * An address keeps its choice even when no review matches it: every type and theme the
 * site knows is an option, and a year with no reviews is added to the years, so the
 * page says that none match rather than showing them all. A value that is not a choice
 * (?type=zzz) is ignored, and the status line says so. */
(function () {
  "use strict";
  var form = document.querySelector("[data-sl-review-filter]");
  if (!form) return;
  var NAMES = ["type", "theme", "year"];
  var status = document.querySelector("[data-sl-review-status]");
  var cards = document.querySelectorAll(".sl-card");
  var years = document.querySelectorAll("[data-sl-year]");
  /* What the address asked for that is not a choice: [[name, value], ...]. */
  var ignored = [];

  var selects = {};
  NAMES.forEach(function (name) { selects[name] = form.elements[name]; });

  function readAddress() {
    ignored = window.slAddressChoices.read(selects);
  }

  function matches(card, chosen) {
    return (!chosen.type || card.getAttribute("data-type") === chosen.type) &&
      (!chosen.theme || card.getAttribute("data-themes").split(" ").indexOf(chosen.theme) !== -1) &&
      (!chosen.year || card.getAttribute("data-year") === chosen.year);
  }

  function ignoredNote() {
    return window.slAddressChoices.note(ignored, selects);
  }

  function apply() {
    var chosen = {};
    NAMES.forEach(function (name) { chosen[name] = form.elements[name].value; });
    var shown = 0;
    Array.prototype.forEach.call(cards, function (card) {
      card.hidden = !matches(card, chosen);
      if (!card.hidden) shown += 1;
    });
    Array.prototype.forEach.call(years, function (section) {
      section.hidden = !section.querySelector(".sl-card:not([hidden])");
    });
    var filtered = NAMES.some(function (name) { return chosen[name]; });
    var count = filtered
      ? (shown === 0 ? "No" : shown) + (shown === 1 ? " review matches" : " reviews match") +
        " your choice, of " + cards.length + "."
      : (ignored.length ? (cards.length === 1 ? "The one review shows." : "All " + cards.length + " reviews show.") : "");
    status.textContent = ignoredNote() + count;
    return chosen;
  }

  function writeAddress(chosen) {
    var params = new URLSearchParams();
    NAMES.forEach(function (name) { if (chosen[name]) params.set(name, chosen[name]); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function choose(event) {
    if (event.type === "submit") event.preventDefault();
    ignored = [];  /* the address now says only what the form shows */
    writeAddress(apply());
  }

  form.addEventListener("change", choose);
  form.addEventListener("submit", choose);
  window.addEventListener("popstate", function () { readAddress(); apply(); });
  readAddress();
  apply();
})();
