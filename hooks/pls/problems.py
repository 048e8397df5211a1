"""Problems: what is wrong in an editor's file, where, and how to fix it, reported one way.

Why this exists: every check of the build ends in the same promise to editors, a strict-build
warning `docs/<page>.md:<line>: what — fix` that editors (and CI annotations) open at the line.
A check makes a `Problem` (pure modules leave `file` empty and the step fills it with `at`),
`str(problem)` is its one format, `report` logs it through the plugin logger (so `--strict`
counts it), and `docs_path` / `project_path` name files as editors see them in the repository.
`inform` is the one way to log a line that is not a problem (INFO: a record `make check` reads, or
a fact an editor may want), so no module needs a logger of its own.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

log = mkdocs.plugins.get_plugin_logger(__name__)

SEPARATOR = " — "


@dataclass(frozen=True)
class Problem:
    """One problem: its `line` (None when no line can be known), what is wrong, the fix, the file."""

    line: int | None
    what: str
    fix: str = ""
    file: str = ""
    fatal: bool = False  # what the file says cannot be used (logged as an error; the step stops, or leaves it out)
    note: str = ""  # a few words shown in the page where the problem is left visible

    @classmethod
    def at_line(cls, line: int | None, message: str, **more) -> Problem:
        """A problem whose message is written whole, 'what — fix' (split at the first ' — ')."""
        what, _, fix = message.partition(SEPARATOR)
        return cls(line, what, fix, **more)

    @property
    def message(self) -> str:
        """'what — fix', without the location."""
        return f"{self.what}{SEPARATOR}{self.fix}" if self.fix else self.what

    def at(self, file: str, *, line: int | None = None, line_offset: int = 0) -> Problem:
        """The same problem in `file`: on `line`, or its own line moved by `line_offset` (lines before the text checked)."""
        if line is None:
            line = None if self.line is None else self.line + line_offset
        return replace(self, file=file, line=line)

    def __str__(self) -> str:
        return f"{location(self.file, self.line)}: {self.message}" if self.file else self.message


def location(file: str, line: int | None) -> str:
    """'docs/page.md:12', or 'docs/page.md' when the line is not known."""
    return f"{file}:{line}" if line is not None else file


def report(problem: Problem) -> None:
    """Log the problem as a warning (an error when fatal): `mkdocs build --strict` fails on it."""
    log.log(logging.ERROR if problem.fatal else logging.WARNING, str(problem))


def inform(text: str) -> None:
    """Log a line that is not a problem (INFO): `mkdocs build --strict` does not count it."""
    log.info(text)


def project_path(config: MkDocsConfig, path: str | os.PathLike) -> str:
    """A path as editors see it: relative to the folder of mkdocs.yml ('references.bib', 'includes/x.md')."""
    project_dir = os.path.dirname(config.config_file_path or ".")
    return Path(os.path.relpath(path, project_dir)).as_posix()


def yaml_error_line(error: Exception, first_line: int = 1) -> int:
    """The line of a file where PyYAML found `error`, counting the text's first line as `first_line`."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return first_line + mark.line if mark is not None else first_line


def docs_path(config: MkDocsConfig, src_uri: str) -> str:
    """A page's path as editors see it: 'docs/treatment/index.md'."""
    return f"{project_path(config, config.docs_dir)}/{src_uri}"
