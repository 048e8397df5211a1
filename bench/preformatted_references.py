"""Benchmark-only hook (``--floor``): serve every reference text from a file formatted before the build.

A full build with it costs what it would if formatting references (text and HTML) took no time at
all, so the benchmark can split the full build's extra cost into formatting (cached build minus this
one) and everything else mkdocs-bibtex and our hooks do (this one minus the baseline: parsing
references.bib, the footnotes, claims and page checks). Never used by the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

TEXTS_FILE = "preformatted.json"


class Preformatted:
    """Stands in for bibtex_cache's ReferenceTextCache: each entry's text, and its HTML, looked up."""

    def __init__(self, formatted: dict) -> None:
        self.formatted = formatted

    def __call__(self, citation) -> str:
        return self.formatted[citation.key]["text"]

    def html(self, key: str) -> str | None:
        return self.formatted[key]["html"]


@mkdocs.plugins.event_priority(-200)  # after hooks/bibtex_cache.py (-100): replace its cache
def on_config(config: MkDocsConfig) -> None:
    formatted = json.loads((Path(config.config_file_path).parent / TEXTS_FILE).read_text(encoding="utf-8"))
    config.plugins["bibtex"].registry.reference_text = Preformatted(formatted)


def write_preformatted(project: Path) -> None:
    """Format every entry of ``project``/references.bib as the build does (text and HTML), into TEXTS_FILE."""
    import sys

    from mkdocs_bibtex.citation import Citation
    from mkdocs_bibtex.registry import SimpleRegistry

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
    import bibtex_cache

    registry = SimpleRegistry(bib_files=[str(project / "references.bib")])
    bibtex_cache.cache_reference_text(registry)
    formatted = {
        key: {"text": registry.reference_text(Citation(key)), "html": registry.reference_text.html(key)}
        for key in registry.bib_data.entries
    }
    (project / TEXTS_FILE).write_text(json.dumps(formatted), encoding="utf-8")
