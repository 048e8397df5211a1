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
