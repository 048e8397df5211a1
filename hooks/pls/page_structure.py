"""Every published page has the structure readers rely on: content, one title heading, the tab pair.

Why this exists: MkDocs publishes whatever Markdown it is given. A page with only front matter is
published as an empty page with a review status; a second `# ` heading or one that differs from the
`title` gives the page two names (the nav and the browser tab say one, the page another); a "For
patients" tab whose text is indented two spaces instead of four is published empty, its text falling
outside the tabs; a misspelt label breaks the tab a reader chose on every other page (Material keeps
the choice by label). CONTRIBUTING.md ("The body") describes the contract; this step checks it on the
author's Markdown, so each message names the page's own line:

    docs/treatment/index.md:26: tab 'For patients' is empty: ... — indent the tab's text by four spaces

An unclosed code fence is reported at its own line (it turns the rest of the page into code, and
every later message would point elsewhere). The tab pair is required on a page that has tabs; reference pages without tabs (the glossary, the
References page, the urgent-help page) need none.
"""

from __future__ import annotations

import difflib
import re

from mkdocs.structure.pages import Page

from . import regions
from .content_safety import mask_code
from .problems import Problem, report
from .state import Build

TAB_LABELS = ("For patients", "For clinicians")
TAB_FIX = "label the two tabs exactly 'For patients' and 'For clinicians' (a reader's tab choice is kept by its label)"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A marker a step fills later (<!-- pls:references -->): the page's content is generated.
GENERATED_MARKER = re.compile(r"<!--\s*pls:")
ATX_H1 = re.compile(r"^ {0,3}#(?!#)[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_H1_UNDERLINE = re.compile(r"^ {0,3}=+[ \t]*$")
RAW_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)
ATTRIBUTE_LIST = re.compile(r"\s*\{[^{}]*\}\s*$")
TAB_HEADER = re.compile(r"^===[!+]?(?:[ \t]+(?P<rest>.*))?$")
QUOTED_LABEL = re.compile(r'^"(?P<label>[^"]*)"')


# --- Steps -------------------------------------------------------------------------------------


def check_page_structure(build: Build, page: Page, location: str) -> None:
    """Log one warning per structure problem of a published page (`location`: 'docs/<page>.md')."""
    meta = page.meta or {}
    for finding in find_structure_problems(
        page.file.content_string,
        title=meta.get("title") if isinstance(meta.get("title"), str) else None,
    ):
        report(finding.at(location))


# --- Checking ----------------------------------------------------------------------------------


def find_structure_problems(source: str, *, title: str | None) -> list[Problem]:
    """Every structure problem of a page's source (front matter included), with its file line."""
    fence_line = unclosed_fence(source)
    if fence_line is not None:
        # Everything after it is code: no other structure is left to check.
        return [
            Problem.at_line(
                fence_line,
                "unclosed code fence: everything after it is published as code — close it with a line of the"
                " same backticks or tildes (at least as many as the opening)",
            )
        ]
    visible = COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), mask_code(source))
    lines = visible.split("\n")
    headings = _h1_headings(lines)
    findings = _empty_page(source, lines, headings)
    if findings:
        return findings
    findings += _heading_problems(headings, title, _title_line(source))
    findings += _tab_problems(lines)
    return sorted(findings, key=lambda finding: finding.line)


def unclosed_fence(source: str) -> int | None:
    """The line of a code fence that is never closed (by the region scanner's reading); None when all are."""
    open_fences = [
        region.line for region in regions.regions(source) if region.kind == regions.CODE and not region.closed
    ]
    return open_fences[0] if open_fences else None


def _title_line(source: str) -> int:
    """The front matter's `title:` line (line 1 without one): where a missing heading is reported."""
    for number, text in enumerate(source.split("\n")[:50], start=1):
        if text.startswith("title:"):
            return number
    return 1


def _empty_page(source: str, lines: list[str], headings: list[tuple[int, str]]) -> list[Problem]:
    if GENERATED_MARKER.search(source):
        return []
    heading_lines = {line for line, _ in headings} | {line + 1 for line, text in headings if text is None}
    words = [
        text
        for number, text in enumerate(lines, start=1)
        if text.strip() and number not in heading_lines and not SETEXT_H1_UNDERLINE.match(text)
    ]
    if words:
        return []
    line = headings[0][0] if headings else 1
    return [
        Problem.at_line(
            line,
            "the page has no content: it would be published empty — write the page, or mark it 'status: draft'"
            " until it is written",
        )
    ]


