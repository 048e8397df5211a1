"""The fuzz suite: every realistic single mistake in tests/fuzz_cases.yml fails the real strict build
with `<file>:<line>: what — fix`, never a traceback and never a silent success.

Each case is one edit to a copy of the fixture site tests/fixtures/fuzz-base/. Cases that edit a page
share builds: each is a copy of the fixture's docs/guide/example.md at docs/guide/<id>.md, so one site
carries many mistakes at once and its log holds each page's message. Cases that edit a file every page
depends on (references.bib, mkdocs.yml, includes/, or a mistake that stops the whole build) get a site of
their own. The builds run two at a time, each a real `mkdocs build --strict`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sitebuilder import FIXTURES, PROJECT_ROOT, BuildResult, build_env, make_fixture_site, run_build, with_today

CASES_FILE = Path(__file__).resolve().parent / "fuzz_cases.yml"
FIXTURE = "fuzz-base"
TEMPLATE_PAGE = "docs/guide/example.md"
PAGES_PER_BUILD = 40
PARALLEL_BUILDS = 2


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    edit: dict
    line: str | int
    expect: tuple[str, ...]
    alone: bool
    runner: str  # "build": `mkdocs build --strict`; "check": scripts/check.py (`make check`)

    @property
    def on_a_page_copy(self) -> bool:
        return self.file == "page"

    @property
    def path(self) -> str:
        """The edited file, relative to the site's folder."""
        return f"docs/guide/{self.id}.md" if self.on_a_page_copy else self.file

    @property
    def shares_a_build(self) -> bool:
        # A page that cannot even be read stops the whole build: such a case gets a build of its own.
        return self.on_a_page_copy and not self.alone and "encoding" not in self.edit and self.runner == "build"


def load_cases() -> list[Case]:
    cases = [
        Case(
            id=raw["id"],
            file=raw.get("file", "page"),
            edit=raw["edit"],
            line=raw["line"],
            expect=tuple(raw["expect"]),
            alone=raw.get("alone", False),
            runner=raw.get("runner", "build"),
        )
        for raw in yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    ]
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), "two fuzz cases share an id"
    return cases


CASES = load_cases()


# --- Applying an edit ---------------------------------------------------------------------------


def edited_text(case: Case, original: str) -> str:
    """The file's text after the case's one edit."""
    edit = case.edit
    if "replace" in edit:
        old, new = edit["replace"]
        assert old in original, f"{case.id}: the text to replace is not in {case.path}: {old!r}"
        return original.replace(old, new, 1)
    if "insert_before" in edit:
        anchor, new = edit["insert_before"]
        position = original.find(anchor)
        assert position >= 0, f"{case.id}: {anchor!r} is not in {case.path}"
        line_start = original.rfind("\n", 0, position) + 1
        return original[:line_start] + new.rstrip("\n") + "\n" + original[line_start:]
    if "write" in edit:
        return edit["write"]
    if "append" in edit:
        return original + ("" if original.endswith("\n") else "\n") + edit["append"]
    raise AssertionError(f"{case.id}: unknown edit {sorted(edit)}")


def apply_edit(case: Case, project: Path) -> None:
    target = project / case.path
    if "symlink" in case.edit:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(case.edit["symlink"])
        return
    if case.path.startswith("includes/"):
        # The fixture links the project's includes/; an edited copy replaces the link.
        includes = project / "includes"
        if includes.is_symlink():
            includes.unlink()
            shutil.copytree(PROJECT_ROOT / "includes", includes)
    source = project / TEMPLATE_PAGE if case.on_a_page_copy else target
    original = source.read_text(encoding="utf-8") if source.exists() else ""
    if case.on_a_page_copy:
        original = original.replace("/// claim | example-", f"/// claim | fuzz-{case.id}-")
    text = edited_text(case, original)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(case.edit.get("encoding", "utf-8")))


def expected_location(case: Case, project: Path) -> str:
    """`<file>:<line>:` the message must start with (`<file>:` for a file with no line)."""
    if case.line == 0:
        return f"{case.path}:"
    if isinstance(case.line, int):
        return f"{case.path}:{case.line}:"
    text = (project / case.path).read_bytes().decode(case.edit.get("encoding", "utf-8"))
    position = text.find(case.line)
    assert position >= 0, f"{case.id}: line text {case.line!r} is not in the edited {case.path}"
    return f"{case.path}:{text.count(chr(10), 0, position) + 1}:"


# --- The builds ---------------------------------------------------------------------------------


@dataclass
class CaseBuild:
    result: BuildResult
    project: Path


def _build(destination: Path, cases: list[Case]) -> CaseBuild:
    project = make_fixture_site(destination, FIXTURE)
    for case in cases:
        apply_edit(case, project)
    # The nav lists every page, edited ones included (make_fixture_site wrote it before the edits).
    if any(case.on_a_page_copy for case in cases) and not any(case.path == "mkdocs.yml" for case in cases):
        make_fixture_site_nav(project)
    if cases[0].runner == "check":
        return CaseBuild(run_check(project), project)
    return CaseBuild(run_build(project, destination / "site"), project)


