"""Show one "When to get urgent help" block on the pages a patient may act on.

Why this exists: a reader of a treatment page may have a warning sign (bladder trouble, a red wound,
new weakness) that needs care today, whichever tab they read. The block's text and its sources live
in one data file, `includes/urgent-help.md`, so they are written, cited and reviewed once. A page asks
for the block with `urgent_help: true` in its front matter; it goes after the page's Key points box
(or its H1) and before the tabs. Its citations become that page's own footnotes, like any other.

Where its steps run is in hooks/pipeline.py: the block goes into the Markdown after the checks and
claims have read the author's lines and before the citation shield and mkdocs-bibtex, so its
citations are rendered as the page's own footnotes.

Search finds the block on one page only, the one the data file names in `page:`: on every other
page the block is left out of the search index (a search for "bladder" then leads to that page, not
to every treatment page alike), and it ends with a link to that page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import citations, references, regions
from .problems import Problem, docs_path, report, yaml_error_line

if TYPE_CHECKING:
    from .state import Build


DATA_FILE = "includes/urgent-help.md"
FRONT_KEY = "urgent_help"
BLOCK_CLASS = "pls-urgent-help"
BLOCK_OPENING = re.compile(rf'<div class="admonition danger {BLOCK_CLASS}">')
DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)


@dataclass
class UrgentHelp:
    """The data file, read: its title, the page search finds it on, its body and where each line is."""

    title: str
    page: str
    body: str
    body_first_line: int
    page_line: int = 1
    problems: list[Problem] = field(default_factory=list)


class UrgentHelpState:
    """One build's block: the data file once read (on the first page that asks), and the pages that show it."""

    def __init__(self) -> None:
        self.read = False
        self.data: UrgentHelp | None = None
        self.shown_on: set[str] = set()


# --- Steps ---------------------------------------------------------------------------------------


def add_urgent_help(build: Build, markdown: str, page: Page, files: Files) -> str:
    """Insert the block into a page whose front matter asks for it."""
    if (page.meta or {}).get(FRONT_KEY) is not True:
        return markdown
    config = build.config
    state = build.urgent_help
    data = _data(build, files)
    if data is None:
        report(
            Problem(
                _front_matter_line(page),
                f"`{FRONT_KEY}: true`, but {DATA_FILE} does not exist",
                f"restore {DATA_FILE} or remove `{FRONT_KEY}` from the front matter",
                file=docs_path(config, page.file.src_uri),
            )
        )
        return markdown
    if data.problems:
        return markdown
    state.shown_on.add(page.file.src_uri)
    for block in citations.find_citation_blocks(data.body):
        for item in block.items:
            if item.key is not None and item.key in build.references:
                build.citations.record(item.key, page)
    link = None if page.file.src_uri == data.page else relative_link(page.file.src_uri, data.page)
    return insert_block(markdown, render_block(data, link))


def set_aside_urgent_help(build: Build, html: str, page: Page) -> str:
    """Leave the block out of the search index on every page but the one search should find."""
    data = build.urgent_help.data
    if data is None or page.file.src_uri == data.page:
        return html
    if page.file.src_uri not in build.urgent_help.shown_on:
        return html
    span = block_span(html)
    if span is None:
        return html
    start, end = span
    return html[:start] + build.unindexed.set_aside(page, html[start:end]) + html[end:]


def check_urgent_help_page(build: Build, files: Files) -> None:
    """The page search finds the block on must show it."""
    config = build.config
    data = build.urgent_help.data
    if data is not None and not data.problems and data.page not in build.urgent_help.shown_on:
        file = files.get_file_from_path(data.page)
        if file is not None and file.page is not None:
            report(
                Problem(
                    1,
                    f"{DATA_FILE} names this page as the one search finds the urgent-help block on, "
                    "but the page does not show it",
                    f"add `{FRONT_KEY}: true` to its front matter",
                    file=docs_path(config, data.page),
                )
            )


# --- Reading the data file -----------------------------------------------------------------------


def _data(build: Build, files: Files) -> UrgentHelp | None:
    """The data file, read and checked once per build (None when it does not exist)."""
    state = build.urgent_help
    if not state.read:
        state.read = True
        path = Path(build.config.config_file_path).parent / DATA_FILE
        if path.is_file():
            state.data = parse_data_file(path.read_text(encoding="utf-8", errors="replace"))
            state.data.problems += check_data(state.data, build.references, files)
            for problem in state.data.problems:
                report(problem)
    return state.data


