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
  var YEAR = /^\d{4}$/;
  var status = document.querySelector("[data-sl-review-status]");
  var cards = document.querySelectorAll(".sl-card");
  var years = document.querySelectorAll("[data-sl-year]");
  /* What the address asked for that is not a choice: [[name, value], ...]. */
  var ignored = [];

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  /* A year with no reviews as a choice, among the others, newest first. */
  function addYear(select, value) {
    var before = Array.prototype.filter.call(select.options, function (o) {
      return o.value && Number(o.value) < Number(value);
    })[0];
    select.add(new Option(value, value), before || null);
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    ignored = [];
    NAMES.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      if (value && !hasOption(select, value) && name === "year" && YEAR.test(value)) {
        addYear(select, value);
      }
      if (value && !hasOption(select, value)) {
        ignored.push([name, value]);
        value = "";
      }
      select.value = value;
    });
  }

  function matches(card, chosen) {
    return (!chosen.type || card.getAttribute("data-type") === chosen.type) &&
      (!chosen.theme || card.getAttribute("data-themes").split(" ").indexOf(chosen.theme) !== -1) &&
      (!chosen.year || card.getAttribute("data-year") === chosen.year);
  }

  /* 'The address asks for type of review "zzz", which is not one of the choices, so it
   * is ignored.' */
  function ignoredNote() {
    if (!ignored.length) return "";
    var asked = ignored.map(function (pair) {
      var label = document.querySelector("label[for='" + form.elements[pair[0]].id + "']");
      var value = pair[1].length > 40 ? pair[1].slice(0, 39) + "\u2026" : pair[1];
      return label.textContent.trim().toLowerCase() + " \u201c" + value + "\u201d";
    });
    var one = ignored.length === 1;
    return "The address asks for " + asked.join(" and ") + ", which " +
      (one ? "is not one of the choices, so it is" : "are not among the choices, so they are") +
      " ignored. ";
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
