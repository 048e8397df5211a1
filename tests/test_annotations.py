"""Build problems become `file:line: message` (make check) and GitHub annotations (the workflow)."""

import subprocess
import sys
from pathlib import Path

import pytest

from sitebuilder import PROJECT_ROOT, build_env, front_matter, make_fixture_site, run_build, with_today

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import build_problems  # noqa: E402 - scripts/ is put on the path just above
from build_problems import Problem  # noqa: E402

CHECK = PROJECT_ROOT / "scripts" / "check.py"


def _page(title: str, body: str) -> str:
    return front_matter(title) + f"# {title}\n\n{body}\n\n## Details\n\nText.\n"


BROKEN_PAGES = {
    "index.md": _page(
        "Home",
        "\n".join(
            [
                "Intro.",  # line 11
                "",
                "See [treatment](treatment.md).",  # line 13
                "See [details](other.md#no-such-heading) and [self](#nowhere).",  # line 14
                "See [absolute](/other/).",  # line 15
                "See [bare](other).",  # line 16
            ]
        ),
    ),
    "other.md": _page("Other", "Nothing."),
    "orphan.md": _page("Orphan", "Nobody links here."),
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """A fixture site with every kind of MkDocs link and nav problem, and its real build log."""
    folder = tmp_path_factory.mktemp("broken")
    project = make_fixture_site(folder, pages=BROKEN_PAGES, config={"nav": ["index.md", "other.md", "missing.md"]})
    result = run_build(project, folder / "site")
    assert not result.ok
    return project, result.log


def _read(project: Path):
    def read_source(relative: str):
        path = project / relative
        return path.read_text(encoding="utf-8") if path.exists() else None

    return read_source


def _converted(broken_site) -> list[str]:
    project, log = broken_site
    return [build_problems.format_plain(p) for p in build_problems.convert(log, _read(project))]


# --- MkDocs' own warnings, located -----------------------------------------------------------------


def test_missing_link_target_is_located_at_the_link(broken_site):
    assert (
        "docs/index.md:13: link 'treatment.md' points to no file in docs/ — fix the path (it is relative to this page)"
        in _converted(broken_site)
    )


def test_missing_anchors_are_located_at_the_link(broken_site):
    lines = _converted(broken_site)
    assert any(
        line.startswith(
            "docs/index.md:14: link 'other.md#no-such-heading' points to no heading or anchor"
            " '#no-such-heading' in docs/other.md — "
        )
        for line in lines
    ), lines
    assert any(
        line.startswith("docs/index.md:14: link '#nowhere' points to no heading or anchor on this page — ")
        for line in lines
    ), lines


def test_absolute_and_unrecognized_links_keep_mkdocs_suggestion(broken_site):
    lines = _converted(broken_site)
    assert (
        "docs/index.md:15: link '/other/' is absolute — link to the page's .md file by a relative path"
        " (did you mean 'other.md'?)" in lines
    ), lines
    assert (
        "docs/index.md:16: link 'other' does not name a file — link to the page's .md file, e.g. 'other.md'"
        " (did you mean 'other.md'?)" in lines
    ), lines


def test_page_missing_from_nav_and_nav_entry_missing_from_docs(broken_site):
    project, _ = broken_site
    lines = _converted(broken_site)
    assert (
        "docs/orphan.md:1: the page is not in the nav — add it under nav: in mkdocs.yml,"
        " or set 'status: draft' to keep it unpublished" in lines
    ), lines
    nav_line = next(
        n for n, text in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1) if "missing.md" in text
    )
    assert (
        f"mkdocs.yml:{nav_line}: the nav lists 'missing.md', which is not in docs/ — fix the path or add the page"
        in lines
    ), lines


def test_every_warning_of_the_build_is_converted(broken_site):
    _, log = broken_site
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    problems = build_problems.convert(log, lambda _: None)
    assert len(problems) >= len(warnings)
    assert all(problem.file for problem in problems), [p for p in problems if not p.file]


# --- Pure conversion and formats -----------------------------------------------------------------


