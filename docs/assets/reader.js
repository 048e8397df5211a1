// The reader's page mechanics in one file (one request instead of four): each part below is a
// self-contained function for one concern, named in its own opening comment.

// ---- citations ----
/* Citations that keep the reader's place, with no third-party code.
 *
 * hooks/pls/citation_returns.py gives each footnote one return link, "Back to the text: <section>",
 * to the entry's first citation. This script:
 * - points that link at the very citation the reader followed, and names that citation's section;
 * - on a touch screen, shows a tapped citation's reference at the foot of the screen instead of
 *   jumping away from the text (a dialog with the reference, a link to the full entry and a Close
 *   button; Escape or a tap elsewhere closes it, and focus goes back to the citation);
 * - opens the content tab (pymdownx.tabbed's radio inputs) that holds the citation or footnote the
 *   address points to, so a return link never lands in a hidden tab.
 * A section is the nearest heading, call-out title or collapsible block's summary before the
 * citation: the same rule the build uses.
 */
(function () {
  "use strict";

  var SECTION_TITLES = "h1, h2, h3, h4, h5, h6, summary, .admonition-title";
  var lastPointer = "mouse";
  var popover = null;
  var opener = null;

  function byHash(hash) {
    var id = decodeURIComponent((hash || "").replace(/^#/, ""));
    return id ? document.getElementById(id) : null;
  }

  function titleText(element) {
    var copy = element.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (link) {
      link.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function sectionOf(element) {
    var name = "the top of the page";
    var titles = (element.closest("article") || document).querySelectorAll(SECTION_TITLES);
    for (var i = 0; i < titles.length; i += 1) {
      if (titles[i].compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
        if (!titles[i].closest(".footnote")) {
          name = titleText(titles[i]);
        }
      } else {
        break;
      }
    }
    return name;
  }

  // --- The return link follows the reader ---
  function pointReturnLink(citation) {
    var sup = citation.parentElement;
    var footnote = byHash(citation.hash);
    var back = footnote && footnote.querySelector("[data-pls-backref]");
    if (!back || !sup || !sup.id) {
      return;
    }
    back.setAttribute("href", "#" + sup.id);
    var label = back.lastChild;
    if (label && label.nodeType === Node.TEXT_NODE) {
      label.nodeValue = "Back to the text: " + sectionOf(sup);
    }
  }

  // --- The preview on touch ---
  function closePopover(returnFocus) {
    if (!popover) {
      return;
    }
    popover.remove();
    popover = null;
    if (returnFocus && opener) {
      opener.focus({ preventScroll: true });
    }
    opener = null;
  }

  function openPopover(citation) {
    var footnote = byHash(citation.hash);
    if (!footnote) {
      return;
    }
    closePopover(false);
    opener = citation;
    popover = document.createElement("div");
    popover.className = "pls-ref-popover";
    popover.setAttribute("role", "dialog");
    popover.setAttribute("aria-labelledby", "pls-ref-popover-title");
    popover.tabIndex = -1;

    var title = document.createElement("p");
    title.className = "pls-ref-popover__title";
    title.id = "pls-ref-popover-title";
    title.textContent = "Reference " + citation.textContent.trim();
    popover.appendChild(title);

    var text = document.createElement("div");
    text.className = "pls-ref-popover__text";
    Array.prototype.forEach.call(footnote.children, function (child) {
      if (!child.classList.contains("pls-backrefs")) {
        text.appendChild(child.cloneNode(true));
      }
    });
    popover.appendChild(text);

    var actions = document.createElement("p");
    actions.className = "pls-ref-popover__actions";
    var full = document.createElement("a");
    full.href = citation.hash;
    full.textContent = "Full entry in the reference list";
    full.addEventListener("click", function () {
      closePopover(false);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pls-ref-popover__close";
    close.textContent = "Close";
    close.addEventListener("click", function () {
      closePopover(true);
    });
    actions.appendChild(full);
    actions.appendChild(close);
    popover.appendChild(actions);

    document.body.appendChild(popover);
    popover.focus({ preventScroll: true });
  }

  // --- A target in a hidden tab ---
  function revealTarget() {
    var target = byHash(window.location.hash);
    var block = target && target.closest(".tabbed-block");
    var changed = false;
    while (block) {
      var set = block.closest(".tabbed-set");
      var index = Array.prototype.indexOf.call(block.parentElement.children, block);
      var inputs = set ? set.querySelectorAll(":scope > input") : [];
      if (inputs[index] && !inputs[index].checked) {
        inputs[index].checked = true;
        changed = true;
      }
      block = set && set.parentElement ? set.parentElement.closest(".tabbed-block") : null;
    }
    if (changed) {
      target.scrollIntoView();
    }
  }

  // --- Events ---
  document.addEventListener(
    "pointerdown",
    function (event) {
      lastPointer = event.pointerType || "mouse";
      if (popover && !popover.contains(event.target) && !event.target.closest("a.footnote-ref")) {
        closePopover(false);
      }
    },
    true
  );

  document.addEventListener("click", function (event) {
    var citation = event.target.closest && event.target.closest("a.footnote-ref");
    if (!citation) {
      return;
    }
    pointReturnLink(citation);
    if (lastPointer === "touch") {
      event.preventDefault();
      openPopover(citation);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popover) {
      closePopover(true);
    }
  });

  window.addEventListener("hashchange", revealTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", revealTarget);
  } else {
    revealTarget();
  }
})();

// ---- tables ----
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

// ---- dialog-names ----
// Material's footnote tooltips (our citations) are role="dialog" elements without an accessible
// name (axe: aria-dialog-name, WCAG 4.1.2). Name each such tooltip as it appears: a screen reader
// then announces "Reference" with the citation's full text. Only tooltips are touched (any element
// whose class mentions "tooltip"); other dialogs, such as search, are named in their templates.
(function () {
  "use strict";
  function name(element) {
    if (element.nodeType === 1 && element.getAttribute("role") === "dialog" &&
        /tooltip/.test(element.getAttribute("class") || "") &&
        !element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby")) {
      element.setAttribute("aria-label", "Reference");
    }
  }
  function nameAll(root) {
    name(root);
    if (root.querySelectorAll) root.querySelectorAll("[role=dialog]").forEach(name);
  }
  nameAll(document.body);
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") name(record.target);
      record.addedNodes.forEach(nameAll);
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["role"] });
})();

// ---- leaflet ----
// The printed page's address (hooks/pls/leaflet.py): a build without site_url knows only the
// page's path, so the address the reader opened is written in its place, for the paper to say
// where the page can be found again. Nothing is sent anywhere.
(function () {
  "use strict";
  var address = location.href.split("#")[0];
  document.querySelectorAll(".pls-leaflet-address").forEach(function (element) {
    if (/^https?:/.test(address)) element.textContent = address;
  });
})();
