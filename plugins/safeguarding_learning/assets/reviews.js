/* /reviews/: filter the cards by type, theme and year, with the choice in the address
 * (?type=lcspr&theme=neglect&year=2020) so it can be shared. Without script the form
 * only reloads the page, and every review shows. */
(function () {
  "use strict";
  var form = document.querySelector("[data-sl-review-filter]");
  if (!form) return;
  var NAMES = ["type", "theme", "year"];
  var status = document.querySelector("[data-sl-review-status]");
  var cards = document.querySelectorAll(".sl-card");
  var years = document.querySelectorAll("[data-sl-year]");

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
  }

  function matches(card, chosen) {
    return (!chosen.type || card.getAttribute("data-type") === chosen.type) &&
      (!chosen.theme || card.getAttribute("data-themes").split(" ").indexOf(chosen.theme) !== -1) &&
      (!chosen.year || card.getAttribute("data-year") === chosen.year);
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
    status.textContent = filtered
      ? shown + (shown === 1 ? " review matches" : " reviews match") + " your choice, of " + cards.length + "."
      : "";
    return chosen;
  }

  function writeAddress(chosen) {
    var params = new URLSearchParams();
    NAMES.forEach(function (name) { if (chosen[name]) params.set(name, chosen[name]); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  form.addEventListener("change", function () { writeAddress(apply()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); writeAddress(apply()); });
  window.addEventListener("popstate", function () { readAddress(); apply(); });
  readAddress();
  apply();
})();