def run_check(project: Path) -> BuildResult:
    """`make check` on the site: scripts/check.py, which builds strictly and prints `file:line: message`."""
    completed = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "check.py"), "--project", str(project)],
        cwd=project,
        env=with_today(build_env(), project),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, project / "site", project)


def make_fixture_site_nav(project: Path) -> None:
    config_file = project / "mkdocs.yml"
    inherit, _, settings = config_file.read_text(encoding="utf-8").partition("\n")
    data = yaml.safe_load(settings) or {}
    docs = project / "docs"
    data["nav"] = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.is_symlink())
    config_file.write_text(inherit + "\n" + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def fuzz_builds(tmp_path_factory) -> dict[str, CaseBuild]:
    """Every case built: the shared page builds and each case of its own, two builds at a time."""
    shared = [case for case in CASES if case.shares_a_build]
    groups = [shared[start : start + PAGES_PER_BUILD] for start in range(0, len(shared), PAGES_PER_BUILD)]
    groups += [[case] for case in CASES if not case.shares_a_build]
    root = tmp_path_factory.mktemp("fuzz")
    with ThreadPoolExecutor(PARALLEL_BUILDS) as pool:
        builds = list(pool.map(lambda pair: _build(root / f"build-{pair[0]}", pair[1]), enumerate(groups)))
    return {case.id: build for group, build in zip(groups, builds, strict=True) for case in group}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_fails_the_strict_build_with_file_line_and_fix(fuzz_builds, case):
    build = fuzz_builds[case.id]
    log = build.result.log
    assert not build.result.ok, f"{case.id}: the strict build succeeded:\n{log}"
    assert "Traceback" not in log, f"{case.id}: a traceback reached the editor:\n{log}"
    assert "0 problem(s)" not in log, f"{case.id}: make check counted no problem in a failed build:\n{log}"
    location = expected_location(case, build.project)
    lines = [line for line in log.splitlines() if location in line]
    assert any(all(fragment in line for fragment in case.expect) for line in lines), (
        f"{case.id}: no log line names {location} with {list(case.expect)}; lines naming it: {lines}\n\n{log}"
    )


def test_the_fixture_site_builds_cleanly(tmp_path):
    """Without any edit the fixture is clean, so every message above comes from its case's edit."""
    project = make_fixture_site(tmp_path, FIXTURE)
    result = run_build(project, tmp_path / "site")
    assert result.ok, result.log
    assert (FIXTURES / FIXTURE / TEMPLATE_PAGE).exists()


def test_the_table_has_a_hundred_cases():
    assert len(CASES) >= 100


# --- mkdocs serve ---------------------------------------------------------------------------------


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def _rebuilt_after(log: str, expected: str) -> bool:
    after = log.split(expected, 1)[1] if expected in log else ""
    return "Reloading browsers" in after or "Documentation built" in after


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def _not_utf8(bib: str) -> tuple[bytes, str]:
    """A byte that is not UTF-8 in an author's name, and the message that names it."""
    edited = bib.replace("Kumar, Krishna", "Kum\xe4r, Krishna", 1).encode("latin-1")
    line = _line_of(bib, "Kumar, Krishna")
    return edited, f"references.bib:{line}: the file is not UTF-8 (byte 0xe4 at column 17 cannot be read)"


def _unclosed_brace(bib: str) -> tuple[bytes, str]:
    """A syntax error pybtex cannot read (an unclosed '{'): its entry is left out, the others still read."""
    edited = bib.replace("journal = {Neurosurgery},", "journal = {Neurosurgery,", 1).encode("utf-8")
    line = _line_of(bib, "journal = {Neurosurgery},")
    return (
        edited,
        f"references.bib:{line}: entry 'north2005scs': a '{{' on this line is not closed before the next field",
    )


@pytest.mark.parametrize("breaking", [_not_utf8, _unclosed_brace], ids=["not-utf8", "unclosed-brace"])
def test_mkdocs_serve_logs_a_bad_references_bib_and_keeps_answering(tmp_path, breaking):
    """The editor's preview survives a broken references.bib (a byte that is not UTF-8, a syntax error
    pybtex cannot read): the problem is logged at its line, and the server still answers (a stopped
    rebuild leaves MkDocs' server stuck)."""
    project = make_fixture_site(tmp_path, FIXTURE)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    log_file = tmp_path / "serve.log"
    with log_file.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=with_today(build_env(), project),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert _wait_for(lambda: _answers(url), 180), log_file.read_text()
        bib = project / "references.bib"
        edited, expected = breaking(bib.read_text(encoding="utf-8"))
        assert edited != bib.read_bytes()
        bib.write_bytes(edited)
        # The rebuild after the edit has ended (MkDocs reloads the browsers then) and said what is wrong.
        assert _wait_for(lambda: _rebuilt_after(log_file.read_text(), expected), 180), log_file.read_text()
        assert _answers(url), log_file.read_text()
        assert "Traceback" not in log_file.read_text()
    finally:
        server.terminate()
        server.wait(30)
