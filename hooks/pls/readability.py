"""The reading grade of the text written for patients: every "For patients" tab and Key points box.

Why this exists: patient materials are asked to read at US school grade 6 to 8, and text drifts
harder with every edit. The build measures each page's patient tab and Key points box with the
Flesch–Kincaid grade (0.39 × words per sentence + 11.8 × syllables per word − 15.59, computed by
textstat, which counts syllables with the CMU Pronouncing Dictionary and Pyphen for words it lacks)
and warns, so `mkdocs build --strict` fails, when a patient tab is above grade 8 or a Key points box
above grade 10. Each page's grades are logged (INFO) for `make check`'s table. A text's grade is
kept in the persistent cache (reference_cache, readability.json, keyed on the text and the textstat
and Pyphen versions): loading textstat's dictionary costs half a second, so an unchanged site never loads it.

What is measured is the prose a reader sees, taken from the block's Markdown (`visible_text`):
- dropped: citations (`[@key]`), URLs, images, code (fenced and inline, as regions.py finds it),
  HTML tags and comments, quotation markers (`{quote 003}`), attribute lists (`{ ... }`),
  abbreviation and footnote definitions, emphasis marks;
- a link counts as its text; a heading, a list item and a paragraph each count as a sentence (a full
  stop is added when it has no end mark), since a reader takes each as a unit;
- a decimal point (`17.6`) and the dots of "e.g." / "i.e." do not end a sentence.
textstat does not count a "sentence" of one or two words (a one-word list item) as a sentence; its
words still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import textstat
from mkdocs.structure.pages import Page

from . import citations, quotations, reference_cache, regions
from .problems import Problem, docs_path, inform, report

if TYPE_CHECKING:
    from .state import Build


PATIENT_TAB = "For patients"
KEY_POINTS = "Key points"
# The highest grade each kind of block may read at.
LIMITS = MappingProxyType({PATIENT_TAB: 8.0, KEY_POINTS: 10.0})
GRADE_RECORD = "reading grade"
GRADES_FILE = "readability.json"
# What a grade depends on besides the text (with this module's source).
GRADE_LIBRARIES = ("textstat", "Pyphen")

# `=== "For patients"` (pymdownx.tabbed) and `!!! abstract "Key points"` (an admonition or details).
TAB_OPENING = re.compile(r'^(?P<indent>[ \t]*)===[+!]*[ \t]+"(?P<title>[^"]*)"[ \t]*$')
ADMONITION_OPENING = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+[\w -]+?[ \t]+"(?P<title>[^"]*)"[ \t]*$')

CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[(?P<text>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
URL = re.compile(r"<?https?://[^\s>)]+>?")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
ATTRIBUTE_LIST = re.compile(r"\{[:#.][^}]*\}|\{ [^}]*\}")
EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)")
DEFINITION = re.compile(r"^\s*(?:\*\[[^\]]+\]:|\[\^[^\]]+\]:)")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
DOTTED_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e)\.", re.IGNORECASE)
END_MARK = re.compile(r"[.!?:;][\"')\]]*$")


@dataclass(frozen=True)
class Block:
    """One measured block: its kind (PATIENT_TAB or KEY_POINTS), the line of its opening (1-based,
    in the Markdown given), and its body (the indented lines under the opening, dedented)."""

    kind: str
    line: int
    body: str


@dataclass(frozen=True)
class Grade:
    """A block's Flesch–Kincaid grade, rounded to one decimal, and whether it is above its limit."""

    block: Block
    grade: float

    @property
    def limit(self) -> float:
        return LIMITS[self.block.kind]

    @property
    def too_hard(self) -> bool:
        return self.grade > self.limit


# --- Hooks -------------------------------------------------------------------------------------


def check_readability(build: Build, markdown: str, page: Page) -> list[Grade]:
    """Warn for each block of the page above its grade limit; log the page's grades (INFO)."""
    blocks = find_blocks(markdown)
    if not blocks:
        return []
    if build.reading_grades is None:
        build.reading_grades = reference_cache.open_cache(
            build.config.config_file_path, GRADES_FILE, (Path(__file__),), GRADE_LIBRARIES
        )
    grades = [Grade(block, kept_grade(build.reading_grades, visible_text(block.body))) for block in blocks]
    location = docs_path(build.config, page.file.src_uri)
    offset = citations.body_line_offset(page.file.content_string, markdown)
    for grade in grades:
        if grade.too_hard:
            report(too_hard_problem(grade).at(location, line_offset=offset))
    summary = ", ".join(f"{grade.block.kind} {grade.grade:.1f} (line {offset + grade.block.line})" for grade in grades)
    inform(f"{GRADE_RECORD}: {location}: {summary}")
    return grades


