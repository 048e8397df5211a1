"""The whole bibliography as files readers can import: downloads/references.bib and downloads/references.ris.

Why: a clinician or researcher who wants the sources behind the site should get them into their
reference manager in one step, not copy 80 entries by hand. Both files are made from the entries
mkdocs-bibtex read from references.bib (the file every citation on the site comes from, its
@string macros expanded by pybtex), through pybtex's public API: pybtex writes each entry as
BibTeX, and ris.py writes it as RIS, its LaTeX turned into plain text by pybtex's own reader.
The References page links to both (docs/references.md).

Writing 2,000 entries costs seconds (LaTeX decoding), so each entry's two texts are kept in the
persistent cache (reference_cache, downloads.json), keyed on the entry as written; the files are
the entries' texts joined, exactly what pybtex writes for the whole file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import latexcodec  # noqa: F401 (registers the "ulatex" codec)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibtexWriter

from . import bibtex_adapter, reference_cache, references, ris
from .problems import Problem, docs_path, report
from .state import Build

BIBTEX_DOWNLOAD = "downloads/references.bib"
CACHE_FILE = "downloads.json"
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
# The code the cached texts depend on (with the library versions reference_cache adds).
DOWNLOADS_CODE = tuple(Path(module.__file__) for module in (ris, references, reference_cache)) + (Path(__file__),)


# --- Steps ---------------------------------------------------------------------------------------


def add_bibliography_files(build: Build, files: Files) -> None:
    """Publish the bibliography as BibTeX and RIS (nothing when the site has no references.bib)."""
    config = build.config
    registry = bibtex_adapter.registry(config)
    if registry is None or not build.references.entries:
        return
    cache = reference_cache.open_cache(config.config_file_path, CACHE_FILE, DOWNLOADS_CODE)
    bibtex_parts, ris_parts = [], []
    for key, entry in bibtex_adapter.pybtex_entries(registry).items():
        written = build.references.get(key)
        record_key = reference_cache.entry_key(written.text, build.references.shared_text) if written else None
        record = cache.get(record_key) if record_key else None
        if record is None:
            record = {"bibtex": bibtex_text(BibliographyData({key: entry})), "ris": ris_record(key, entry)}
            if record_key:
                cache.put(record_key, record)
        bibtex_parts.append(record["bibtex"])
        ris_parts.append(record["ris"])
    cache.save()
    add_generated_file(files, config, BIBTEX_DOWNLOAD, "\n".join(bibtex_parts))
    add_generated_file(files, config, RIS_DOWNLOAD, ris.write_ris(ris_parts))


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
    return write_bibtex(decoded)


def write_bibtex(data: BibliographyData) -> str:
    """pybtex's BibTeX writer, named directly: `data.to_string("bibtex")` would look it up among the
    installed packages' entry points on every call (a few milliseconds each, once per page)."""
    return BibtexWriter().to_string(data)


def decode_latex(text: str) -> str:
    """LaTeX as Unicode, braces kept: 'Reiker{\\aa}s' -> 'Reiker{å}s', 'Bone \\& Joint' -> 'Bone & Joint'."""
    return text if references.PLAIN_LATEX.fullmatch(text) else codecs.decode(text, "ulatex")


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
            fields.append((tag, value if name in ("url", "doi") else references.latex_to_text(value)))
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
    last = references.latex_to_text(" ".join(person.prelast_names + person.last_names))
    given = references.latex_to_text(" ".join(person.first_names + person.middle_names))
    lineage = references.latex_to_text(" ".join(person.lineage_names))
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
