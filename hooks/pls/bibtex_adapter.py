"""The one place our code touches mkdocs-bibtex: its configuration, its registry, its formatted text.

Why this exists: mkdocs-bibtex (archived upstream) stays the citation plugin, but what it exposes is
not a documented API: the plugin's `bib_file` option, the `registry` it builds in its on_config (its
pybtex `bib_data`, and `reference_text(citation)`, the text of each footnote), and its citation
block parser. Everything the pipeline needs from it goes through the
functions below, so a new version of the plugin is checked here and nowhere else.
`check_version` stops the build on any version other than the one this file was verified against
(tests/test_bibtex_adapter.py fails first when the pin in requirements.txt moves).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import CitationBlock

DISTRIBUTION = "mkdocs-bibtex"
VERIFIED_VERSION = "4.4.0"


def check_version(installed_version: Callable[[str], str]) -> None:
    """Raise PluginError unless mkdocs-bibtex is the version this adapter was verified against."""
    installed = installed_version(DISTRIBUTION)
    if installed != VERIFIED_VERSION:
        raise PluginError(
            f"hooks/pls/bibtex_adapter.py: {DISTRIBUTION} {installed} is installed, but this adapter was "
            f"verified against {VERIFIED_VERSION} — check the functions in this file against the new "
            "version (run tests/test_bibtex_adapter.py), then update VERIFIED_VERSION"
        )


def bibliography_path(config: MkDocsConfig) -> Path | None:
    """The bib file mkdocs-bibtex reads (its `bib_file`, relative to mkdocs.yml), if configured."""
    plugin = config.plugins.get("bibtex")
    bib_file = getattr(plugin, "config", {}).get("bib_file") if plugin else None
    if not bib_file:
        return None
    return Path(os.path.dirname(config.config_file_path), bib_file)


def read_bib_file_from(config: MkDocsConfig, path: Path) -> None:
    """Make mkdocs-bibtex read `path` instead of its configured `bib_file` (before its on_config)."""
    plugin = config.plugins.get("bibtex")
    if plugin is not None:
        plugin.config["bib_file"] = str(path)


def registry(config: MkDocsConfig):
    """mkdocs-bibtex's registry (it formats entries), once its on_config has run; None without the plugin."""
    plugin = config.plugins.get("bibtex")
    return getattr(plugin, "registry", None)


def pybtex_entry(registry, key: str):
    """The pybtex Entry mkdocs-bibtex parsed for `key` (its `bib_data`), or None."""
    return pybtex_entries(registry).get(key)


def pybtex_entries(registry):
    """Every pybtex Entry mkdocs-bibtex parsed, by key, in the file's order."""
    return registry.bib_data.entries


def citation_blocks(markdown: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each citation block mkdocs-bibtex finds in `markdown`: as written ('[@a; @b]') and its keys."""
    return [
        (f"[{block.raw}]", tuple(citation.key for citation in block.citations))
        for block in CitationBlock.from_markdown(markdown)
    ]


def reuse_formatted(registry, formatted: Mapping[str, str]) -> None:
    """Let the registry answer each citation with this build's `formatted` text (our style, formatted once).

    mkdocs-bibtex would format an entry with pybtex's plain style each time a page cites it; the
    pipeline has formatted every entry once in the site's style (step `format_references`). The
    registry object outlives a build when no bib file changed, so each build gives it its own texts.
    """
    format_again = type(registry).reference_text.__get__(registry)

    def reference_text(citation) -> str:
        text = formatted.get(citation.key)
        return text if text is not None else format_again(citation)

    registry.reference_text = reference_text
