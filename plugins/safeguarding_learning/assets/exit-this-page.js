/* "Exit this page" (GOV.UK Design System pattern): leave at once, by button or by
 * pressing Shift three times within five seconds. location.replace keeps this page
 * out of the browser's back history. */
(function () {
  "use strict";
  var container = document.querySelector("[data-sl-exit-this-page]");
  if (!container) return;
  var button = container.querySelector("a");
  var status = container.querySelector("[data-sl-exit-this-page-status]");
  var address = button.getAttribute("href");

  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    document.title = "Exiting page";
    window.location.replace(address);
  }
  button.addEventListener("click", leave);
  // It is announced as a button, and a button answers Space as well as Enter
  button.addEventListener("keydown", function (event) {
    if (event.key === " " || event.key === "Spacebar") leave(event);
  });

  var presses = 0;
  var timer = null;
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () {
      presses = 0;
      if (status) status.textContent = "Exit this page expired.";
    }, 5000);
    if (presses >= 3) { leave(); return; }
    if (status) status.textContent = "Shift, press " + (3 - presses) + " more times to exit.";
  });
})();
