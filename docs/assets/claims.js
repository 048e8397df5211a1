/* Graded claims: why a badge has its grade, and the claims register's sorting and filters, by
 * keyboard, mouse or touch, with no third-party code.
 *
 * Each badge (hooks/pls/claims_form.py, grade_disclosure) is a button followed by its reasons. The
 * reasons show while the pointer is over the badge or its reasons, while the badge has keyboard
 * focus, and after a click or tap until the next one, Escape, or a click elsewhere. A click always
 * flips what is shown; aria-expanded always says whether the reasons are shown. Without this
 * script, and in print, the reasons are plain text after the badge.
 *
 * The register (hooks/claims_register.py) is a complete static table. This script shows its filter
 * form, turns each sortable column heading into a button that sets aria-sort, and keeps the
 * filters and the sort in the address (?q=, ?topic=, ?certainty=, ?verdict=, ?sort=, ?order=):
 * written on every change, read on load, so a shared link shows what its sender saw and the
 * evidence map can link to a topic. The form's reset button brings back every claim in reading order.
 * Sorting uses each cell's data-pls-value: certainty sorts by level, not alphabetically.
 */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function setUpRegister(register) {
    var table = register.querySelector("table");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var form = register.querySelector("[data-pls-register-filters]");
    var status = register.querySelector("[data-pls-register-status]");
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    rows.forEach(function (row, index) {
      row.dataset.plsOrder = String(index);
      row.dataset.plsText = normalise(row.textContent);
    });

    // --- Sorting ---
    headers.forEach(function (header, column) {
      var kind = header.dataset.plsSort;
      if (!kind) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pls-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var current = header.getAttribute("aria-sort");
        var first = header.dataset.plsSortFirst || "ascending";
        var direction = current === first ? (first === "ascending" ? "descending" : "ascending") : first;
        applySort(header, direction);
        writeAddress();
        announce("Sorted by " + button.textContent.toLowerCase() + ", " + direction + ".");
      });
    });

    function sortKey(header) {
      return normalise(header.textContent);
    }

    function applySort(header, direction) {
      sortBy(headers.indexOf(header), header.dataset.plsSort, direction);
      headers.forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      header.setAttribute("aria-sort", direction);
    }

    function readingOrder() {
      rows.forEach(function (row) {
        body.appendChild(row);
      });
      headers.forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
    }

    function cellValue(row, column, kind) {
      var cell = row.cells[column];
      var value = cell.dataset.plsValue !== undefined ? cell.dataset.plsValue : normalise(cell.textContent);
      return kind === "number" ? parseFloat(value) : value;
    }

    function sortBy(column, kind, direction) {
      var sign = direction === "ascending" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var x = cellValue(a, column, kind);
        var y = cellValue(b, column, kind);
        var order = kind === "number" ? x - y : x.localeCompare(y);
        return order * sign || Number(a.dataset.plsOrder) - Number(b.dataset.plsOrder);
      });
      sorted.forEach(function (row) {
        body.appendChild(row);
      });
    }

    // --- Filtering ---
    var fields = {
      q: form.elements.namedItem("q"),
      topic: form.elements.namedItem("topic"),
      certainty: form.elements.namedItem("certainty"),
      verdict: form.elements.namedItem("verdict"),
    };

    function applyFilters() {
      var words = normalise(fields.q.value).split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var visible =
          (!fields.topic.value || row.dataset.topic === fields.topic.value) &&
          (!fields.certainty.value || row.dataset.certainty === fields.certainty.value) &&
          (!fields.verdict.value || row.dataset.verdict === fields.verdict.value) &&
          words.every(function (word) {
            return row.dataset.plsText.indexOf(word) !== -1;
          });
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      announce(
        shown === rows.length
          ? rows.length + " claims."
          : "Showing " + shown + " of " + rows.length + " claims."
      );
    }

    function announce(message) {
      status.textContent = message;
    }

    function selectValue(select, wanted) {
      var target = normalise(wanted);
      Array.prototype.forEach.call(select.options, function (option) {
        if (normalise(option.value) === target || normalise(option.textContent) === target) {
          select.value = option.value;
        }
      });
    }

    // --- The address holds the state: ?q=&topic=&certainty=&verdict=&sort=&order= ---
    // A shared or bookmarked link shows the same claims in the same order; the page's hash (a
    // claim's anchor) is kept.
    function writeAddress() {
      var params = new URLSearchParams();
      ["q", "topic", "certainty", "verdict"].forEach(function (name) {
        var value = name === "q" ? fields.q.value.trim() : fields[name].value;
        if (value) {
          params.set(name, value);
        }
      });
      var sorted = headers.filter(function (header) {
        return header.hasAttribute("aria-sort");
      })[0];
      if (sorted) {
        params.set("sort", sortKey(sorted));
        params.set("order", sorted.getAttribute("aria-sort"));
      }
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", address);
    }

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      if (params.has("q")) {
        fields.q.value = params.get("q");
      }
      ["topic", "certainty", "verdict"].forEach(function (name) {
        if (params.has(name)) {
          selectValue(fields[name], params.get(name));
        }
      });
      var wanted = normalise(params.get("sort"));
      var order = params.get("order") === "descending" ? "descending" : "ascending";
      headers.forEach(function (header) {
        if (wanted && header.dataset.plsSort && sortKey(header) === wanted) {
          applySort(header, order);
        }
      });
    }

    function onFilterChange() {
      applyFilters();
      writeAddress();
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.addEventListener("reset", function (event) {
      event.preventDefault();
      fields.q.value = "";
      ["topic", "certainty", "verdict"].forEach(function (name) {
        fields[name].value = "";
      });
      readingOrder();
      applyFilters();
      writeAddress();
      announce("Showing all " + rows.length + " claims in reading order.");
    });
    form.addEventListener("input", onFilterChange);
    form.addEventListener("change", onFilterChange);
    readAddress();
    form.hidden = false;
    applyFilters();
  }

  // --- Why a claim has its grade ---
  var openGrades = [];

  function setUpGrade(grade) {
    var button = grade.querySelector("[data-pls-grade-button]");
    var why = grade.querySelector("[data-pls-grade-why]");
    var state = { pinned: false, hovered: false, focused: false, leaveTimer: 0 };

    function render() {
      var open = state.pinned || state.hovered || state.focused;
      why.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      grade.classList.toggle("pls-grade--open", open);
    }

    function close() {
      state.pinned = false;
      state.hovered = false;
      state.focused = false;
      render();
    }

    grade.plsClose = close;
    grade.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "mouse") {
        window.clearTimeout(state.leaveTimer);
        state.hovered = true;
        render();
      }
    });
    grade.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse") {
        // A short grace period lets the pointer cross to the reasons without closing them.
        state.leaveTimer = window.setTimeout(function () {
          state.hovered = false;
          render();
        }, 200);
      }
    });
    button.addEventListener("focus", function () {
      if (button.matches(":focus-visible")) {
        state.focused = true;
        render();
      }
    });
    grade.addEventListener("focusout", function (event) {
      if (!grade.contains(event.relatedTarget)) {
        state.focused = false;
        state.pinned = false;
        render();
      }
    });
    button.addEventListener("click", function () {
      var open = !why.hidden;
      if (open) {
        close();
      } else {
        openGrades.forEach(function (other) {
          if (other !== grade) {
            other.plsClose();
          }
        });
        state.pinned = true;
        render();
      }
    });
    grade.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !why.hidden) {
        close();
        button.focus();
      }
    });
    openGrades.push(grade);
    grade.dataset.plsGradeReady = "";
    render();
  }

  document.addEventListener("click", function (event) {
    openGrades.forEach(function (grade) {
      if (!grade.contains(event.target)) {
        grade.plsClose();
      }
    });
  });

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pls-grade]"), setUpGrade);
    Array.prototype.forEach.call(document.querySelectorAll("[data-pls-register]"), setUpRegister);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
