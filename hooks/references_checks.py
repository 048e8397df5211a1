"""Check references.bib once per build, before mkdocs-bibtex reads it.

Why this exists: a duplicate key or a syntax error in references.bib makes pybtex (inside
mkdocs-bibtex) stop the build with a traceback that names neither the file's line nor the fix; an
entry without its '@' vanishes silently; an incomplete entry is published, or cannot be formatted at
all. This hook parses references.bib with the `references` module (one parse per build), reports
every problem as `references.bib:<line>: what — fix`, and stops the build cleanly on the problems
pybtex cannot survive. Once mkdocs-bibtex is configured it formats every entry once (the References
page and the footnotes use that text) and, after all pages are read, lists the entries nobody cites.
"""

from __future__ import annotations

import os
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import Citation

import citations
import references

log = mkdocs.plugins.get_plugin_logger(__name__)


# --- Hooks -------------------------------------------------------------------------------------


@mkdocs.plugins.event_priority(100)  # before mkdocs-bibtex's on_config parses the file with pybtex
def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Parse references.bib, report its problems, stop on those pybtex would crash on."""
    bib_path = bibliography_path(config)
    if bib_path is None:
        references.set_current_references(references.ReferenceDatabase())
        return None
    display_path = project_relative(bib_path, config)
    database = references.load_references(bib_path, display_path)
    references.set_current_references(database)

    for problem in database.problems:
        report = log.error if problem.fatal else log.warning
        report(f"{database.location(problem.line)}: {problem.message}")
    fatal = database.fatal_problems
    if fatal:
        raise PluginError(
            f"{display_path}: {len(fatal)} problem(s) listed above stop the build before mkdocs-bibtex "
            f"reads the file — fix them and build again"
        )
    return None


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Format every entry once with mkdocs-bibtex's own formatter; report those it cannot format."""
    registry = bibtex_registry(config)
    if registry is None:
        return
    database = references.current_references()
    database.formatted.clear()
    database.unformattable.clear()
    database.formatted_html.clear()
    html_of = getattr(registry.reference_text, "html", lambda key: None)  # bibtex_cache's fast path
    for key, entry in database.entries.items():
        try:
            database.formatted[key] = registry.reference_text(Citation(key=key))
            html = html_of(key)
            if html is not None:
                database.formatted_html[key] = html
        except Exception as error:  # pybtex raises several kinds for an entry its style cannot render
            reason = " ".join(str(error).split()) or type(error).__name__
            database.unformattable[key] = reason
            if not references.missing_required_fields(entry):  # otherwise already reported in on_config
                log.warning(
                    f"{database.location(entry.line)}: entry '{key}' cannot be formatted by mkdocs-bibtex "
                    f"({reason}) — add the missing field or use an entry type that fits the source"
                )


def on_env(env, *, config: MkDocsConfig, files):
    """After every page was read: list the entries no page cites (visible, but not a failure)."""
    database = references.current_references()
    cited = citations.current_index().cited_keys()
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
    return env


# --- Helper functions --------------------------------------------------------------------------


def bibliography_path(config: MkDocsConfig) -> Path | None:
    """The bib file mkdocs-bibtex reads (its `bib_file`, relative to mkdocs.yml), if configured."""
    plugin = config.plugins.get("bibtex")
    bib_file = getattr(plugin, "config", {}).get("bib_file") if plugin else None
    if not bib_file:
        return None
    return Path(os.path.dirname(config.config_file_path), bib_file)


def bibtex_registry(config: MkDocsConfig):
    """mkdocs-bibtex's registry (it formats entries), once its on_config has run."""
    plugin = config.plugins.get("bibtex")
    return getattr(plugin, "registry", None)


def project_relative(path: Path, config: MkDocsConfig) -> str:
    """A path as the editor sees it: relative to the folder of mkdocs.yml."""
    return Path(os.path.relpath(path, os.path.dirname(config.config_file_path))).as_posix()
