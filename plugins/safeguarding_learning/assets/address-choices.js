/* Filters whose choice is in the address (/reviews/, /search/): what the address asks
 * for, set on the form's <select>s, and a note on what it asked for that is no choice.
 *
 * A year the site has no pages for is added to the years, newest first, so that the
 * address keeps its choice and the page can say that nothing matches. */
window.slAddressChoices = (function () {
  "use strict";
  var YEAR = /^\d{4}$/;

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function addYear(select, value) {
    var before = Array.prototype.filter.call(select.options, function (o) {
      return o.value && Number(o.value) < Number(value);
    })[0];
    var option = new Option(value, value);
    option.setAttribute("data-label", value);
    select.add(option, before || null);
  }

  /* Sets each select of `selects` (name -> <select>) from the address; returns what it
   * asked for that is no choice, as [[name, value], ...]. */
  function read(selects) {
    var params = new URLSearchParams(window.location.search);
    var ignored = [];
    Object.keys(selects).forEach(function (name) {
      var select = selects[name];
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
    return ignored;
  }

  /* 'The address asks for type of review "zzz", which is not one of the choices, so it
   * is ignored. ' (empty when nothing was ignored) */
  function note(ignored, selects) {
    if (!ignored.length) return "";
    var asked = ignored.map(function (pair) {
      var label = document.querySelector("label[for='" + selects[pair[0]].id + "']");
      var value = pair[1].length > 40 ? pair[1].slice(0, 39) + "\u2026" : pair[1];
      return label.textContent.trim().toLowerCase() + " \u201c" + value + "\u201d";
    });
    var one = ignored.length === 1;
    return "The address asks for " + asked.join(" and ") + ", which " +
      (one ? "is not one of the choices, so it is" : "are not among the choices, so they are") +
      " ignored. ";
  }

  return { read: read, note: note };
})();
