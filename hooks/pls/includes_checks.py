"""The glossary appended to every page holds abbreviation definitions and nothing else.

Why this exists: pymdownx.snippets appends includes/abbreviations.md (mkdocs.yml, `auto_append`) to
every page, so any line there that is not a definition (a pasted paragraph, a <script>, an image) is
published at the end of every page, and a citation inside a definition becomes a tooltip that shows
'[@key]', blamed, if at all, on the pages that use the abbreviation. `check_appended_files` (on_config)
reads each appended file once and reports each such line at its own line of the file.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig

from .abbreviations import snippet_files
from .problems import Problem, project_path, report

DEFINITION = re.compile(r"^\*\[(?P<abbreviation>[^\]]+)\]:[ \t]*(?P<meaning>.*)$")
CITATION = re.compile(r"\[@[^\]]*\]")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def check_appended_files(config: MkDocsConfig) -> None:
    """Each line of an appended file that is not a definition, and each citation in a definition."""
    for path in snippet_files("", config):
        where = project_path(config, path)
        for line, message in appended_file_problems(path.read_text(encoding="utf-8")):
            report(Problem.at_line(line, message, file=where))


def appended_file_problems(text: str) -> list[tuple[int, str]]:
    """(line, what — fix) for each line that is not a definition, a comment or blank."""
    visible = COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
    problems = []
    for number, line in enumerate(visible.split("\n"), start=1):
        if not line.strip():
            continue
        definition = DEFINITION.match(line)
        if definition is None:
            problems.append(
                (
                    number,
                    "this line is not an abbreviation definition, and the file is appended to every page"
                    " — write '*[ABBR]: what it stands for', or move the text to a page",
                )
            )
            continue
        for citation in CITATION.findall(definition.group("meaning")):
            problems.append(
                (
                    number,
                    f"citation '{citation}' in the abbreviation definition of '{definition.group('abbreviation')}':"
                    " a tooltip shows it as text — remove it, and cite the source on the page that needs it",
                )
            )
    return problems
