"""DOI, PMID and a short label for each references.bib key, for the claims register and claims.json.

Stop-gap seam: the citations hook (issue 3) owns the references.bib loader. Until it lands, this one
function reads the file with pybtex, once per build (hooks/claims.py calls it from on_config). Swap
its body for the citations loader and nothing else changes. It never reports problems with the file:
checking references.bib is the citations hook's job; an unreadable file simply yields no identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pybtex.database import parse_file
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text


@dataclass(frozen=True)
class ReferenceIdentifiers:
    doi: str | None
    pmid: str | None
    label: str  # short form for readers, e.g. 'Kumar et al. 2007'


def reference_identifiers(bib_path: Path) -> dict[str, ReferenceIdentifiers]:
    """Every key in the bibliography with its DOI, PMID and short label."""
    try:
        bibliography = parse_file(str(bib_path), bib_format="bibtex")
    except (OSError, PybtexError):
        return {}
    identifiers = {}
    for key, entry in bibliography.entries.items():
        identifiers[key] = ReferenceIdentifiers(
            doi=_field(entry, "doi"),
            pmid=_field(entry, "pmid"),
            label=_short_label(entry, key),
        )
    return identifiers


def _field(entry, name: str) -> str | None:
    value = entry.fields.get(name, "").strip()
    return value or None


def _short_label(entry, key: str) -> str:
    authors = entry.persons.get("author") or entry.persons.get("editor") or []
    if authors:
        first = _plain(" ".join(authors[0].last_names)) or key
        who = (
            first
            if len(authors) == 1
            else (f"{first} and {_plain(' '.join(authors[1].last_names))}" if len(authors) == 2 else f"{first} et al.")
        )
    else:
        who = _plain(entry.fields.get("organization", "") or entry.fields.get("institution", "")) or key
    year = entry.fields.get("year", "").strip()
    return f"{who} {year}".strip()


def _plain(latex: str) -> str:
    """BibTeX text without braces or LaTeX accents: '{\\"U}ber' -> 'Über'."""
    return Text.from_latex(latex).render_as("text").strip() if latex else ""