def keep_grades(build: Build) -> None:
    """Write the grades this build measured or used to the persistent cache."""
    if build.reading_grades is not None:
        build.reading_grades.save()


# --- Helper functions --------------------------------------------------------------------------


def kept_grade(cache: reference_cache.ReferenceCache, text: str) -> float:
    """The text's grade from the cache, or measured now (flesch_kincaid_grade) and kept."""
    key = reference_cache.text_key(text)
    record = cache.get(key)
    if record is None:
        record = {"grade": flesch_kincaid_grade(text)}
        cache.put(key, record)
    return record["grade"]


def find_blocks(markdown: str) -> list[Block]:
    """Every "For patients" tab and "Key points" box of the Markdown, outside code."""
    lines = markdown.splitlines()
    in_code = regions.code_lines(markdown)
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if index in in_code:
            continue
        match = TAB_OPENING.match(line) or ADMONITION_OPENING.match(line)
        if match is None:
            continue
        title = match.group("title").strip()
        is_tab = match.re is TAB_OPENING
        if (is_tab and title == PATIENT_TAB) or (not is_tab and title == KEY_POINTS):
            kind = PATIENT_TAB if is_tab else KEY_POINTS
            blocks.append(Block(kind, index + 1, _indented_body(lines, index, len(match.group("indent")))))
    return blocks


def _indented_body(lines: list[str], opening: int, indent: int) -> str:
    """The lines after `opening` indented deeper than it (blank lines inside kept), dedented."""
    body: list[str] = []
    for line in lines[opening + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    depth = min((len(line) - len(line.lstrip()) for line in body if line.strip()), default=0)
    return "\n".join(line[depth:] for line in body)


def visible_text(markdown: str) -> str:
    """The prose a reader sees in a block's Markdown, one sentence-ended unit after another."""
    units: list[str] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            units.append(" ".join(paragraph))
            paragraph.clear()

    # Code and comments become blank (a fence's lines end the paragraph around it).
    seen = regions.blank(quotations.strip_markers(markdown), (regions.CODE, regions.CODE_SPAN, regions.COMMENT))
    for line in seen.splitlines():
        if not line.strip() or DEFINITION.match(line):
            close_paragraph()
            continue
        if TAB_OPENING.match(line) or ADMONITION_OPENING.match(line):
            close_paragraph()
            title = (TAB_OPENING.match(line) or ADMONITION_OPENING.match(line)).group("title")
            units.append(title)
            continue
        if LIST_MARKER.match(line) or HEADING.match(line):
            close_paragraph()
            line = HEADING.sub("", LIST_MARKER.sub("", line))
        paragraph.append(line.strip())
    close_paragraph()
    sentences = [_end_sentence(text) for text in (_plain(unit) for unit in units) if text]
    return " ".join(sentences)


def _plain(text: str) -> str:
    """One unit's text without citations, images, code, URLs, tags or marks; links as their text."""
    text = IMAGE.sub("", text)
    text = CITATION.sub("", text)
    text = LINK.sub(lambda match: match.group("text"), text)
    text = URL.sub("", text)
    text = HTML_TAG.sub("", text)
    text = ATTRIBUTE_LIST.sub("", text)
    text = EMPHASIS.sub("", text)
    text = DECIMAL_POINT.sub("", text)
    text = DOTTED_ABBREVIATION.sub(lambda match: f"{match.group(0)[0]}{match.group(0)[2]}", text)
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    return " ".join(text.split())


def _end_sentence(text: str) -> str:
    return text if END_MARK.search(text) else f"{text}."


def flesch_kincaid_grade(text: str) -> float:
    """The text's Flesch–Kincaid grade (textstat), rounded to one decimal; 0.0 for no words."""
    if not text.strip():
        return 0.0
    return round(textstat.flesch_kincaid_grade(text), 1)


def too_hard_problem(grade: Grade) -> Problem:
    """The problem of a block above its limit, at the block's line (the caller adds the file)."""
    what = "the patient tab" if grade.block.kind == PATIENT_TAB else "the Key points box"
    return Problem(
        grade.block.line,
        f"{what} reads at grade {grade.grade:.1f} (Flesch–Kincaid), above grade {grade.limit:.0f}",
        "use shorter sentences and everyday words (a term the glossary explains may stay), "
        "and keep every fact, risk and citation",
    )
