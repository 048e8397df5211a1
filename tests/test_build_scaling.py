"""A page with 20,000 cited paragraphs builds, and every citation on it is a numbered footnote.

Python-Markdown numbered repeated references to one footnote in quadratic time, and mkdocs-bibtex
rewrote the whole page once per citation block: such a page never finished (hooks/pls/footnote_refs.py).
No time is asserted (bench/long_page.py measures); the build must end, within the run's timeout,
with the output Python-Markdown would have written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sitebuilder import make_fixture_site, run_build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from long_page import long_page  # noqa: E402

PARAGRAPHS = 20_000
REFERENCE = re.compile(
    r'<sup id="fnref(?P<n>\d*):(?P<key>[^"]+)"><a class="footnote-ref" href="#fn:(?P=key)">(?P<number>\d+)</a></sup>'
)


def test_a_page_of_20000_cited_paragraphs_builds_with_every_citation_numbered(tmp_path):
    project = make_fixture_site(tmp_path, "fuzz-base", pages={"long.md": long_page(PARAGRAPHS)})
    result = run_build(project, tmp_path / "site")
    assert result.ok, result.log[-3000:]
    html = result.page("long/")
    references = REFERENCE.findall(html)
    # Half the paragraphs cite one source, half two: 30,000 references, numbered 1 and 2.
    assert len(references) == PARAGRAPHS * 3 // 2
    assert {(key, number) for _, key, number in references} == {("kumar2007process", "1"), ("north2005scs", "2")}
    ids = [f"fnref{n}:{key}" for n, key, _ in references]
    assert len(set(ids)) == len(ids), "each reference has an id of its own"
    assert "[^" not in html and "[@" not in html
