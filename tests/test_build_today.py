"""The build's "today" is fixed in tests (PLS_TODAY), so the suite gives the same answer in any year.

hooks/pls/front_matter.py ("reviewed is in the future") and hooks/pls/staleness.py ("more than 24 months old")
compare dates with the build's today (hooks/pls/state.py: PLS_TODAY when set, else the real date). Fixture builds use
FIXTURE_TODAY and the real site the day of its last commit (sitebuilder.with_today). Here a fixture
build runs with its clock five years ahead (time-machine, loaded at start-up), to show that the fixed
today is what keeps it passing, and that without it the same build would fail.
"""

import datetime
import os

import mkdocs.exceptions
import pytest
import time_machine

from pls import state
from sitebuilder import (
    FIXTURE_TODAY,
    PROJECT_ROOT,
    build_env,
    last_commit_epoch,
    make_fixture_site,
    project_today,
    run_build,
    with_today,
)
from sitebuilder import (
    front_matter as fixture_front_matter,
)

# Loaded by a build's Python at start-up: its clock runs five years (1,826 days) ahead.
FIVE_YEARS_AHEAD = """\
import datetime, time_machine
time_machine.travel(datetime.timedelta(days=1826), tick=True).start()
"""


def _shifted_clock_env(tmp_path, **extra: str) -> dict[str, str]:
    clock = tmp_path / "shifted-clock"
    clock.mkdir(exist_ok=True)
    (clock / "sitecustomize.py").write_text(FIVE_YEARS_AHEAD, encoding="utf-8")
    python_path = os.pathsep.join(filter(None, [str(clock), os.environ.get("PYTHONPATH")]))
    return build_env(PYTHONPATH=python_path, **extra)


# --- The hook's reading of PLS_TODAY ----------------------------------------------------------------


def test_without_pls_today_the_build_uses_the_real_date(monkeypatch):
    monkeypatch.delenv("PLS_TODAY", raising=False)
    with time_machine.travel(datetime.datetime(2031, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert state.today_from(os.environ) == datetime.date(2031, 6, 1)


def test_pls_today_overrides_the_clock(monkeypatch):
    monkeypatch.setenv("PLS_TODAY", "2026-11-21")
    with time_machine.travel(datetime.datetime(2031, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert state.today_from(os.environ) == datetime.date(2026, 11, 21)


def test_a_pls_today_that_is_not_a_date_stops_the_build_with_the_fix(monkeypatch):
    monkeypatch.setenv("PLS_TODAY", "21/11/2026")
    with pytest.raises(mkdocs.exceptions.PluginError) as error:
        state.today_from(os.environ)
    assert str(error.value) == (
        "PLS_TODAY='21/11/2026' is not a date — write it as YYYY-MM-DD, e.g. PLS_TODAY=2026-12-01"
    )


# --- Which today each test build gets ----------------------------------------------------------------


def test_fixture_builds_get_the_fixed_today_whatever_the_outer_environment_says(monkeypatch, tmp_path):
    monkeypatch.setenv("PLS_TODAY", "2040-01-01")
    assert "PLS_TODAY" not in build_env()
    assert with_today(build_env(), tmp_path)["PLS_TODAY"] == FIXTURE_TODAY == "2026-11-21"
    assert with_today(build_env(PLS_TODAY="2030-05-05"), tmp_path)["PLS_TODAY"] == "2030-05-05"


def test_the_real_site_is_checked_as_of_its_last_commit_or_its_newest_review():
    epoch = last_commit_epoch()
    assert epoch is not None, "the tests run in a git checkout"
    commit_day = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    today = with_today(build_env(), PROJECT_ROOT)["PLS_TODAY"]
    assert today == project_today()
    assert today >= commit_day
    reviewed = [
        line.split(":", 1)[1].strip()
        for page in (PROJECT_ROOT / "docs").rglob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("reviewed:")
    ]
    assert reviewed and all(day <= today for day in reviewed)
    assert today in {commit_day, *reviewed}


# --- A real build, five years ahead -------------------------------------------------------------------


def test_a_fixture_build_five_years_ahead_passes_with_the_fixed_today_and_fails_without(tmp_path):
    page = fixture_front_matter("Home") + "# Home\n\nText.\n"  # reviewed 2026-11-01, as fixture pages are
    project = make_fixture_site(tmp_path, pages={"index.md": page})

    fixed = run_build(project, tmp_path / "fixed", env=_shifted_clock_env(tmp_path))
    assert fixed.ok, fixed.log

    # The same build reading the (shifted) clock: the page is then five years old. This shows the
    # shift reached the hooks, so the pass above is the fixed today's doing.
    shifted = dict(_shifted_clock_env(tmp_path), PLS_TODAY="")
    clocked = run_build(project, tmp_path / "clocked", env=shifted)
    assert not clocked.ok
    assert (
        "docs/index.md:4: reviewed date 2026-11-01 is more than 24 months old — review the page and update 'reviewed'"
        in clocked.log
    ), clocked.log
