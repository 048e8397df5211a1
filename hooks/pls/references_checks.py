"""Steps for references.bib: check it before mkdocs-bibtex reads it, format each entry once, list the uncited.

Why this exists: a duplicate key or a syntax error in references.bib makes pybtex (inside
mkdocs-bibtex) stop the build with a traceback that names neither the file's line nor the fix; an
entry without its '@' vanishes silently; an incomplete entry is published, or cannot be formatted at
all. `read_references` parses references.bib with the `references` module (one parse per build),
reports every problem as `references.bib:<line>: what — fix`, and leaves out of what mkdocs-bibtex
reads each entry pybtex cannot survive: the strict build fails on the problem, while the rest of the
site still builds (a stopped build would leave `mkdocs serve` answering nothing until the file is
fixed). `format_references` gives every entry its text in the site's style
(reference_style), from the persistent cache (reference_cache) or formatted now: the References page
and the footnotes use that text. `report_uncited` lists the entries nobody cites.
"""

from __future__ import annotations

from pathlib import Path

from . import bibtex_adapter, reference_cache, reference_html, reference_style, references, source_files
from .problems import Problem, inform, project_path, report
from .state import Build

# The code a formatted reference depends on: a change to any of them is a new cache fingerprint.
FORMATTING_CODE = tuple(
    Path(module.__file__) for module in (reference_style, references, reference_html, reference_cache)
)


def read_references(build: Build) -> None:
    """Parse references.bib, report its problems; mkdocs-bibtex reads only the entries pybtex can read."""
    config = build.config
    bib_path = bibtex_adapter.bibliography_path(config)
    if bib_path is None:
        return
    display_path = build.bib_read_from_copy or project_path(config, bib_path)
    database = references.load_references(bib_path, display_path)
    build.references = database

    for problem in database.problems:
        report(problem.at(display_path))
    if database.fatal_problems:
        references.leave_out_unreadable(database)
        readable = database.shared_text + "".join(entry.text + "\n\n" for entry in database.entries.values())
        bibtex_adapter.read_bib_file_from(config, source_files.readable_copy(bib_path, readable))


def format_references(build: Build) -> None:
    """Every entry in the site's style (reference_style), from the cache or formatted now; report the unformattable."""
    registry = bibtex_adapter.registry(build.config)
    if registry is None:
        return
    database = build.references
    database.formatted.clear()
    database.unformattable.clear()
    cache = reference_cache.open_cache(build.config.config_file_path, reference_cache.CACHE_FILE, FORMATTING_CODE)
    style = None  # made on the first entry the cache does not have
    for key, entry in database.entries.items():
        record_key = reference_cache.entry_key(entry.text, database.shared_text)
        record = cache.get(record_key)
        if record is None:
            style = style or reference_style.VancouverStyle()
            try:
                markdown = reference_style.format_markdown(bibtex_adapter.pybtex_entry(registry, key), style)
            except Exception as error:  # pybtex raises several kinds for an entry the style cannot render
                reason = " ".join(str(error).split()) or type(error).__name__
                database.unformattable[key] = reason
                if not references.missing_required_fields(entry):  # otherwise already reported by read_references
                    report(
                        Problem(
                            entry.line,
                            f"entry '{key}' cannot be formatted ({reason})",
                            "add the missing field or use an entry type that fits the source",
                            file=database.display_path,
                        )
                    )
                continue
            html = reference_html.inline_html(
                references.reference_markdown(markdown, entry), build.entry_html.converter
            )
            record = {"markdown": markdown, "html": html, "annotation": entry.annotation, "label": entry.short_label}
            cache.put(record_key, record)
        database.formatted[key] = record["markdown"]
        build.entry_html[key] = record["html"]
        # Decoding LaTeX for these costs a millisecond an entry: the cache has them from the same text.
        entry.__dict__.update(annotation=record["annotation"], short_label=record["label"])
    cache.save()
    bibtex_adapter.reuse_formatted(registry, database.formatted)


def report_uncited(build: Build) -> None:
    """After every page was read: list the entries no page cites (visible, but not a failure)."""
    database = build.references
    cited = build.citations.cited_keys()
    uncited = [entry for key, entry in database.entries.items() if key not in cited]
    if uncited:
        listing = ", ".join(f"'{entry.key}' (line {entry.line})" for entry in uncited)
        count, them = (
            (f"{len(uncited)} entry is", "it") if len(uncited) == 1 else (f"{len(uncited)} entries are", "them")
        )
        inform(
            f"{database.display_path}: {count} cited on no page: {listing} — "
            f"cite {them} or remove {them} from {database.display_path}"
        )
