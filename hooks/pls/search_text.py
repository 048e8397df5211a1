"""What search reads: readable text for tables and tabs, and the words readers use, in the right section.

Why this exists: search indexes a page's HTML as flat text. A table became one run of cells
("Treatment Main evidence Certainty … Spinal cord stimulation against placebo Cochrane review …"),
and the labels of content tabs ran together ("For patientsFor clinicians") at the top of every
snippet. Readers also search in their own words ("stimulator", "nerve burning", "injection in the
back") that a page written in clinical terms may never use. So, before the search plugin reads a page:

- each table is set aside (build.unindexed) and search reads, in its place, one line per row:
  "Treatment: Spinal cord stimulation against placebo; Certainty: Low; …";
- the tab labels are set aside (each tab's own text is still indexed);
- the reader words of search-words.yml (beside mkdocs.yml: it is the site's content, edited with
  the pages) are added to the title of the section they name.

Text only search should read stands between two search-only markers (pls/markers.py), and `strip_index_only` removes it
from the finished page: readers never see it. Any search plugin that indexes `page.content` (MkDocs'
own, Material's) reads it the same way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import markers, tables
from .problems import Problem, report, yaml_error_line

WORDS_FILE_NAME = "search-words.yml"
SEARCH_ONLY = "search-only"
TAB_LABELS = re.compile(r'<div class="tabbed-labels">.*?</div>', re.DOTALL)
TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>(?P<cells>.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<t[dh]\b[^>]*>(?P<text>.*?)</t[dh]>", re.DOTALL)
FOOTNOTE_REFERENCE = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([;,.:)])")
HEADING_END = r'<h(?P<level>[1-6]) id="{anchor}"[^>]*>.*?</h(?P=level)>'


@dataclass(frozen=True)
class ReaderWords:
    """Words readers use for what one section of one page is about (an entry of search-words.yml)."""

    page: str
    section: str
    words: tuple[str, ...]
    line: int


@dataclass
class SearchWords:
    """One build's reader words, by page, and the entries already placed."""

    by_page: dict[str, list[ReaderWords]] = field(default_factory=dict)
    placed: set[int] = field(default_factory=set)
    source: str = ""


# --- Build steps -------------------------------------------------------------------------------


def read_search_words(config: MkDocsConfig, files: Files) -> SearchWords:
    """search-words.yml beside mkdocs.yml (none: no reader words), checked against the site's pages."""
    path = Path(config.config_file_path).resolve().parent / WORDS_FILE_NAME
    shown_as = WORDS_FILE_NAME
    words = SearchWords(source=shown_as)
    if not path.is_file():
        return words
    entries = parse_search_words(path.read_text(encoding="utf-8"), shown_as)
    for entry in entries:
        if files.get_file_from_path(entry.page) is None:
            report(
                Problem(
                    entry.line,
                    f"page '{entry.page}' is not in docs/",
                    "write the page's path under docs/, e.g. 'treatment/second-line.md'",
                    file=shown_as,
                )
            )
            continue
        words.by_page.setdefault(entry.page, []).append(entry)
    return words


def prepare_page_for_search(build, words: SearchWords, page_html: str, page: Page) -> str:
    """The page as search should read it: tables as lines, tab labels aside, reader words in their sections."""
    page_html = TAB_LABELS.sub(lambda match: build.unindexed.set_aside(page, match.group(0)), page_html)
    page_html = TABLE.sub(
        lambda match: index_only(table_as_text(match.group(0))) + build.unindexed.set_aside(page, match.group(0)),
        page_html,
    )
    for entry in words.by_page.get(page.file.src_uri, []):
        page_html, found = add_reader_words(page_html, entry)
        if found:
            words.placed.add(entry.line)
        else:
            report(
                Problem(
                    entry.line,
                    f"docs/{entry.page} has no heading with the anchor '#{entry.section}'",
                    "use the anchor of one of its headings (the part after '#' in its permalink)",
                    file=words.source,
                )
            )
    return page_html


def strip_index_only(output: str) -> str:
    """The finished page without the text only search reads."""
    if not markers.contains(output, SEARCH_ONLY):
        return output
    pieces, position, inside = [], 0, False
    for marker in markers.find(output):
        if marker.kind != SEARCH_ONLY:
            continue
        if marker.argument == "start" and not inside:
            pieces.append(output[position : marker.start])
            inside = True
        elif marker.argument == "end" and inside:
            position, inside = marker.end, False
    pieces.append(output[position:])
    return "".join(pieces)


# --- Pure functions ----------------------------------------------------------------------------


def parse_search_words(text: str, shown_as: str) -> list[ReaderWords]:
    """The entries of search-words.yml, each with its line; a malformed entry fails the build."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        line = yaml_error_line(error)
        raise PluginError(
            f"{shown_as}:{line}: not valid YAML — check the brackets, quotes and indentation there ({error})"
        ) from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise PluginError(f"{shown_as}:1: expected a list of entries (- page: …, section: …, words: […])")
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        data = yaml.safe_load(yaml.serialize(node))
        if not isinstance(data, dict) or set(data) != {"page", "section", "words"}:
            raise PluginError(
                f"{shown_as}:{line}: each entry needs exactly 'page', 'section' and 'words' — "
                "e.g. {page: treatment/second-line.md, section: spinal-cord-stimulation, words: [stimulator]}"
            )
        words = data["words"]
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(word, str) and word.strip() for word in words)
        ):
            raise PluginError(f"{shown_as}:{line}: 'words' must be a list of words or phrases")
        entries.append(ReaderWords(str(data["page"]), str(data["section"]).lstrip("#"), tuple(words), line))
    return entries


def add_reader_words(page_html: str, entry: ReaderWords) -> tuple[str, bool]:
    """The page with the entry's words as index-only text at the end of its section's heading.

    In the heading, not below it: search weighs a section's title far above its text, so a reader's
    word in the text loses to any title that shares a common word with the query ("pain pump" found
    every heading with "pain"). The result then reads "Intrathecal drug delivery (also: pain pump)".
    """
    heading = re.search(HEADING_END.format(anchor=re.escape(entry.section)), page_html, re.DOTALL)
    if not heading:
        return page_html, False
    end = heading.end() - len(f"</h{heading.group('level')}>")
    text = f" (also: {html.escape(', '.join(entry.words))})"
    return page_html[:end] + index_only(text) + page_html[end:], True


def table_as_text(table_html: str) -> str:
    """A table as search should read it: one paragraph per row, each cell named by its column."""
    inner = re.sub(r"^<table\b[^>]*>|</table>$", "", table_html)
    labels = tables.headings(inner)
    lines = []
    for row in ROW.finditer(inner):
        cells = [
            SPACE_BEFORE_PUNCTUATION.sub(r"\1", tables.plain_text(FOOTNOTE_REFERENCE.sub("", cell.group("text"))))
            for cell in CELL.finditer(row.group("cells"))
        ]
        if cells == labels:
            continue
        names = [*labels, *[""] * len(cells)][: len(cells)]
        parts = [f"{name}: {cell}" if name else cell for name, cell in zip(names, cells, strict=True) if cell]
        lines.append(f"<p>{html.escape('; '.join(parts))}.</p>")
    return "\n".join(lines)


def index_only(text: str) -> str:
    """`text` between the two search-only markers (comments: search plugins read what is between them)."""
    return f"{markers.make(SEARCH_ONLY, 'start')}{text}{markers.make(SEARCH_ONLY, 'end')}"
