/* The search page: runs Pagefind with the query and filters in the address, keeps the
 * address in step with the form, shows counts per filter value, and says what it found.
 *
 * Bytes and a free main thread matter (readers are often on a phone): Pagefind runs in
 * its web worker (on the page's own thread its WebAssembly held up the first paint by
 * about a second in Lighthouse's phone run, far more than the worker script costs to
 * fetch), results come ten at a time (each costs a fragment), and the per-value counts,
 * whose indexes grow with the site, are fetched only when the reader reaches the filters
 * or arrives with a filter already chosen.
 *
 * An address keeps its choice even when nothing matches it: every type, theme, audience
 * and review-record value the site knows is an option, and a year with no pages is added
 * to the years, so the page says that nothing matches rather than searching unfiltered.
 * A value that is no choice (?type=zzz) is ignored, and the status line says so. */
(function () {
  "use strict";
  var form = document.querySelector("[data-sl-search]");
  if (!form) return;

  var PAGE_SIZE = 10;
  var FILTERS = Array.prototype.map.call(form.querySelectorAll("[data-sl-filter]"),
    function (select) { return select.getAttribute("data-sl-filter"); });
  var base = new URL(form.getAttribute("data-base"), window.location.href);
  var status = document.getElementById("sl-search-status");
  var list = document.getElementById("sl-search-results");
  var more = document.getElementById("sl-search-more");
  var labels = JSON.parse(document.getElementById("sl-search-labels").textContent);
  var selects = {};
  FILTERS.forEach(function (name) { selects[name] = form.elements[name]; });
  Array.prototype.forEach.call(form.querySelectorAll("option"), function (option) {
    option.setAttribute("data-label", option.textContent);
  });

  var pagefind = null;
  var current = { results: [], shown: 0, run: 0 };
  var countsLoaded = false;
  /* What the address asked for that is not a choice: [[name, value], ...]. */
  var ignored = [];

  function readAddress() {
    form.elements.q.value = new URLSearchParams(window.location.search).get("q") || "";
    ignored = window.slAddressChoices.read(selects);
  }

  function ignoredNote() {
    return window.slAddressChoices.note(ignored, selects);
  }

  function formState() {
    var state = { q: form.elements.q.value.trim(), filters: {} };
    FILTERS.forEach(function (name) {
      if (selects[name].value) state.filters[name] = selects[name].value;
    });
    return state;
  }

  function writeAddress(state, push) {
    ignored = [];  /* the address now says only what the form shows */
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (name) { if (state.filters[name]) params.set(name, state.filters[name]); });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "");
    if (address === window.location.pathname + window.location.search) return;
    window.history[push ? "pushState" : "replaceState"](null, "", address);
  }

  function showCounts(counts) {
    if (!countsLoaded) return; // until every filter index is here, counts would be wrong
    FILTERS.forEach(function (name) {
      var values = counts[name] || {};
      Array.prototype.forEach.call(selects[name].options, function (option) {
        if (!option.value) return;
        var count = values[option.value] || 0;
        option.textContent = option.getAttribute("data-label") + " (" + count + ")";
      });
    });
  }

  /* `unfiltered`: how many the query finds without the filters (0 without a query). */
  function describe(state, total, unfiltered) {
    var parts = [];
    FILTERS.forEach(function (name) {
      var value = state.filters[name];
      if (value) parts.push((labels[name] && labels[name][value]) || value);
    });
    var what = state.q ? " for \u201c" + state.q + "\u201d" : "";
    var within = parts.length ? " (filtered by " + parts.join(", ") + ")" : "";
    if (total === 0 && parts.length && (!state.q || unfiltered > 0)) {
      return "No results" + what + " match your choice of filters: " + parts.join(", ") +
        ". Choose other filters, or clear them.";
    }
    if (total === 0) {
      return "No results" + what + within + ". Check the spelling, try fewer or different words, or clear the filters.";
    }
    return total + (total === 1 ? " result" : " results") + what + within + ".";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function render(data) {
    var item = element("li", "sl-search__result");
    var heading = element("h2", "sl-search__title");
    var link = element("a", null, data.meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [data.meta.kind, data.meta.date].filter(Boolean).join(" \u00b7 ");
    if (meta) item.appendChild(element("p", "sl-search__meta", meta));
    if (data.meta.summary) item.appendChild(element("p", "sl-search__summary", data.meta.summary));
    if (data.excerpt && (current.query || !data.meta.summary)) {
      /* The passage that matched, the words in <mark>: why this result is here. Pagefind
       * escapes the page's text and adds only <mark>. */
      var passage = element("p", "sl-search__excerpt");
      passage.innerHTML = data.excerpt;
      item.appendChild(passage);
    }
    return item;
  }

  function showMore(run) {
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      if (run !== current.run) return;
      pages.forEach(function (data) { list.appendChild(render(data)); });
      current.shown += slice.length;
      more.hidden = current.shown >= current.results.length;
    });
  }

  function search() {
    var state = formState();
    var run = ++current.run;
    var options = { filters: state.filters };
    if (!state.q) options.sort = { published: "desc" };
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!state.q && !hasFilters) {
      list.innerHTML = "";
      more.hidden = true;
      status.textContent = ignoredNote() + "Type words to search for, or choose a filter.";
      if (!countsLoaded) return;
      return pagefind.filters().then(function (counts) { if (run === current.run) showCounts(counts); });
    }
    status.textContent = "Searching\u2026";
    return pagefind.search(state.q || null, options).then(function (result) {
      if (run !== current.run || !result) return;
      showCounts(result.filters || {});
      current.results = result.results;
      current.query = state.q;
      current.shown = 0;
      list.innerHTML = "";
      // Announce only once the first results are on the page.
      return showMore(run).then(function () {
        if (run === current.run) {
          status.textContent = ignoredNote() +
            describe(state, result.results.length, result.unfilteredResultCount || 0);
        }
      });
    });
  }

  var typing = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    writeAddress(formState(), true);
    search();
  });
  form.addEventListener("change", function (event) {
    if (!event.target.hasAttribute("data-sl-filter")) return;
    writeAddress(formState(), true);
    search();
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { writeAddress(formState(), false); search(); }, 300);
  });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    FILTERS.forEach(function (name) { selects[name].value = ""; });
    writeAddress(formState(), true);
    search();
  });
  more.addEventListener("click", function () { showMore(current.run); });

  function loadCounts() {
    if (countsLoaded || !pagefind) return Promise.resolve();
    countsLoaded = true;
    return pagefind.filters().then(search); // fetches every filter index, once
  }
  var filterBox = form.querySelector("fieldset");
  filterBox.addEventListener("focusin", loadCounts);
  filterBox.addEventListener("pointerover", loadCounts);
  window.addEventListener("popstate", function () { readAddress(); search(); });

  readAddress();
  /* A large site's index comes in parts (parts.json lists the others): each is merged
   * into the first, asked for at the same time as Pagefind's script, so as not to wait. */
  var bundle = new URL("pagefind/", base);
  var parts = fetch(new URL("parts.json", bundle).href).then(function (response) {
    if (!response.ok) throw new Error("no list of the search index's parts");
    return response.json();
  });
  Promise.all([import(new URL("pagefind.js", bundle).href), parts]).then(function (loaded) {
    pagefind = loaded[0];
    return pagefind.options({ baseUrl: base.pathname }).then(function () {
      return Promise.all(loaded[1].map(function (part) {  // in order: see search_index.py
        return pagefind.mergeIndex(new URL(part, bundle).pathname, { baseUrl: base.pathname });
      }));
    });
  }).then(function () {
    form.setAttribute("data-sl-ready", "");
    // Arriving with a filter chosen: its index is needed anyway, so show all counts.
    return Object.keys(formState().filters).length ? loadCounts() : search();
  }).catch(function () {
    status.textContent = "Search is not available at the moment. Browse the briefings, reviews and themes instead.";
  }).then(function () {
    // The first results are shown, or search has failed: page.js may load the rest.
    form.setAttribute("data-sl-settled", "");
    document.dispatchEvent(new Event("sl:search-settled"));
  });
})();
