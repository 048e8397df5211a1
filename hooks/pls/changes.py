"""What changed, and when: the site's history as git records it, read once per build.

Why: a reader of evidence needs to know how current a page is and what was changed on it; editors
record that in every commit message already. One `git log` per build (`read_git_history`, called by
page_chrome.read_page_history at on_config) gives every commit that touched a file under docs/ with
its date and subject; from it come each page's last-updated date, its "What changed" list
(page_record.py) and the site's "Recent changes" page (changes_page.py) and feed (changes_feed.py). Everything is the
commit's, never the clock's, so a rebuild of the same commit is byte-identical. Outside a git
checkout (a fixture site, an unpacked archive) the history is empty and pages show none.

Merge commits are left out: their changes are the commits they merge, which are listed themselves.
"""

from __future__ import annotations

import datetime
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs.structure.files import Files

from .problems import inform

# One record per commit: hash, time, subject, then the files it touched (from --name-only).
RECORD_START = "\x1e"
FIELD_SEPARATOR = "\x1f"
# git writes the two separators itself (%x1e, %x1f): control characters never appear on the command line.
LOG_FORMAT = "--format=%x1e%H%x1f%ct%x1f%s"
# How many commits the Recent changes page and the feed list, and each page's "What changed".
RECENT_LIMIT = 30
PAGE_LIMIT = 3


@dataclass(frozen=True)
class Commit:
    """One commit that touched the docs: its id, time (UTC), subject line, and the docs/ files it changed."""

    sha: str
    time: datetime.datetime
    subject: str
    paths: tuple[str, ...]

    @property
    def date(self) -> datetime.date:
        return self.time.date()


# --- Reading git ---------------------------------------------------------------------------------


def read_git_history(docs_dir: str) -> list[Commit]:
    """Every commit that touched a file under docs_dir, newest first; [] outside a git checkout."""
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "log",
        "--no-merges",
        LOG_FORMAT,
        "--name-only",
        "--relative",
        "--",
        ".",
    ]
    try:
        completed = subprocess.run(command, cwd=docs_dir, capture_output=True, text=True, check=False)
    except OSError as error:
        inform(f"git is not available ({error}); pages show no last-updated date and no changes")
        return []
    if completed.returncode != 0:
        inform(f"no git history for {docs_dir}; pages show no last-updated date and no changes")
        return []
    return parse_git_history(completed.stdout)


def parse_git_history(output: str) -> list[Commit]:
    """The commits in the output of `git log` with LOG_FORMAT and --name-only, in its order."""
    commits = []
    for record in output.split(RECORD_START)[1:]:
        header, _, names = record.partition("\n")
        sha, seconds, subject = header.split(FIELD_SEPARATOR, 2)
        time = datetime.datetime.fromtimestamp(int(seconds), datetime.UTC)
        paths = tuple(line for line in names.splitlines() if line)
        commits.append(Commit(sha, time, subject.strip(), paths))
    return commits


def last_updated_dates(history: Iterable[Commit]) -> dict[str, datetime.date]:
    """The date of the newest commit of each file (history is newest first)."""
    dates: dict[str, datetime.date] = {}
    for commit in history:
        for path in commit.paths:
            dates.setdefault(path, commit.date)
    return dates


# --- Selecting -----------------------------------------------------------------------------------


def changes_of(history: Iterable[Commit], src_uri: str, limit: int = PAGE_LIMIT) -> list[Commit]:
    """The newest commits that changed one page's content file."""
    return [commit for commit in history if src_uri in commit.paths][:limit]


def recent_changes(history: Iterable[Commit], pages: set[str], limit: int = RECENT_LIMIT) -> list[Commit]:
    """The newest commits that changed a published page (an asset or a draft alone is not a change readers see)."""
    return [commit for commit in history if pages.intersection(commit.paths)][:limit]


def published_pages(files: Files) -> set[str]:
    """src_uri of every Markdown page the site publishes (drafts were removed from files already)."""
    return {file.src_uri for file in files.documentation_pages()}
