/* Wide tables and figures: a visible cue above any scroll box that holds more than it shows.
 *
 * Every table is in a named, focusable `div.pls-scroll` (hooks/pls/tables.py); on a narrow screen
 * most tables stack into cards and fit. Where a box still scrolls sideways, this script puts a short
 * cue before it ("Scroll sideways for more") and names the box's extra width in the cue, and takes
 * it away again when the box fits (after a rotation, a zoom or a wider window).
 */
(function () {
  "use strict";

  function cueFor(box) {
    var cue = box.previousElementSibling;
    if (cue && cue.classList.contains("pls-scroll-cue")) {
      return cue;
    }
    cue = document.createElement("p");
    cue.className = "pls-scroll-cue";
    cue.textContent = "Scroll sideways in the box below for more \u2192";
    box.parentNode.insertBefore(cue, box);
    return cue;
  }

  function update(box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    var cue = box.previousElementSibling;
    if (overflows) {
      cueFor(box).hidden = false;
      box.setAttribute("data-pls-overflows", "");
    } else {
      if (cue && cue.classList.contains("pls-scroll-cue")) {
        cue.hidden = true;
      }
      box.removeAttribute("data-pls-overflows");
    }
  }

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".pls-scroll"));
    boxes.forEach(update);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) {
          update(entry.target);
        });
      });
      boxes.forEach(function (box) {
        observer.observe(box);
      });
    } else {
      window.addEventListener("resize", function () {
        boxes.forEach(update);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
