"""DOI, PMID and a short label for each references.bib key, for the claims register and claims.json.

A thin seam over the build's parse of references.bib (references.py, read by the pipeline's first
step, before the claims steps start). Reading it here rather than parsing the file again keeps one
parse per build; checking references.bib stays the references steps' job.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from . import references


@dataclass(frozen=True)
class ReferenceIdentifiers:
    doi: str | None
    pmid: str | None
    label: str  # short form for readers, e.g. 'Kumar et al. 2007'


class _LazyIdentifiers(Mapping[str, ReferenceIdentifiers]):
    """Key -> identifiers, each computed when first asked for: claims cite a few keys of many."""

    def __init__(self, database: references.ReferenceDatabase) -> None:
        self._database = database
        self._computed: dict[str, ReferenceIdentifiers] = {}

    def __getitem__(self, key: str) -> ReferenceIdentifiers:
        if key not in self._computed:
            entry = self._database.entries[key]  # KeyError for an unknown key, as a dict would
            self._computed[key] = ReferenceIdentifiers(doi=entry.doi, pmid=entry.pmid, label=entry.short_label)
        return self._computed[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._database.entries)

    def __len__(self) -> int:
        return len(self._database.entries)


def reference_identifiers(database: references.ReferenceDatabase) -> Mapping[str, ReferenceIdentifiers]:
    """Every key in the bibliography with its DOI, PMID and short label.

    Computed on first use per key: a short label decodes the authors' LaTeX, which adds up over
    thousands of entries when claims cite only some of them.
    """
    return _LazyIdentifiers(database)