def _h1_headings(lines: list[str]) -> list[tuple[int, str | None]]:
    """(line, text) of every top-level heading: '# Text', 'Text' over '===', or a raw <h1>."""
    found: list[tuple[int, str | None]] = []
    for index, text in enumerate(lines):
        atx = ATX_H1.match(text)
        if atx:
            found.append((index + 1, ATTRIBUTE_LIST.sub("", atx.group("text")).strip()))
        elif (
            SETEXT_H1_UNDERLINE.match(text)
            and index > 0
            and lines[index - 1].strip()
            and not lines[index - 1].startswith((" " * 4, "\t"))
            and not TAB_HEADER.match(lines[index - 1])
        ):
            found.append((index, lines[index - 1].strip()))
        elif RAW_H1.search(text):
            found.append((index + 1, None))
    return found


def _heading_problems(headings: list[tuple[int, str | None]], title: str | None, title_line: int) -> list[Problem]:
    if not headings:
        expected = f"'# {title}'" if title else "'# ' and the page title"
        return [
            Problem.at_line(
                title_line,
                f"the page has no top-level heading — start the page, after the front matter, with {expected}",
            )
        ]
    findings = [
        Problem.at_line(line, "a second top-level heading: a page has one, its title — make this one a '## ' heading")
        for line, _ in headings[1:]
    ]
    first_line, first_text = headings[0]
    if title and first_text is not None and " ".join(first_text.split()) != " ".join(title.split()):
        findings.append(
            Problem.at_line(
                first_line,
                f"the heading '{first_text}' differs from the title '{title}' in the front matter"
                " — make them the same (the nav and the browser tab show the title)",
            )
        )
    return findings


def _tab_problems(lines: list[str]) -> list[Problem]:
    """The top-level tabs: the pair, labelled exactly, patients first, each with indented content."""
    findings: list[Problem] = []
    tabs: list[tuple[int, str]] = []
    for index, text in enumerate(lines):
        header = TAB_HEADER.match(text)
        if not header:
            continue
        rest = (header.group("rest") or "").strip()
        quoted = QUOTED_LABEL.match(rest)
        if not quoted:
            findings.append(
                Problem.at_line(
                    index + 1,
                    f"'{text.strip()}' is not a tab: a tab's label must be in double quotes"
                    f' — write === "{rest.strip(chr(39)) or TAB_LABELS[0]}"',
                )
            )
            continue
        label = quoted.group("label")
        tabs.append((index + 1, label))
        if not _has_indented_content(lines, index):
            findings.append(
                Problem.at_line(
                    index + 1,
                    f"tab '{label}' is empty: its text is not indented by four spaces, so it falls outside the"
                    " tab — indent the tab's text by four spaces",
                )
            )
    if not tabs:
        return findings
    seen: dict[str, int] = {}
    misspelt: set[str] = set()
    for line, label in tabs:
        if label not in TAB_LABELS:
            closest = difflib.get_close_matches(label, TAB_LABELS, n=1, cutoff=0.0)[0]
            misspelt.add(closest)
            findings.append(Problem.at_line(line, f"tab label '{label}' — {TAB_FIX} (closest: '{closest}')"))
        elif label in seen:
            findings.append(Problem.at_line(line, f"tab '{label}' twice (first at line {seen[label]}) — {TAB_FIX}"))
        else:
            seen[label] = line
    near = tabs[0][0] if tabs else 1
    for label in TAB_LABELS:
        if label not in seen and label not in misspelt:
            findings.append(
                Problem.at_line(
                    near,
                    f"the page has no '{label}' tab — add '=== \"{label}\"' with its text indented by four spaces"
                    " (every page has the patient and clinician tabs)",
                )
            )
    if all(label in seen for label in TAB_LABELS) and seen[TAB_LABELS[1]] < seen[TAB_LABELS[0]]:
        findings.append(
            Problem.at_line(
                seen[TAB_LABELS[1]], "the clinician tab comes before the patient tab — put 'For patients' first"
            )
        )
    return findings


def _has_indented_content(lines: list[str], header_index: int) -> bool:
    """Whether the lines after a tab header hold text indented by four (the tab's content)."""
    for text in lines[header_index + 1 :]:
        if not text.strip():
            continue
        return text.startswith(("    ", "\t"))
    return False
