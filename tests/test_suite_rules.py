"""The suite's own rule: a skipped or expected-to-fail test fails the run (tests/conftest.py).

A file of every kind of skip and xfail (tests/fixtures/pytest-skips/) is run with the project's own
pytest.ini and conftest, in a second pytest, and its JUnit report is read back.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET

from sitebuilder import FIXTURES, PROJECT_ROOT

CASES = FIXTURES / "pytest-skips"
RULE = "a test that is skipped or expected to fail does not pass in this suite (pytest.ini) — make it run and pass, or delete it"


def _run(test_file: str, tmp_path) -> tuple[int, dict[str, tuple[str, str]], str]:
    """Run one case file; (exit status, {test name: (outcome, message)}, output)."""
    report = tmp_path / "report.xml"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
            str((CASES / test_file).relative_to(PROJECT_ROOT)),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        child = next(iter(case), None)
        outcome = "passed" if child is None else child.tag
        outcomes[case.get("name")] = (outcome, "" if child is None else (child.get("message") or child.text or ""))
    return completed.returncode, outcomes, completed.stdout + completed.stderr


def test_every_kind_of_skip_and_xfail_fails_the_run_with_its_reason(tmp_path):
    status, outcomes, output = _run("test_every_kind_of_skip.py", tmp_path)
    assert status == 1, output
    assert outcomes.pop("test_passes") == ("passed", ""), output
    reasons = {
        "test_calls_skip": "Skipped: no tool here",
        "test_marked_skip": "Skipped: later",
        "test_marked_skipif": "Skipped: never on this machine",
        "test_imports_or_skips": "could not import 'a_module_that_is_not_installed'",
        "test_marked_xfail_that_fails": "marked as expected to fail (known bug)",
        "test_marked_xfail_that_passes": "marked as expected to fail (fixed since)",
        "test_calls_xfail": "marked as expected to fail (gave up)",
        "test_uses_a_skipping_fixture": "Skipped: the fixture skipped",
    }
    assert sorted(outcomes) == sorted(reasons), output
    for name, reason in reasons.items():
        outcome, message = outcomes[name]
        assert outcome in ("failure", "error"), f"{name} was {outcome}, not a failure:\n{output}"
        assert reason in message and RULE in message, f"{name}: {message!r}"
    assert "skipped" not in output.splitlines()[-1] and "xfail" not in output.splitlines()[-1], output


def test_a_module_that_skips_itself_fails_the_run(tmp_path):
    status, outcomes, output = _run("test_module_skips_itself.py", tmp_path)
    assert status != 0, output
    assert "the whole module is skipped" in output and RULE in output, output
    assert [outcome for outcome, _ in outcomes.values()] == ["error"], output
