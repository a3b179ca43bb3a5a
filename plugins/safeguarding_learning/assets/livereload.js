// Live preview (`serve` only): reload the page when the site has been rebuilt.
// MkDocs' server answers a poll with its newest build number once it has one. This runs
// from a file, not inline, so the page's Content-Security-Policy allows it.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = Number(script.dataset.build);
  var request = script.dataset.request;
  var xhr, timer;

  function poll() {
    stop();
    xhr = new XMLHttpRequest();
    xhr.onloadend = function () {
      if (parseFloat(this.responseText) > build) {
        location.reload();
      } else if (this.status !== 0 || !document.hidden) {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    xhr.open("GET", "/livereload/" + build + "/" + request);
    xhr.send();
  }

  function stop() {
    if (xhr) { xhr.onloadend = null; xhr.abort(); }
    clearTimeout(timer);
    xhr = timer = undefined;
  }

  window.addEventListener("load", function () { if (!document.hidden) poll(); });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); }
  });
  window.addEventListener("beforeunload", stop);
})();
