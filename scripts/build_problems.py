"""Turn a `mkdocs build` log into problems, each at a file and line, as plain text or GitHub annotations.

Why: editors look for `file:line: message`, and GitHub shows `::error file=…,line=…::message` on the
changed line of a pull request. Our hooks already write `docs/<page>.md:<line>: <what> — <fix>`;
MkDocs' own link and nav warnings name only the file (`Doc file 'index.md' contains a link 'x.md',
but the target is not found among documentation files.`), so the line is found here by looking for
the link in the page's source. `convert()` is pure: the caller passes a function that reads sources.

Used by scripts/check.py (`make check`, and the GitHub workflow with --format github).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A log record: 'WARNING -  message' (the level padded by MkDocs' CLI). Lines after it that start
# with '  - ' continue it (MkDocs lists pages that way); anything else (a traceback) is not ours.
RECORD = re.compile(r"^(?P<level>WARNING|ERROR|CRITICAL)\s*-\s+(?P<text>.*)$")
LIST_ITEM = re.compile(r"^\s+- (?P<item>.+)$")
# Our messages, after the plugin logger's 'pls: ' prefix: 'docs/x.md:12: message'.
LOCATED = re.compile(r"^(?:[\w./-]+: )?(?P<file>[^\s:]+\.\w+):(?P<line>\d+): (?P<message>.+)$")

DID_YOU_MEAN = r"(?: Did you mean '(?P<suggest>[^']*)'\?)?"
LINK_NOT_FOUND = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']+)', but the target(?: '[^']+')? is not found"
    r" among documentation files\." + DID_YOU_MEAN
)
MISSING_ANCHOR = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']+)', but the doc '(?P<doc>[^']+)'"
    r" does not contain an anchor '(?P<anchor>[^']+)'"
)
MISSING_OWN_ANCHOR = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']+)', but there is no such anchor on this page"
)
ABSOLUTE_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains an absolute link '(?P<url>[^']+)', it was left as is\." + DID_YOU_MEAN
)
UNRECOGNIZED_LINK = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains an unrecognized relative link '(?P<url>[^']+)', it was left as is\."
    + DID_YOU_MEAN
)
NOT_IN_NAV = re.compile(r'^The following pages exist in the docs directory, but are not included in the "nav"')
NAV_TARGET_MISSING = re.compile(
    r"^A reference to '(?P<path>[^']+)' is included in the 'nav' configuration, which is not found"
)


@dataclass(frozen=True)
class Problem:
    """One build problem; file and line are None when the log does not say where it is."""

    message: str
    file: str | None = None
    line: int | None = None


SourceReader = Callable[[str], "str | None"]


def convert(log: str, read_source: SourceReader, *, docs_folder: str = "docs") -> list[Problem]:
    """Every warning or error in a MkDocs log, located; read_source('docs/x.md') gives a file's text."""
    problems: list[Problem] = []
    for text, items in _records(log):
        problems.extend(_convert_record(text, items, read_source, docs_folder))
    return list(dict.fromkeys(problems))


def _records(log: str) -> list[tuple[str, list[str]]]:
    """(message, continuation list items) for each WARNING/ERROR record of the log."""
    records: list[tuple[str, list[str]]] = []
    for line in log.splitlines():
        if match := RECORD.match(line):
            records.append((match.group("text").strip(), []))
        elif records and (item := LIST_ITEM.match(line)):
            records[-1][1].append(item.group("item").strip())
    return records


def _convert_record(text: str, items: list[str], read_source: SourceReader, docs: str) -> list[Problem]:
    if match := LOCATED.match(text):
        return [Problem(match.group("message"), match.group("file"), int(match.group("line")))]
    if NOT_IN_NAV.match(text):
        fix = "add it under nav: in mkdocs.yml, or set 'status: draft' to keep it unpublished"
        return [Problem(f"the page is not in the nav — {fix}", f"{docs}/{item}", 1) for item in items]
    if match := NAV_TARGET_MISSING.match(text):
        path = match.group("path")
        line = find_line(read_source("mkdocs.yml") or "", [path])
        return [
            Problem(
                f"the nav lists '{path}', which is not in {docs}/ — fix the path or add the page", "mkdocs.yml", line
            )
        ]
    for pattern, describe in LINK_MESSAGES:
        if match := pattern.match(text):
            file = f"{docs}/{match.group('src')}"
            url = match.group("url")
            message = describe(match.groupdict(), docs)
            suggest = match.groupdict().get("suggest")
            if suggest:
                message += f" (did you mean '{suggest}'?)"
            return [Problem(message, file, find_link_line(read_source(file) or "", url))]
    return [Problem(text)]


LINK_MESSAGES: list[tuple[re.Pattern[str], Callable[[dict, str], str]]] = [
    (
        LINK_NOT_FOUND,
        lambda m, docs: f"link '{m['url']}' points to no file in {docs}/ — fix the path (it is relative to this page)",
    ),
    (
        MISSING_ANCHOR,
        lambda m, docs: (
            f"link '{m['url']}' points to no heading or anchor '{m['anchor']}' in {docs}/{m['doc']}"
            " — use the id of one of its headings (the ¶ link next to a heading shows it)"
        ),
    ),
    (
        MISSING_OWN_ANCHOR,
        lambda m, docs: (
            f"link '{m['url']}' points to no heading or anchor on this page"
            " — use the id of one of its headings (the ¶ link next to a heading shows it)"
        ),
    ),
    (
        ABSOLUTE_LINK,
        lambda m, docs: f"link '{m['url']}' is absolute — link to the page's .md file by a relative path",
    ),
    (
        UNRECOGNIZED_LINK,
        lambda m, docs: f"link '{m['url']}' does not name a file — link to the page's .md file, e.g. 'other.md'",
    ),
]


def find_link_line(source: str, url: str) -> int:
    """The line of a link to url in Markdown or HTML source; 1 when it cannot be found."""
    escaped = re.escape(url)
    return find_line(
        source,
        [rf"\]\(\s*<?{escaped}[\s)>]", rf"^\s*\[[^\]]+\]:\s*<?{escaped}", rf"""href\s*=\s*["']{escaped}["']"""],
        regex=True,
        fallback=url,
    )


def find_line(source: str, needles: list[str], *, regex: bool = False, fallback: str | None = None) -> int:
    """1-based number of the first line holding any needle; else of the first holding fallback; else 1."""
    lines = source.splitlines()
    for number, line in enumerate(lines, 1):
        if any((re.search(needle, line) if regex else needle in line) for needle in needles):
            return number
    if fallback:
        for number, line in enumerate(lines, 1):
            if fallback in line:
                return number
    return 1


# --- Output formats ------------------------------------------------------------------------------


def format_plain(problem: Problem) -> str:
    """'docs/x.md:12: message', as compilers print it (editors jump to it)."""
    if problem.file is None:
        return f"mkdocs: {problem.message}"
    return f"{problem.file}:{problem.line or 1}: {problem.message}"


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command: an error annotation on the file and line."""
    message = _escape_data(problem.message)
    if problem.file is None:
        return f"::error::{message}"
    return f"::error file={_escape_property(problem.file)},line={problem.line or 1}::{message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"plain": format_plain, "github": format_github}
