"""Nothing of ours is left half-done in a page: markers, comments, citations and claims, checked.

Why this exists: every step that sets a part aside fills it later (markers.py), and every page's
citations and claims are rendered by later steps or plugins; when one of them does not happen, the
reader would see raw syntax, or nothing at all, and the build would pass. Two checks, one at each
end of a page's build:
- `check_page_markers` reads the author's Markdown first: an editor's marker of a kind that does
  not exist (`<!-- pls:refrences -->`) or of one only the build writes, and an HTML comment that is
  never closed (Python-Markdown hides everything after it), each with its line;
- `check_finished_page` reads the finished HTML last: any marker of ours left in it, a citation
  `[@…]` left as text outside code (from a snippet), or a `/// claim` block left as text (from
  a snippet, where the claim steps never see it); a citation in raw HTML, left as the footnote
  reference `[^key]`, is citations_visible.py's. Each message names the page and the text left, with its line in
  the author's file where it can be found there.
"""

from __future__ import annotations

import difflib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import citations, markers, regions
from .abbreviations import snippet_files
from .problems import Problem, docs_path, project_path, report
from .state import Build

# Text the reader never sees: code (its '[@' and '///' are examples), comments, and the page's
# structured data (JSON written by structured_data.py, the one <script> type a page may carry).
_HIDDEN_HTML = re.compile(
    r"<(pre|code)\b.*?</\1>|<!--(?!\s*pls:).*?-->|<script type=\"application/ld\+json\">.*?</script>",
    re.DOTALL | re.IGNORECASE,
)
_CLAIM_LEFT = re.compile(r"(?:^|(?<=>))[ \t]*///[ \t]*claim\b[^<\n]*", re.MULTILINE)
_SHOWN_LENGTH = 60


# --- Steps -------------------------------------------------------------------------------------


def check_page_markers(build: Build, markdown: str, page: Page) -> None:
    """Unknown or internal markers and unclosed comments in the author's Markdown, with their lines."""
    if "<!--" not in markdown:
        return
    file = docs_path(build.config, page.file.src_uri)
    offset = citations.body_line_offset(page.file.content_string, markdown)
    for problem in marker_problems(markdown):
        report(problem.at(file, line_offset=offset))


def check_finished_page(build: Build, output: str, page: Page) -> None:
    """Anything of ours left in the finished page: a marker, a citation, a claim block."""
    for problem in finished_page_problems(output, page, build):
        report(problem)


# --- Pure checks -------------------------------------------------------------------------------


def marker_problems(markdown: str) -> list[Problem]:
    """Problems of the markers and comments an editor wrote (lines counted from the text's first)."""
    found = []
    for region in regions.regions(markdown):
        if region.kind not in (regions.COMMENT, regions.HTML):
            continue  # a marker is a comment: in text it would show, in code it is an example
        comment = markdown[region.start : region.end]
        if region.kind == regions.COMMENT and not region.closed:
            found.append(
                Problem(
                    region.line,
                    f"HTML comment '{_shown(comment.split(chr(10), 1)[0])}' is not closed, so it hides everything"
                    " after it from readers",
                    "end the comment with '-->'",
                )
            )
        for marker in markers.find(comment):
            kind = markers.KINDS.get(marker.kind)
            if kind is not None and kind.written_by_editors:
                continue
            line = region.line + comment.count("\n", 0, marker.start)
            found.append(Problem(line, *_unknown_marker(marker)))
    return found


def finished_page_problems(output: str, page: Page, build: Build) -> list[Problem]:
    """What is left in a finished page that should have been filled or rendered."""
    config = build.config
    file = docs_path(config, page.file.src_uri)
    source = page.file.content_string
    found = []
    for marker in {marker.text: marker for marker in markers.find(output)}.values():
        kind = markers.KINDS.get(marker.kind)
        line = citations.line_of(source, marker.text)
        if kind is None or not kind.written_by_editors:
            if line is not None and marker.text.startswith("<!--"):
                continue  # written in the page: check_page_markers reported it with its line
            what = f"marker '{_shown(marker.text)}' of the build is left in the finished page"
            if line is not None:
                fix = "remove it from the page: the build writes these for itself"
            else:
                fix = kind.fix if kind else "report a bug in hooks/pls: a step left a private-use character"
            found.append(Problem(line, what, fix, file=file))
            continue
        found.append(
            Problem(
                line,
                f"marker '{marker.text}' is left in the finished page: {kind.filled_with} was not put there",
                kind.fix,
                file=file,
            )
        )
    visible = _HIDDEN_HTML.sub("", output)
    for literal in dict.fromkeys(citations.unrendered_citations(visible)):
        found.append(unrendered_citation_problem(literal, page, config))
    claims_left = _CLAIM_LEFT.finditer(visible) if "///" in visible else ()  # the search is slow on a long page
    for left in dict.fromkeys(match.group(0).strip() for match in claims_left):
        if citations.line_of(source, left) is not None:
            continue  # the claim steps read it in the page and reported what is wrong with it
        found.append(_claim_left_problem(left, page, config))
    return found


