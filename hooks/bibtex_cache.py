"""Format each cited reference once per bibliography, and decode its LaTeX cheaply.

Why this exists: mkdocs-bibtex 4.4.0 (archived upstream) formats a reference with pybtex every
time a page cites it (``SimpleRegistry.reference_text``), and pybtex decodes every name and field
from LaTeX with latexcodec each time. On a 300-page synthetic site with 10 citations a page that
was two thirds of what mkdocs-bibtex added to the build (bench/README.md). This is the one place
that caches mkdocs-bibtex's output:

1. The registry's ``reference_text`` is memoised per citation key. The memo lives on the registry
   object, which mkdocs-bibtex replaces whenever a bibliography file changes (also under
   ``mkdocs serve``), so an edited ``references.bib`` is never served from a stale memo.
2. pybtex's ``Text.from_latex`` is memoised per string (``parse_latex``; pybtex's rich text is
   immutable: every operation returns a new object), and decodes through ``decode_latex``, which
   skips latexcodec for strings it would return unchanged (plain text: no backslash, ``~``,
   ``--``, quote ligatures, comment or math characters, no leading or doubled spaces). Journal
   names, years and many author names repeat across a bibliography.

Neither changes a byte of output: tests/test_bibtex_cache.py builds a site with and without this
hook, compares every page, and checks ``decode_latex`` and ``parse_latex`` against latexcodec
and pybtex.

It relies on the internals of the exact versions in ``WRAPPED_VERSIONS``; any other installed
version stops the build until this file has been re-verified against it.
"""

from __future__ import annotations

import codecs
import functools
import importlib.metadata
import re
from collections.abc import Callable

import latexcodec  # noqa: F401 - registers the "ulatex" codec
import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.registry import SimpleRegistry
from pybtex.markup import LaTeXParser
from pybtex.richtext import Text

# The distributions whose internals this hook wraps, at the versions it was verified against.
WRAPPED_VERSIONS = {"mkdocs-bibtex": "4.4.0", "pybtex": "0.26.1", "latexcodec": "3.0.1"}

# What makes latexcodec change a string: control sequences, comments, parameters, math, ties,
# the ligatures in its table (-- --- `` '' !` ?` ,,), tabs and newlines, leading or doubled spaces.
LATEX_SPECIAL = re.compile(r"[\\%#$~\n\t]|--|''|``|!`|\?`|,,|  |^ ")

PYBTEX_FROM_LATEX = Text.__dict__["from_latex"]


# --- Hooks -------------------------------------------------------------------------------------


@mkdocs.plugins.event_priority(-100)  # after mkdocs-bibtex (0) has (re)built its registry
def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Check the wrapped versions, then cache the registry's reference text for this build."""
    check_versions(importlib.metadata.version)
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError(
            "mkdocs.yml: hooks/bibtex_cache.py caches the 'bibtex' plugin's output, but that plugin "
            "is not configured — add 'bibtex' under plugins: or remove the hook from hooks:"
        )
    install_fast_latex_decoding()
    cache_reference_text(plugin.registry)
    return config


# --- Helper functions --------------------------------------------------------------------------


def check_versions(installed_version: Callable[[str], str]) -> None:
    """Raise PluginError unless every wrapped distribution is at the verified version."""
    for distribution, verified in WRAPPED_VERSIONS.items():
        installed = installed_version(distribution)
        if installed != verified:
            raise PluginError(
                f"hooks/bibtex_cache.py: {distribution} {installed} is installed, but this cache was "
                f"verified against {distribution} {verified} — re-verify the cache against the new "
                f"version (run tests/test_bibtex_cache.py and bench/run.py), then update WRAPPED_VERSIONS"
            )


class ReferenceTextCache:
    """A registry's ``reference_text``, memoised by citation key."""

    def __init__(self, format_reference: Callable) -> None:
        self.format_reference = format_reference
        self.texts: dict[str, str] = {}

    def __call__(self, citation) -> str:
        text = self.texts.get(citation.key)
        if text is None:
            text = self.texts[citation.key] = self.format_reference(citation)
        return text


def cache_reference_text(registry) -> None:
    """Memoise ``registry.reference_text`` unless this registry is already cached.

    A registry that is already cached is the one of the previous build: mkdocs-bibtex keeps it
    only while no bibliography file changed, so its formatted texts are still current.
    """
    if not isinstance(registry, SimpleRegistry):
        return  # PandocRegistry keeps its own cache
    if isinstance(registry.__dict__.get("reference_text"), ReferenceTextCache):
        return
    registry.reference_text = ReferenceTextCache(registry.reference_text)


@functools.lru_cache(maxsize=65536)
def decode_latex(latex: str) -> str:
    """latexcodec's decoding of ``latex`` (the "ulatex" codec), skipped where it is the identity."""
    if LATEX_SPECIAL.search(latex) is None:
        return latex
    return codecs.decode(latex, "ulatex")


@functools.lru_cache(maxsize=65536)
def parse_latex(latex: str) -> Text:
    """pybtex's ``Text.from_latex``, memoised: the same string always gives the same rich text."""
    return LaTeXParser(decode_latex(latex)).parse()


def _from_latex(cls, latex: str) -> Text:
    return parse_latex(latex)


def install_fast_latex_decoding() -> None:
    """Make pybtex parse LaTeX through ``parse_latex`` (same result, memoised)."""
    Text.from_latex = classmethod(_from_latex)


def uninstall_fast_latex_decoding() -> None:
    """Restore pybtex's own ``Text.from_latex``."""
    Text.from_latex = PYBTEX_FROM_LATEX
