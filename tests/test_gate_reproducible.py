"""Gate 7, reproducible build: two strict builds of the same commit are byte-identical.

So a published diff shows only real changes. The two builds differ in everything that should not
matter (output folder, hash seed, time zone, and a clock three days ahead); dates in the output come from the last
commit through SOURCE_DATE_EPOCH, which `make build` and the tests' builds set.
"""

import os
import subprocess

import gates
from sitebuilder import PROJECT_ROOT, build_env, last_commit_epoch, make_fixture_site, run_build

# The sitemap lists pages (and so their dates) only when site_url is set, as it is in CI.
SITE_URL = "https://example.org/pls-evidence-guide/"


# Loaded by the second build's Python at start-up: its clock runs 3 days and 7 hours ahead.
SHIFTED_CLOCK = """\
import datetime, time_machine
time_machine.travel(datetime.timedelta(days=3, hours=7), tick=True).start()
"""


def _two_builds(project_dir, tmp_path):
    first = run_build(
        project_dir, tmp_path / "first" / "site", env=build_env(SITE_URL=SITE_URL, PYTHONHASHSEED="1", TZ="UTC")
    )
    clock = tmp_path / "shifted-clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(SHIFTED_CLOCK, encoding="utf-8")
    python_path = os.pathsep.join(filter(None, [str(clock), os.environ.get("PYTHONPATH")]))
    second = run_build(
        project_dir,
        tmp_path / "second" / "out",
        env=build_env(SITE_URL=SITE_URL, PYTHONHASHSEED="2", TZ="Pacific/Kiritimati", PYTHONPATH=python_path),
    )
    assert first.ok, first.log
    assert second.ok, second.log
    return first.site_dir, second.site_dir


def test_two_builds_of_this_commit_are_byte_identical(tmp_path):
    first, second = _two_builds(PROJECT_ROOT, tmp_path)
    problems = gates.build_differences(first, second)
    assert not problems, "the build is not reproducible:\n" + "\n".join(problems)
    assert (first / "sitemap.xml.gz").exists() and gates.sitemap_dates(first), "the sitemap lists no dated page"


def test_output_dates_come_from_the_last_commit_not_the_clock(tmp_path, monkeypatch):
    epoch = last_commit_epoch()
    assert epoch, "git log found no commit: builds cannot be dated reproducibly"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = build_env(SITE_URL=SITE_URL)
    assert env["SOURCE_DATE_EPOCH"] == epoch, "the tests' builds are not dated by the last commit"
    result = run_build(PROJECT_ROOT, tmp_path / "site", env=env)
    assert result.ok, result.log
    assert gates.sitemap_dates(result.site_dir) == {gates.epoch_date(epoch)}


def test_make_exports_the_last_commit_time_as_source_date_epoch():
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "MAKEFLAGS")}
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval", 'print-epoch: ; @echo "$$SOURCE_DATE_EPOCH"', "print-epoch"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert shown == last_commit_epoch()


def test_a_hook_that_stamps_the_day_is_caught_naming_the_file(tmp_path):
    project = make_fixture_site(tmp_path / "src", "gate-nondeterministic")
    first, second = _two_builds(project, tmp_path)
    problems = gates.build_differences(first, second)
    # The page and the search index built from it; nothing else.
    assert [p.split(":")[0] for p in problems] == ["index.html", "search/search_index.json"], problems
    assert problems[0].startswith("index.html: differs between two builds of the same commit — line ")
    assert "<p>Built on 20" in problems[0]