def test_our_hook_messages_keep_their_location_without_the_logger_prefix():
    log = (
        "INFO    -  Building documentation\n"
        "WARNING -  pls: docs/treatment/index.md:42: unknown citation key 'smith2020'"
        " — add it to references.bib or fix the key (closest: 'smith2021statins')\n"
        "WARNING -  references.bib:17: entry 'x' has no year — add year = {2020}\n"
    )
    assert build_problems.convert(log, lambda _: None) == [
        Problem(
            "unknown citation key 'smith2020' — add it to references.bib or fix the key (closest: 'smith2021statins')",
            "docs/treatment/index.md",
            42,
        ),
        Problem("entry 'x' has no year — add year = {2020}", "references.bib", 17),
    ]


def test_tracebacks_are_not_problems_and_unlocated_messages_are_kept():
    log = (
        "WARNING -  Citing unknown reference key nokey\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n'
        "KeyError: 'nokey'\n"
        "ERROR   -  Config value 'plugins': The \"nope\" plugin is not installed\n"
        "\n"
        "Aborted with 1 warnings in strict mode!\n"
    )
    problems = build_problems.convert(log, lambda _: None)
    assert problems == [
        Problem("Citing unknown reference key nokey"),
        Problem("Config value 'plugins': The \"nope\" plugin is not installed"),
    ]
    assert build_problems.format_plain(problems[0]) == "mkdocs: Citing unknown reference key nokey"
    assert build_problems.format_github(problems[0]) == "::error::Citing unknown reference key nokey"


def test_the_same_problem_twice_is_printed_once():
    line = "WARNING -  pls: docs/a.md:3: bad — fix\n"
    assert len(build_problems.convert(line * 2, lambda _: None)) == 1


def test_github_annotation_format():
    problem = Problem("'status' is 'aproved' — use approved", "docs/treatment/index.md", 5)
    assert build_problems.format_github(problem) == (
        "::error file=docs/treatment/index.md,line=5::'status' is 'aproved' — use approved"
    )


def test_github_annotation_escapes_workflow_command_characters():
    problem = Problem("100% sure\nsecond line\r", "docs/a,b:c.md", 2)
    assert (
        build_problems.format_github(problem) == "::error file=docs/a%2Cb%3Ac.md,line=2::100%25 sure%0Asecond line%0D"
    )


def test_find_link_line_prefers_the_link_over_other_mentions():
    source = "mentions other.md in prose\n\n[label]: other.md\n\n[text](other.md)\n"
    assert build_problems.find_link_line(source, "other.md") == 3
    assert build_problems.find_link_line("x\n[t](a.md#b)\n", "a.md#b") == 2
    assert build_problems.find_link_line("nothing here\n", "zzz.md") == 1


# --- scripts/check.py, the command behind `make check` -----------------------------------------------


def _check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECK), "--project", str(project), *args],
        capture_output=True,
        text=True,
        env=with_today(build_env(), project),  # the fixture's fixed today
        timeout=300,
    )


def test_check_prints_file_line_messages_and_fails(broken_site):
    project, _ = broken_site
    completed = _check(project)
    assert completed.returncode == 1
    assert "docs/index.md:13: link 'treatment.md' points to no file in docs/" in completed.stdout
    assert all(line.startswith(("docs/", "mkdocs.yml:")) for line in completed.stdout.splitlines()), completed.stdout


def test_check_github_format_prints_annotations(broken_site):
    project, _ = broken_site
    completed = _check(project, "--format", "github")
    assert completed.returncode == 1
    assert "::error file=docs/index.md,line=13::link 'treatment.md' points to no file in docs/" in completed.stdout
    assert all(line.startswith("::error ") for line in completed.stdout.splitlines()), completed.stdout


def test_check_passes_on_a_clean_site(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home", "Fine.")})
    completed = _check(project)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""


def test_check_reports_front_matter_problems_at_their_line(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home", "Fine.").replace("approved", "aproved")})
    completed = _check(project)
    assert completed.returncode == 1
    assert completed.stdout.startswith("docs/index.md:5: 'status' is 'aproved', which is not one of ")


# --- The GitHub workflow uses them -----------------------------------------------------------------


def test_workflow_annotates_problems_uploads_pr_preview_and_fetches_full_history():
    import yaml

    workflow = yaml.safe_load((PROJECT_ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(i for i, run in enumerate(runs) if "scripts/check.py --format github" in run)
    tests = next(i for i, run in enumerate(runs) if run.strip() == "make test")
    assert check < tests, "annotations must come before the long test run"
    preview = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site"
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "last-updated dates need the full git history"
