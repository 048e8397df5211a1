"""Tables that fit any screen: every table in a page gets a named scroll box and cells that know their heading.

Why this exists: a table of four or five columns of prose does not fit a 320 px phone. Squeezed, its
columns break words mid-word; cut off, the reader never learns there is more. In the finished page
every table (Markdown's, the claims register's, the evidence map's) gets, in our own markup:

- the class `pls-table`, styled by docs/assets/pls.css (not Material's `table:not([class])` rules),
  which on a narrow screen lays each row out as a card of "heading: value" lines (`data-label` on
  every body cell carries the column heading for that);
- a box (`div.pls-scroll`, a keyboard-focusable region named by the section it is in and its
  columns, unique on the page) that scrolls sideways when the table is still wider than the page; docs/assets/reader.js (tables part) puts a visible "scroll for more" cue
  above any such box that overflows. A table already in a `pls-scroll` box (the register, the
  map) keeps it.

It runs on the finished page (after the register and the map are put in), so it sees every table.
"""

from __future__ import annotations

import html
import re

from . import citation_returns

TABLE = re.compile(r"<table\b(?P<attributes>[^>]*)>(?P<inner>.*?)</table>", re.DOTALL)
SCROLL_BOX_BEFORE = re.compile(r'<div class="pls-scroll"[^>]*>\s*$')
HEADER_ROW = re.compile(r"<thead>\s*<tr[^>]*>(?P<cells>.*?)</tr>", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.DOTALL)
BODY = re.compile(r"<tbody>(?P<rows>.*?)</tbody>", re.DOTALL)
ROW = re.compile(r"(<tr\b[^>]*>)(?P<cells>.*?)(</tr>)", re.DOTALL)
CELL_START = re.compile(r"<(?P<tag>td|th)\b(?P<attributes>[^>]*)>")
CLASS_ATTRIBUTE = re.compile(r'\sclass="(?P<classes>[^"]*)"')
TAG = re.compile(r"<[^>]+>")
TABLE_CLASS = "pls-table"


def fit_tables(page_html: str) -> str:
    """Every table in `page_html` with our class, labelled cells, and a named scroll box."""
    if "<table" not in page_html:
        return page_html
    pieces: list[str] = []
    names: set[str] = set()
    last = 0
    for match in TABLE.finditer(page_html):
        before = page_html[last : match.start()]
        table = _labelled_table(match)
        if SCROLL_BOX_BEFORE.search(page_html[: match.start()]):
            pieces.append(before + table)
        else:
            name = region_name(headings(match.group("inner")), _section_before(page_html, match.start()))
            name = _unique(name, names)
            pieces.append(before + scroll_box(table, name))
        last = match.end()
    pieces.append(page_html[last:])
    return "".join(pieces)


def headings(table_inner: str) -> list[str]:
    """The plain text of each column heading (empty if the table has no header row)."""
    row = HEADER_ROW.search(table_inner)
    if not row:
        return []
    return [plain_text(cell.group("text")) for cell in HEADER_CELL.finditer(row.group("cells"))]


def region_name(column_headings: list[str], section: str | None = None) -> str:
    """The scroll box's accessible name: where the table is and what it holds, by its columns."""
    named = [heading for heading in column_headings if heading]
    where = f" in “{section}”" if section else ""
    return f"Table{where}: {', '.join(named)}" if named else f"Table{where}"


def scroll_box(table_html: str, name: str) -> str:
    """A table in a keyboard-focusable region that scrolls sideways if it must."""
    return f'<div class="pls-scroll" role="region" tabindex="0" aria-label="{html.escape(name)}">{table_html}</div>'


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


# --- Helper functions --------------------------------------------------------------------------


def _section_before(page_html: str, position: int) -> str | None:
    """The name of the part of the page a table is in (citation_returns' rule: the nearest heading)."""
    last = None
    for heading in citation_returns.HEADING.finditer(page_html, 0, position):
        last = heading
    return citation_returns.section_name(last.group("text")) if last else None


def _unique(name: str, used: set[str]) -> str:
    """Two tables in one section still get different names (a screen reader lists regions by name)."""
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{name} (table {number})", number + 1
    used.add(candidate)
    return candidate


def _labelled_table(match: re.Match) -> str:
    attributes = _with_class(match.group("attributes"), TABLE_CLASS)
    inner = match.group("inner")
    labels = headings(inner)
    if labels:
        inner = BODY.sub(lambda body: f"<tbody>{_label_rows(body.group('rows'), labels)}</tbody>", inner, count=1)
    return f"<table{attributes}>{inner}</table>"


def _label_rows(rows: str, labels: list[str]) -> str:
    def label_row(row: re.Match) -> str:
        column = iter(range(len(labels) + 1000))

        def label_cell(cell: re.Match) -> str:
            index = next(column)
            if index >= len(labels) or "data-label=" in cell.group("attributes") or not labels[index]:
                return cell.group(0)
            return f'<{cell.group("tag")}{cell.group("attributes")} data-label="{html.escape(labels[index])}">'

        return row.group(1) + CELL_START.sub(label_cell, row.group("cells")) + row.group(3)

    return ROW.sub(label_row, rows)


def _with_class(attributes: str, name: str) -> str:
    existing = CLASS_ATTRIBUTE.search(attributes)
    if not existing:
        return f' class="{name}"{attributes}'
    if name in existing.group("classes").split():
        return attributes
    return f'{attributes[: existing.start()]} class="{name} {existing.group("classes")}"{attributes[existing.end() :]}'
