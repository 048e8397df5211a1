"""The whole bibliography as files readers can import: downloads/references.bib and downloads/references.ris.

Why: a clinician or researcher who wants the sources behind the site should get them into their
reference manager in one step, not copy 80 entries by hand. Both files are made from references.bib
(the file every citation on the site comes from) once per build, through pybtex's public API:
pybtex reads it (its @string macros expanded) and writes BibTeX; RIS is written by ris.py from the
same parsed entries, their LaTeX turned into plain text by pybtex's own reader. The References page
links to both (docs/references.md).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import latexcodec  # noqa: F401 (registers the "ulatex" codec)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from pybtex.database import BibliographyData, Entry, Person, parse_string

from . import bibtex_adapter, ris
from .problems import Problem, docs_path, report
from .references import latex_to_text
from .state import Build

BIBTEX_DOWNLOAD = "downloads/references.bib"
RIS_DOWNLOAD = "downloads/references.ris"
# BibTeX fields and the RIS tag each becomes (authors, editors, pages and the type are mapped on their own).
RIS_TAGS = (
    ("title", "TI"),
    ("journal", "JO"),
    ("booktitle", "T2"),
    ("year", "PY"),
    ("volume", "VL"),
    ("number", "IS"),
    ("publisher", "PB"),
    ("institution", "PB"),
    ("organization", "PB"),
    ("address", "CY"),
    ("howpublished", "M3"),
    ("type", "M3"),
    ("doi", "DO"),
    ("url", "UR"),
    ("annotation", "N1"),
)


# --- Steps ---------------------------------------------------------------------------------------


def add_bibliography_files(build: Build, files: Files) -> None:
    """Publish the bibliography as BibTeX and RIS (nothing when the site has no references.bib)."""
    config = build.config
    bib_path = bibtex_adapter.bibliography_path(config)
    if bib_path is None or not build.references.entries:
        return
    data = parse_string(Path(bib_path).read_text(encoding="utf-8"), "bibtex")
    add_generated_file(files, config, BIBTEX_DOWNLOAD, bibtex_text(data))
    add_generated_file(files, config, RIS_DOWNLOAD, ris_text(data))


# --- Writing -------------------------------------------------------------------------------------


def bibtex_text(data: BibliographyData) -> str:
    """Every entry as BibTeX, in the file's order (pybtex's writer).

    pybtex's writer takes Unicode text and escapes LaTeX's special characters itself, while its
    parser keeps the LaTeX as written; written back unchanged, `\\&` would become `\\\\&`. So each
    field and name is decoded first (latexcodec, the codec pybtex writes with): accents become
    letters, `\\&` an ampersand, and braces that keep a word's capitals stay.
    """
    decoded = BibliographyData()
    for key, entry in data.entries.items():
        fields = {name: decode_latex(value) for name, value in entry.fields.items()}
        persons = {role: [_decoded_person(person) for person in people] for role, people in entry.persons.items()}
        decoded.add_entry(key, Entry(entry.type, fields=fields, persons=persons))
    return decoded.to_string("bibtex")


def decode_latex(text: str) -> str:
    """LaTeX as Unicode, braces kept: 'Reiker{\\aa}s' -> 'Reiker{å}s', 'Bone \\& Joint' -> 'Bone & Joint'."""
    return codecs.decode(text, "ulatex")


def _decoded_person(person: Person) -> Person:
    return Person(
        first=decode_latex(" ".join(person.first_names)),
        middle=decode_latex(" ".join(person.middle_names)),
        prelast=decode_latex(" ".join(person.prelast_names)),
        last=decode_latex(" ".join(person.last_names)),
        lineage=decode_latex(" ".join(person.lineage_names)),
    )


def ris_text(data: BibliographyData) -> str:
    """Every entry as an RIS record, in the file's order."""
    return ris.write_ris(ris_record(key, entry) for key, entry in data.entries.items())


def ris_record(key: str, entry: Entry) -> str:
    """One entry as RIS: its type, authors and editors, title, source, numbers, identifiers."""
    fields: list[tuple[str, str]] = [("ID", key)]
    fields += [("AU", ris_name(person)) for person in entry.persons.get("author", [])]
    fields += [("ED", ris_name(person)) for person in entry.persons.get("editor", [])]
    for name, tag in RIS_TAGS:
        if name in entry.fields:
            value = entry.fields[name]
            fields.append((tag, value if name in ("url", "doi") else latex_to_text(value)))
    first, _, last = entry.fields.get("pages", "").replace("--", "-").partition("-")
    fields += [("SP", first.strip()), ("EP", last.strip())]
    if "pmid" in entry.fields:
        fields.append(("AN", f"PMID: {entry.fields['pmid']}"))
    if "pmcid" in entry.fields:
        fields.append(("C2", entry.fields["pmcid"]))
    record_type = "ELEC" if entry.type.lower() == "misc" and "url" in entry.fields else ris.ris_type(entry.type)
    return ris.ris_record(record_type, fields)


def ris_name(person: Person) -> str:
    """'Last, First Middle' (RIS's form); an organisation written in braces stays whole."""
    last = latex_to_text(" ".join(person.prelast_names + person.last_names))
    given = latex_to_text(" ".join(person.first_names + person.middle_names))
    lineage = latex_to_text(" ".join(person.lineage_names))
    return ", ".join(part for part in (last, given, lineage) if part)


# --- Helper functions ----------------------------------------------------------------------------


def add_generated_file(files: Files, config: MkDocsConfig, path: str, content: str) -> None:
    """Publish a file the build writes; a file of that name in docs/ is an error (the build's copy would hide it)."""
    existing = files.get_file_from_path(path)
    if existing is not None:
        what = "the build writes this file itself"
        report(Problem(None, what, "remove it from the docs folder", file=docs_path(config, path)))
        files.remove(existing)
    files.append(File.generated(config, path, content=content))
