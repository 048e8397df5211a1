"""The fast check (`make check`): a strict build, with every problem printed as `file:line: message`.

Why: the full test suite drives a browser and takes minutes; while editing, an editor needs the
build-time checks only (front matter, citations, claims, links, nav), in seconds, at the lines to fix.
The site is built into a temporary folder and thrown away. Each page's reading grade (of its
"For patients" tab and Key points box, hooks/pls/readability.py) is listed on stderr after the
problems. Exit status: 0 when the strict build is clean, 1 otherwise. `--format github` prints GitHub Actions error annotations instead (the workflow
uses it so each problem shows on the changed line of a pull request).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from build_problems import FORMATS, Problem, convert  # noqa: E402 - after the path set-up above
from pls.config_checks import config_problems  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The INFO record hooks/pls/readability.py logs for each page with a patient tab or Key points box.
READING_GRADE = re.compile(r"^INFO\s*-\s+(?:pls: )?reading grade: (?P<file>\S+): (?P<grades>.+)$")


def build_log(project: Path) -> tuple[int, str]:
    """Run the real strict build of the project into a throw-away folder; (exit status, log)."""
    with tempfile.TemporaryDirectory(prefix="pls-check-") as site_dir:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", site_dir]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    return completed.returncode, completed.stdout + completed.stderr


def reader(project: Path):
    """read_source for build_problems.convert: a project file's text, or None."""

    def read_source(relative: str) -> str | None:
        try:
            return (project / relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read_source


def mkdocs_yml_problems(project: Path) -> list[Problem]:
    """What stops MkDocs reading the project's mkdocs.yml (not UTF-8, not YAML), at its line."""
    path = project / "mkdocs.yml"
    if not path.is_file():
        return [Problem("mkdocs.yml not found — run make check in the folder that holds it", "mkdocs.yml", 1)]
    problems = config_problems(path.read_bytes())
    # A key written twice still loads: the build reports it with the rest.
    return [Problem(message, "mkdocs.yml", line) for line, message in problems if "duplicate key" not in message]


def reading_grades(log: str) -> list[tuple[str, str]]:
    """(page, its grades) for every page the build measured, in build order."""
    return [(m.group("file"), m.group("grades")) for line in log.splitlines() if (m := READING_GRADE.match(line))]


def grade_table(grades: list[tuple[str, str]]) -> str:
    """The reading grades as lines to print, one page a line, the pages aligned."""
    width = max((len(page) for page, _ in grades), default=0)
    rows = [f"  {page.ljust(width)}  {text}" for page, text in sorted(grades)]
    return "\n".join(["Reading grade (Flesch–Kincaid; limits: For patients 8, Key points 10):", *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=sorted(FORMATS), default="plain", help="output format (default: plain)")
    parser.add_argument("--project", type=Path, default=PROJECT_ROOT, help="folder holding mkdocs.yml")
    parser.add_argument("--log", type=Path, help="convert this saved build log instead of building")
    args = parser.parse_args(argv)

    if args.log:
        status, log = 0, args.log.read_text(encoding="utf-8")
    else:
        # MkDocs reads mkdocs.yml before any hook runs: its YAML errors are ours to explain, here.
        unreadable = mkdocs_yml_problems(args.project)
        if unreadable:
            for problem in unreadable:
                print(FORMATS[args.format](problem))
            print(f"{len(unreadable)} problem(s) in mkdocs.yml: the site cannot be built.", file=sys.stderr)
            return 1
        status, log = build_log(args.project)
    problems = convert(log, reader(args.project))
    for problem in problems:
        print(FORMATS[args.format](problem))
    grades = reading_grades(log)
    if grades:
        print(grade_table(grades), file=sys.stderr)
    if status != 0 and not problems:
        # A crash rather than a warning: show the log, never fail silently, never say "0 problem(s)".
        print(log, file=sys.stderr)
        print(
            "the strict build failed without naming a file and line (its log is above) — fix the error it ends"
            " with, and report it so the build learns to name the line",
            file=sys.stderr,
        )
        return 1
    if problems or status != 0:
        print(f"{len(problems)} problem(s): the strict build fails.", file=sys.stderr)
        return 1
    print("make check: the strict build is clean.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
