"""Benchmark-only hook (``--floor``): serve every reference text from a file formatted before the build.

A full build with it costs what it would if formatting references took no time at all, so the
benchmark can split the full build's extra cost into formatting (cached build minus this one) and
everything else mkdocs-bibtex and our hooks do (this one minus the baseline: parsing
references.bib, rendering the footnotes, indexing them for search). Never used by the site.
"""

from __future__ import annotations

import json
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

TEXTS_FILE = "preformatted.json"


@mkdocs.plugins.event_priority(-200)  # after hooks/bibtex_cache.py (-100): replace its cache
def on_config(config: MkDocsConfig) -> None:
    texts = json.loads((Path(config.config_file_path).parent / TEXTS_FILE).read_text(encoding="utf-8"))
    config.plugins["bibtex"].registry.reference_text = lambda citation: texts[citation.key]


def write_preformatted(project: Path) -> None:
    """Format every entry of ``project``/references.bib as mkdocs-bibtex does, into TEXTS_FILE."""
    from mkdocs_bibtex.citation import Citation
    from mkdocs_bibtex.registry import SimpleRegistry

    registry = SimpleRegistry(bib_files=[str(project / "references.bib")])
    texts = {key: registry.reference_text(Citation(key)) for key in registry.bib_data.entries}
    (project / TEXTS_FILE).write_text(json.dumps(texts), encoding="utf-8")
