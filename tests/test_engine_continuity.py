"""Engine continuity: the site builds the same with ProperDocs, and the theme's end of life is announced.

ProperDocs is the maintained continuation of MkDocs 1.x (pinned in requirements.in); it reads the same
mkdocs.yml, plugins and hooks. Built with it, every file of the site must be byte-identical to the
MkDocs build apart from the generator tag, which names the engine. Material for MkDocs reaches end of
life on 5 May 2027; scripts/engine_eol.py warns from 1 March 2027, tested here with fixed dates only.
"""

import datetime
import os
import re
import subprocess
import sys

import pytest

from sitebuilder import PROJECT_ROOT, run_build

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

import engine_eol  # noqa: E402 - scripts/ is put on the path just above

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_site_mkdocs_builds_apart_from_the_generator_tag(built_site, tmp_path):
    properdocs = run_build(PROJECT_ROOT, tmp_path / "properdocs-site", engine="properdocs")
    assert properdocs.ok, properdocs.log
    mkdocs_files, properdocs_files = _files(built_site.site_dir), _files(properdocs.site_dir)
    assert sorted(properdocs_files) == sorted(mkdocs_files), "the two builds wrote different files"

    generators = set()
    differences = []
    for name, ours in mkdocs_files.items():
        theirs = properdocs_files[name]
        if name.endswith(".html"):
            generators.update((*GENERATOR.findall(ours), *(b"properdocs: " + g for g in GENERATOR.findall(theirs))))
            ours, theirs = GENERATOR.sub(b"<generator>", ours), GENERATOR.sub(b"<generator>", theirs)
        if ours != theirs:
            differences.append(name)
    assert not differences, f"{len(differences)} files differ, e.g. {differences[:5]}"
    # The generator tag is the one difference, and it shows which engine built each site.
    assert generators == {
        b"mkdocs-1.6.1, mkdocs-material-9.8.1",
        b"properdocs: mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1",
    }, generators


# --- The end-of-life warning -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 12, 1), None),
        (datetime.date(2027, 2, 28), None),
        (
            datetime.date(2027, 3, 1),
            "Material for MkDocs 9.8.1 reaches end of life on 5 May 2027, in 65 days",
        ),
        (datetime.date(2027, 5, 4), "Material for MkDocs 9.8.1 reaches end of life on 5 May 2027, in 1 day"),
        (datetime.date(2027, 5, 5), "Material for MkDocs 9.8.1 reaches end of life today, 5 May 2027"),
        (
            datetime.date(2031, 1, 1),
            "Material for MkDocs 9.8.1 reached end of life on 5 May 2027 and gets no more fixes",
        ),
    ],
)
def test_the_warning_starts_on_1_march_2027_and_counts_down_to_5_may(today, expected):
    message = engine_eol.notice(today, "9.8.1")
    if expected is None:
        assert message is None
    else:
        assert message == expected + " — follow the plan in README.md, 'When Material for MkDocs reaches end of life'"


def test_no_warning_once_material_is_gone():
    assert engine_eol.notice(datetime.date(2031, 1, 1), None) is None


def _run_check(**env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in ("PLS_TODAY", "GITHUB_ACTIONS")}
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "engine_eol.py")],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_check_prints_the_warning_and_fails_only_on_a_malformed_date():
    before = _run_check(PLS_TODAY="2027-02-28")
    assert (before.returncode, before.stdout, before.stderr) == (0, "", "")
    during = _run_check(PLS_TODAY="2027-03-02")
    assert during.returncode == 0
    assert during.stderr.startswith(
        "warning: Material for MkDocs 9.8.1 reaches end of life on 5 May 2027, in 64 days"
    ), during.stderr
    wrong = _run_check(PLS_TODAY="1 March 2027")
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "PLS_TODAY is '1 March 2027', not a date in YYYY-MM-DD form — unset it or fix it\n",
    )
    in_ci = _run_check(PLS_TODAY="2027-06-01", GITHUB_ACTIONS="true")
    assert in_ci.returncode == 0
    assert in_ci.stderr.startswith(
        "::warning title=Material for MkDocs end of life::Material for MkDocs 9.8.1 reached"
    ), in_ci.stderr


def test_the_readme_says_what_happens_at_end_of_life_and_the_make_targets_run_the_check():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "## When Material for MkDocs reaches end of life" in readme
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build", "test", "check"):
        recipe = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
        assert recipe and "$(ENGINE_NOTICE)" in recipe.group(1), f"make {target} does not run scripts/engine_eol.py"