# --- Helper functions --------------------------------------------------------------------------


def _unknown_marker(marker: markers.Marker) -> tuple[str, str]:
    """(what, fix) for a marker an editor wrote that the build does not fill."""
    editor_markers = [markers.make(name) for name in markers.EDITOR_KINDS]
    if marker.kind in markers.KINDS:
        return (
            f"marker '{marker.text}' is one the build writes for itself",
            f"remove it; a page may hold {', '.join(editor_markers)}",
        )
    closest = difflib.get_close_matches(marker.kind, markers.EDITOR_KINDS, n=1, cutoff=0.6)
    hint = f" (closest: '{markers.make(closest[0])}')" if closest else ""
    return (f"unknown marker '{_shown(marker.text)}'", f"write one of {', '.join(editor_markers)}{hint}")


def unrendered_citation_problem(literal: str, page: Page, config: MkDocsConfig) -> Problem:
    """A citation left as text in a built page: where it comes from (page or snippet line) and what to do."""
    page_file = docs_path(config, page.file.src_uri)
    return _left_as_text(
        literal,
        page,
        config,
        in_page=(
            f"citation '{literal}' is left as text in the built page (mkdocs-bibtex did not render it)",
            "write it as [@key] in the page's own text, outside HTML",
        ),
        in_snippet=(
            f"citation '{literal}' is left as text in {page_file}: mkdocs-bibtex does not process included snippets",
            "cite the source in the page itself, not in the snippet",
        ),
        elsewhere=(
            f"citation '{literal}' is left as text in the built page and does not come from the page's own Markdown",
            "cite the source in the page itself",
        ),
    )


def _claim_left_problem(left: str, page: Page, config: MkDocsConfig) -> Problem:
    """A `/// claim` line left as text: from a snippet (named with its line) or from somewhere else."""
    shown, page_file = _shown(left), docs_path(config, page.file.src_uri)
    return _left_as_text(
        left,
        page,
        config,
        in_page=None,  # the claim steps read it in the page and reported what is wrong with it
        in_snippet=(
            f"claim block '{shown}' is left as text in {page_file}: claims in included snippets are not read",
            "write the claim in the page itself",
        ),
        elsewhere=(
            f"claim block '{shown}' is left as text in the built page",
            "write the claim in the page's own Markdown, closed by a line '///', outside HTML",
        ),
    )


def _left_as_text(
    text: str,
    page: Page,
    config: MkDocsConfig,
    *,
    in_page: tuple[str, str] | None,
    in_snippet: tuple[str, str],
    elsewhere: tuple[str, str],
) -> Problem:
    """(what, fix) by where `text` was written: the page's source, a snippet it includes, or neither."""
    page_file = docs_path(config, page.file.src_uri)
    line = citations.line_of(page.file.content_string, text) if in_page else None
    if line is not None:
        return Problem(line, *in_page, file=page_file)
    for snippet in snippet_files(page.file.content_string, config):
        snippet_line = citations.line_of(snippet.read_text(encoding="utf-8"), text)
        if snippet_line is not None:
            return Problem(snippet_line, *in_snippet, file=project_path(config, snippet))
    return Problem(None, *elsewhere, file=page_file)


def _shown(text: str) -> str:
    """Text for a message: private-use marks written as escapes, one line, cut short."""
    one_line = " ".join(markers.printable(text).split())
    return one_line if len(one_line) <= _SHOWN_LENGTH else one_line[: _SHOWN_LENGTH - 1] + "…"
