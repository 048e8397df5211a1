"""Warn, from 1 March 2027, that Material for MkDocs reaches end of life on 5 May 2027.

Why: the theme gets critical fixes and security updates until that date and none after; the README
("When Material for MkDocs reaches end of life") says what the project does then. Two months' notice
is printed by `make serve`, `make build`, `make check` and `make test` (and shown as a warning
annotation in GitHub Actions); it fails a command only when PLS_TODAY is not a date. The date is
PLS_TODAY when set (as for the build's own date checks), else today's; nothing is printed once
Material is no longer installed.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import sys

MATERIAL_END_OF_LIFE = datetime.date(2027, 5, 5)
WARN_FROM = datetime.date(2027, 3, 1)
PLAN = "follow the plan in README.md, 'When Material for MkDocs reaches end of life'"


def notice(today: datetime.date, material_version: str | None) -> str | None:
    """The warning to print on `today`, or None (before March 2027, or without Material)."""
    if material_version is None or today < WARN_FROM:
        return None
    if today < MATERIAL_END_OF_LIFE:
        days = (MATERIAL_END_OF_LIFE - today).days
        when = f"reaches end of life on 5 May 2027, in {days} day{'s' if days != 1 else ''}"
    elif today == MATERIAL_END_OF_LIFE:
        when = "reaches end of life today, 5 May 2027"
    else:
        when = "reached end of life on 5 May 2027 and gets no more fixes"
    return f"Material for MkDocs {material_version} {when} — {PLAN}"


def today_from_environment() -> datetime.date:
    fixed = os.environ.get("PLS_TODAY")
    return datetime.date.fromisoformat(fixed) if fixed else datetime.date.today()


def installed_material() -> str | None:
    try:
        return importlib.metadata.version("mkdocs-material")
    except importlib.metadata.PackageNotFoundError:
        return None


def main() -> int:
    try:
        today = today_from_environment()
    except ValueError:
        print(
            f"PLS_TODAY is {os.environ['PLS_TODAY']!r}, not a date in YYYY-MM-DD form — unset it or fix it",
            file=sys.stderr,
        )
        return 2
    message = notice(today, installed_material())
    if message:
        prefix = (
            "::warning title=Material for MkDocs end of life::" if os.environ.get("GITHUB_ACTIONS") else "warning: "
        )
        print(prefix + message, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
