"""Build real MkDocs sites from tests: the project itself, or a tiny fixture site that inherits it.

A fixture site is a folder under ``tests/fixtures/<name>/`` holding ``docs/`` (Markdown pages), an
optional ``references.bib`` and an optional ``config.yml`` (settings that override the project's
``mkdocs.yml``, e.g. ``nav``). It is copied into a temporary folder next to links to the project's
``hooks/``, ``includes/`` and ``overrides/``, and built with the real ``mkdocs build --strict``
through ``INHERIT: <project>/mkdocs.yml``, so it runs exactly the project's configuration and hooks.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Folders the project's mkdocs.yml and hooks refer to by relative path; fixture sites link to them
# (sources/: the archived source documents quotations are checked against).
SHARED_FOLDERS = ("hooks", "includes", "overrides", "sources")
# The "today" of every fixture build (PLS_TODAY, read by hooks/front_matter.py and hooks/staleness.py):
# fixture pages are reviewed 2026-11-01, so they are current and the suite passes in any year.
FIXTURE_TODAY = "2026-11-21"
_REVIEWED = re.compile(r"^reviewed:\s*[\"']?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data; tags such as !ENV or !!python/name are kept as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def project_config() -> dict:
    """The project's mkdocs.yml as plain data (its nav, hooks, ...), without running any tag."""
    return yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


@dataclass
class BuildResult:
    returncode: int
    log: str
    site_dir: Path
    project_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def page(self, url_path: str) -> str:
        """The built HTML of a page, e.g. ``page("treatment/")`` or ``page("index.html")``."""
        target = self.site_dir / url_path
        if target.is_dir() or url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


@functools.cache
def last_commit_epoch() -> str | None:
    """The last commit's time in seconds: builds date their output by it, as `make build` does."""
    try:
        completed = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    epoch = completed.stdout.strip()
    return epoch if completed.returncode == 0 and epoch.isdigit() else None


