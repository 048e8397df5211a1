"""What readers see of references.bib: no LaTeX command left as text, known entry types, not an empty file.

Why this exists: pybtex decodes the LaTeX it knows (accents, `\\&`, `$\\alpha$`) and prints any other
command as text, so `\\textit{SCS} \\foo{}` in a title reaches readers as "\\textit SCS \\foo"; and an
empty references.bib (a bad merge, a truncated save) gave one "unknown citation key" message per
citation and never said the file was empty. `check_formatted_text` (on_pre_build, once each entry is
formatted) reports each command left in an entry's text at its field's line, and each entry type the
site's style has no template for (it would silently be formatted as `@misc`); `report_empty_file`
(on_env) replaces the per-citation messages with one, at the file.
"""

from __future__ import annotations

import difflib
import re

from .problems import Problem, report
from .reference_style import VancouverStyle
from .references import ReferenceDatabase

LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def check_formatted_text(database: ReferenceDatabase) -> None:
    """Each LaTeX command the formatted text of an entry still shows, at the line of its field."""
    for key, text in database.formatted.items():
        entry = database.get(key)
        if entry is None:
            continue
        for command in dict.fromkeys(LATEX_COMMAND.findall(text)):
            field = next((name for name, value in entry.fields.items() if command in value), None)
            line = entry.field_lines.get(field, entry.line) if field else entry.line
            where = f" in '{field}'" if field else ""
            report(
                Problem(
                    line,
                    f"entry '{key}': the LaTeX command '{command}'{where} is shown to readers as text",
                    "write the plain text it stands for (accented letters as Unicode, e.g. é), or remove it",
                    file=database.display_path,
                )
            )


def entry_types() -> tuple[str, ...]:
    """The entry types the site's style formats: the ones it has a template for."""
    return tuple(
        sorted(
            name[len("get_") : -len("_template")]
            for name in dir(VancouverStyle)
            if name.startswith("get_") and name.endswith("_template")
        )
    )


def check_entry_types(database: ReferenceDatabase) -> None:
    """Each entry whose type the style does not know (`@artcle`) at its line, with the closest type."""
    known = entry_types()
    for key, entry in database.entries.items():
        if entry.entry_type not in known:
            closest = difflib.get_close_matches(entry.entry_type, known, n=1, cutoff=0.6)
            hint = f" (closest: '@{closest[0]}')" if closest else ""
            report(
                Problem(
                    entry.line,
                    f"entry '{key}': unknown entry type '@{entry.entry_type}'{hint}",
                    f"use one of: {', '.join('@' + name for name in known)}",
                    file=database.display_path,
                )
            )


def has_no_entries(database: ReferenceDatabase) -> bool:
    """True when references.bib was read and holds no entry at all (and no problem explains why)."""
    return not database.entries and not database.problems and bool(database.display_path)


def report_empty_file(database: ReferenceDatabase, citations: list[str], file_text: str) -> None:
    """One message for a references.bib with no entries that pages cite (`citations`: 'page:line 'key'')."""
    if not citations:
        return
    what = "is empty" if not file_text.strip() else "has no entries (only comments or text outside entries)"
    report(
        Problem(
            1,
            f"{database.display_path} {what}, but {len(citations)} citation(s) need it (first: {citations[0]})",
            f"restore the file (git checkout {database.display_path}) or add the entries the pages cite",
            file=database.display_path,
        )
    )
