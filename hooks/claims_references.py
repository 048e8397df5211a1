"""DOI, PMID and a short label for each references.bib key, for the claims register and claims.json.

A thin seam over the citations library (hooks/references.py), which parses references.bib once per
build in references_checks' on_config (priority 100, before hooks/claims.py's on_config). Reading it
here rather than parsing the file again keeps one parse per build; checking references.bib stays the
citations hooks' job.
"""

from __future__ import annotations

from dataclasses import dataclass

import references


@dataclass(frozen=True)
class ReferenceIdentifiers:
    doi: str | None
    pmid: str | None
    label: str  # short form for readers, e.g. 'Kumar et al. 2007'


def reference_identifiers(database: references.ReferenceDatabase | None = None) -> dict[str, ReferenceIdentifiers]:
    """Every key in the bibliography with its DOI, PMID and short label (the current build's by default)."""
    database = database if database is not None else references.current_references()
    return {
        key: ReferenceIdentifiers(doi=entry.doi, pmid=entry.pmid, label=entry.short_label)
        for key, entry in database.entries.items()
    }
