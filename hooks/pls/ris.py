"""Write RIS, the reference-manager exchange format (EndNote, Zotero, Mendeley, RefWorks read it).

Why our own: pybtex reads and writes BibTeX but has no RIS writer, and the format is small. A
record is one `TAG  - value` line per field, starting with `TY` (the kind of work) and ending with
`ER  - `; a tag is two capital letters or a capital letter and a digit; lines end with CR LF, as
the format's specification asks and Windows reference managers expect. A value is one line: any
line break inside it becomes a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from types import MappingProxyType

LINE_END = "\r\n"
TAG = re.compile(r"[A-Z][A-Z0-9]")
# The RIS types this site needs, from BibTeX's entry types (anything else is a generic record).
TYPES_FROM_BIBTEX = MappingProxyType(
    {
        "article": "JOUR",
        "book": "BOOK",
        "inbook": "CHAP",
        "incollection": "CHAP",
        "inproceedings": "CPAPER",
        "conference": "CPAPER",
        "techreport": "RPRT",
        "report": "RPRT",
        "phdthesis": "THES",
        "mastersthesis": "THES",
        "misc": "GEN",
        "online": "ELEC",
    }
)


def ris_type(bibtex_type: str) -> str:
    """The RIS record type for a BibTeX entry type ('article' -> 'JOUR'; unknown -> 'GEN')."""
    return TYPES_FROM_BIBTEX.get(bibtex_type.lower(), "GEN")


def ris_record(record_type: str, fields: Sequence[tuple[str, str]]) -> str:
    """One record: TY first, each (tag, value) in order (a tag may repeat, e.g. AU), ER last.

    Fields with an empty value are left out; a tag that is not RIS's two-character form is a
    programming error and raises ValueError.
    """
    lines = [_line("TY", record_type)]
    for tag, value in fields:
        if tag in ("TY", "ER"):
            raise ValueError(f"RIS tag {tag} is written by ris_record itself")
        text = " ".join(str(value).split())
        if text:
            lines.append(_line(tag, text))
    lines.append("ER  - ")
    return LINE_END.join(lines) + LINE_END


def write_ris(records: Iterable[str]) -> str:
    """Several records, one blank line between them."""
    return LINE_END.join(records)


def _line(tag: str, value: str) -> str:
    if not TAG.fullmatch(tag):
        raise ValueError(f"{tag!r} is not an RIS tag (two characters: a capital letter, then a capital or a digit)")
    return f"{tag}  - {value}"
