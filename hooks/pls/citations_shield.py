"""Hide from mkdocs-bibtex what it must not rewrite: code, and citations it would silently drop.

Why this exists: mkdocs-bibtex rewrites `[@key]` anywhere in the Markdown, code blocks and inline
code included, and deletes a citation whose key it does not know or cannot read. Just before it runs this
step replaces '@' inside code with a marker (markers.py), which
citations_format puts back right after mkdocs-bibtex, and turns each broken citation into visible,
marked text ("[@smith2020] (unknown reference)"), so without --strict (mkdocs serve) the reader and
the editor still see where a reference is missing. citations_checks has already reported it. A
citation written across line breaks is put on one line here, the last step before mkdocs-bibtex
(which reads a citation only within one line), so every check before it still counts the author's lines.
"""

from __future__ import annotations

from . import citations, references


def shield(markdown: str, database: references.ReferenceDatabase) -> str:
    """The page's Markdown with code masked, citations on one line, and every broken citation item made visible text."""
    # A citation written across line breaks goes on one line: mkdocs-bibtex reads one line at a time.
    masked = citations.join_citation_lines(citations.mask_code(markdown))
    pieces, position = [], 0
    for block in citations.find_citation_blocks(masked):
        diagnosed = [(item, citations.diagnose(item, database)) for item in block.items]
        if not any(problem for _, problem in diagnosed):
            continue
        good_keys = [item.key for item, problem in diagnosed if problem is None]
        replacement = f"[{'; '.join('@' + key for key in good_keys)}]" if good_keys else ""
        replacement += "".join(citations.broken_citation_html(item, problem) for item, problem in diagnosed if problem)
        pieces.append(masked[position : block.start])
        pieces.append(replacement)
        position = block.end
    pieces.append(masked[position:])
    return "".join(pieces)
