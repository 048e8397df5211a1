"""Steps for references.bib: check it before mkdocs-bibtex reads it, format each entry once, list the uncited.

Why this exists: a duplicate key or a syntax error in references.bib makes pybtex (inside
mkdocs-bibtex) stop the build with a traceback that names neither the file's line nor the fix; an
entry without its '@' vanishes silently; an incomplete entry is published, or cannot be formatted at
all. `read_references` parses references.bib with the `references` module (one parse per build),
reports every problem as `references.bib:<line>: what — fix`, and stops the build cleanly on the
problems pybtex cannot survive. `format_references` formats every entry once with mkdocs-bibtex (the
References page and the footnotes use that text); `report_uncited` lists the entries nobody cites.
"""

from __future__ import annotations

import os
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from . import bibtex_adapter, references
from .state import Build

log = mkdocs.plugins.get_plugin_logger(__name__)


def read_references(build: Build) -> None:
    """Parse references.bib, report its problems, stop on those pybtex would crash on."""
    config = build.config
    bib_path = bibtex_adapter.bibliography_path(config)
    if bib_path is None:
        return
    display_path = project_relative(bib_path, config)
    database = references.load_references(bib_path, display_path)
    build.references = database

    for problem in database.problems:
        report = log.error if problem.fatal else log.warning
        report(f"{database.location(problem.line)}: {problem.message}")
    fatal = database.fatal_problems
    if fatal:
        raise PluginError(
            f"{display_path}: {len(fatal)} problem(s) listed above stop the build before mkdocs-bibtex "
            f"reads the file — fix them and build again"
        )


def format_references(build: Build) -> None:
    """Format every entry once with mkdocs-bibtex's own formatter; report those it cannot format."""
    registry = bibtex_adapter.registry(build.config)
    if registry is None:
        return
    database = build.references
    database.formatted.clear()
    database.unformattable.clear()
    for key, entry in database.entries.items():
        try:
            database.formatted[key] = bibtex_adapter.format_entry(registry, key)
        except Exception as error:  # pybtex raises several kinds for an entry its style cannot render
            reason = " ".join(str(error).split()) or type(error).__name__
            database.unformattable[key] = reason
            if not references.missing_required_fields(entry):  # otherwise already reported by read_references
                log.warning(
                    f"{database.location(entry.line)}: entry '{key}' cannot be formatted by mkdocs-bibtex "
                    f"({reason}) — add the missing field or use an entry type that fits the source"
                )
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
        log.info(
            f"{database.display_path}: {count} cited on no page: {listing} — "
            f"cite {them} or remove {them} from {database.display_path}"
        )


def project_relative(path: Path, config: MkDocsConfig) -> str:
    """A path as the editor sees it: relative to the folder of mkdocs.yml."""
    return Path(os.path.relpath(path, os.path.dirname(config.config_file_path))).as_posix()