def project_today() -> str:
    """The real site's fixed "today" in tests: the day of the last commit, or the newest `reviewed`
    date in docs/ when an editor's uncommitted review is newer. Content is checked against the real
    clock by `make build` and `make check` (CI runs both); the tests check the code, in any year."""
    epoch = last_commit_epoch()
    days = [
        FIXTURE_TODAY if epoch is None else datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    ]
    for page in (PROJECT_ROOT / "docs").rglob("*.md"):
        days += _REVIEWED.findall(page.read_text(encoding="utf-8"))
    return max(days)


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a test build. Its "today" (PLS_TODAY) is left to run_build, which knows the
    project: an outer PLS_TODAY never leaks into a test."""
    env = {key: value for key, value in os.environ.items() if key != "PLS_TODAY"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    # Reproducible builds: the sitemap's dates and its gzip header come from SOURCE_DATE_EPOCH.
    if "SOURCE_DATE_EPOCH" not in env and last_commit_epoch():
        env["SOURCE_DATE_EPOCH"] = last_commit_epoch()
    env.update(extra)
    return env


def with_today(env: dict[str, str], project_dir: Path) -> dict[str, str]:
    """The build's environment with its fixed "today": the real site's (project_today) or, for a
    fixture site, FIXTURE_TODAY. A PLS_TODAY the test set itself is kept."""
    if "PLS_TODAY" in env:
        return env
    real_site = Path(project_dir).resolve() == PROJECT_ROOT
    return {**env, "PLS_TODAY": project_today() if real_site else FIXTURE_TODAY}


def run_build(
    project_dir: Path, site_dir: Path, *, strict: bool = True, env: dict | None = None, engine: str = "mkdocs"
) -> BuildResult:
    """Run the real ``mkdocs build`` (or ``engine``'s, e.g. "properdocs") in ``project_dir``; capture its log."""
    command = [sys.executable, "-m", engine, "build", "--clean", "--site-dir", str(site_dir)]
    if strict:
        command.append("--strict")
    completed = subprocess.run(
        command,
        cwd=project_dir,
        env=with_today(env or build_env(), project_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, site_dir, project_dir)


def make_fixture_site(
    destination: Path,
    fixture: str | None = None,
    *,
    pages: dict[str, str] | None = None,
    bib: str | None = None,
    config: dict | None = None,
) -> Path:
    """Lay out a fixture site in ``destination`` and return its folder.

    ``fixture`` names a folder under tests/fixtures/; ``pages`` (path -> Markdown), ``bib`` and
    ``config`` add to or replace what the fixture folder holds. Without a ``nav`` setting the nav
    lists every page, in path order, so the project's nav-completeness check stays quiet.
    """
    project = destination / "site-src"
    docs = project / "docs"
    if fixture is not None:
        source = FIXTURES / fixture
        if not source.is_dir():
            raise FileNotFoundError(f"no fixture site at {source}")
        shutil.copytree(source, project)
    docs.mkdir(parents=True, exist_ok=True)
    for relative, text in (pages or {}).items():
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if bib is not None:
        (project / "references.bib").write_text(bib, encoding="utf-8")
    if not (project / "references.bib").exists():
        (project / "references.bib").write_text("", encoding="utf-8")

    for folder in SHARED_FOLDERS:
        if (PROJECT_ROOT / folder).exists() and not (project / folder).exists():
            (project / folder).symlink_to(PROJECT_ROOT / folder, target_is_directory=True)

    settings: dict = {}
    override_file = project / "config.yml"
    if override_file.exists():
        settings.update(yaml.safe_load(override_file.read_text(encoding="utf-8")) or {})
    settings.update(config or {})
    if "nav" not in settings:
        settings["nav"] = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    text = f"INHERIT: {PROJECT_ROOT / 'mkdocs.yml'}\n" + yaml.safe_dump(settings, sort_keys=False)
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return project


def build_fixture_site(destination: Path, fixture: str | None = None, *, strict: bool = True, **layout) -> BuildResult:
    """Lay out a fixture site (see make_fixture_site) and build it for real."""
    project = make_fixture_site(destination, fixture, **layout)
    return run_build(project, destination / "site", strict=strict)


def fixture_pages(fixture: str, under: str) -> dict[str, str]:
    """A fixture folder's pages, moved into the folder ``under``: many one-problem fixtures become one
    site, built once (its log then holds each fixture's message at ``docs/<under>/...``)."""
    docs = FIXTURES / fixture / "docs"
    extra = set(os.listdir(FIXTURES / fixture)) - {"docs"}
    if extra:
        raise ValueError(f"fixture {fixture} has more than pages ({sorted(extra)}): build it on its own")
    return {
        f"{under}/{p.relative_to(docs).as_posix()}": p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.md"))
    }


def log_lines_about(log: str, path: str) -> list[str]:
    """The lines of a build log that name ``path`` (e.g. 'docs/a/index.md:'), without MkDocs' level prefix."""
    return [line.split(" -  ", 1)[-1].strip() for line in log.splitlines() if path in line]


def front_matter(title: str, **fields: str) -> str:
    """Valid page front matter for fixture pages; keyword arguments override or add fields."""
    values = {
        "title": f'"{title}"',
        "description": f'"Test page: {title}."',  # quoted: a value with ': ' is not valid YAML otherwise
        "reviewed": "2026-11-01",
        "status": "approved",
        "audience": "[patients, clinicians]",
    }
    values.update(fields)
    body = "\n".join(f"{key}: {value}" for key, value in values.items())
    return f"---\n{body}\n---\n\n"


def git_as_editor(project: Path, *args: str, date: str | None = None) -> None:
    """Run git in a fixture project as an editor would, at `date` when given (for the page history)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org"}
    env.update({"GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"})
    if date:
        env.update({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def page_with_title(title: str, body: str = "Text.", **fields: str) -> str:
    """A fixture page: front matter, its `# title` and a body."""
    return front_matter(title, **fields) + f"# {title}\n\n{body}\n"


def run_build_script(script: str, *arguments: str, cwd: Path) -> list:
    """Run a Python script that builds in one process (as `mkdocs serve` does); its last line, as JSON."""
    completed = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        cwd=cwd,
        env=with_today(build_env(), cwd),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])