def parse_data_file(text: str) -> UrgentHelp:
    """The data file's front matter (title, page) and body; problems as `file:line: what — fix`."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        return UrgentHelp(
            "",
            "",
            text,
            1,
            problems=[
                Problem(
                    1,
                    "the file must start with front matter between two '---' lines (title: and page:)",
                    "add it above the block's text",
                    file=DATA_FILE,
                )
            ],
        )
    closing = next(number for number in range(1, len(lines)) if lines[number].strip() == "---")
    body = "\n".join(lines[closing + 1 :]).strip("\n")
    data = UrgentHelp("", "", body, closing + 2)
    try:
        front = yaml.safe_load("\n".join(lines[1:closing])) or {}
    except yaml.YAMLError as error:
        line = yaml_error_line(error, first_line=2)
        data.problems.append(
            Problem(line, "the front matter is not valid YAML", "write `key: value` lines", file=DATA_FILE)
        )
        return data
    if not isinstance(front, dict):
        front = {}
    data.page_line = _key_line(lines, "page", closing)
    for name in ("title", "page"):
        value = front.get(name)
        if isinstance(value, str) and value.strip():
            setattr(data, name, value.strip())
        else:
            example = "`title: When to get urgent help`" if name == "title" else "`page: urgent-help.md`"
            data.problems.append(
                Problem(
                    _key_line(lines, name, closing),
                    f"`{name}:` is missing or empty",
                    f"write e.g. {example}",
                    file=DATA_FILE,
                )
            )
    if not body.strip():
        data.problems.append(
            Problem(closing + 2, "the block has no text", "write it below the front matter", file=DATA_FILE)
        )
    return data


def check_data(data: UrgentHelp, database: references.ReferenceDatabase, files: Files) -> list[Problem]:
    """Problems with what the data file points to: its page, and its citations."""
    problems = []
    if data.page and files.get_file_from_path(data.page) is None:
        problems.append(
            Problem(
                data.page_line,
                f"`page: {data.page}` is not a page of the site",
                "name the page search should find the block on, relative to docs/",
                file=DATA_FILE,
            )
        )
    for block in citations.find_citation_blocks(data.body):
        for item in block.items:
            problem = citations.diagnose(item, database)
            if problem is not None:
                problems.append(problem.at(DATA_FILE, line=data.body_first_line + block.line - 1))
    return problems


# --- Writing the block ---------------------------------------------------------------------------


def render_block(data: UrgentHelp, link: str | None) -> str:
    """The block as an admonition of ours; `link` (relative) leads to the page that explains it."""
    lines = [f'!!! danger {BLOCK_CLASS} "{data.title}"', ""]
    lines += [f"    {line}" if line.strip() else "" for line in data.body.splitlines()]
    if link:
        lines += ["", f"    [More: {data.title.lower()}]({link})"]
    return "\n".join(lines)


def insert_block(markdown: str, block: str) -> str:
    """The page's Markdown with `block` after its Key points box (the admonition right after the H1),
    or after its H1 when there is none, or at the top when there is no H1."""
    lines = markdown.split("\n")
    position = _after_title_and_key_points(lines)
    return "\n".join(lines[:position] + ["", block, ""] + lines[position:])


def _after_title_and_key_points(lines: list[str]) -> int:
    """The line index right after the first H1 and the admonition that follows it, if any."""
    title = _first_h1(lines)
    if title is None:
        return 0
    position = title + 1
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position >= len(lines) or not re.match(r"(!!!|\?\?\?\+?) ", lines[position]):
        return title + 1
    position += 1
    end = position
    while position < len(lines) and (not lines[position].strip() or lines[position].startswith(("    ", "\t"))):
        if lines[position].strip():
            end = position + 1
        position += 1
    return end


def _first_h1(lines: list[str]) -> int | None:
    """The index of the first `# Title` line outside fenced code."""
    code = regions.code_lines("\n".join(lines))
    for number, line in enumerate(lines):
        if number in code:
            continue
        if re.match(r"# \S", line):
            return number
    return None


def block_span(html: str) -> tuple[int, int] | None:
    """Where the block's `<div>` starts and ends in a page's HTML (None when it is not there)."""
    opening = BLOCK_OPENING.search(html)
    if opening is None:
        return None
    depth = 0
    for tag in DIV_TAG.finditer(html, opening.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return opening.start(), tag.end()
    return None


def relative_link(from_page: str, to_page: str) -> str:
    """A Markdown link target from one page's source to another's, e.g. '../urgent-help.md'."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


# --- Helper functions ----------------------------------------------------------------------------


def _key_line(lines: list[str], name: str, closing: int) -> int:
    """The 1-based line of `name:` in the front matter, or of its opening '---' when it is absent."""
    for number in range(1, closing):
        if re.match(rf"{name}\s*:", lines[number]):
            return number + 1
    return 1


def _front_matter_line(page: Page) -> int:
    for number, line in enumerate(page.file.content_string.splitlines(), start=1):
        if line.startswith(f"{FRONT_KEY}:"):
            return number
    return 1
