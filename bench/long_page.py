"""Time the build of one page with N cited paragraphs (N = 1,000, 5,000, 20,000 by default).

Why: the build must stay linear in a page's length. Python-Markdown numbers repeated references to
one footnote in quadratic time and mkdocs-bibtex rewrote the whole page once per citation block, so
1,000 / 2,000 / 4,000 cited paragraphs took 8.7 / 18.9 / 56.5 s and 20,000 never finished
(hooks/pls/footnote_refs.py). Each paragraph cites the fixture's first reference, every other one
two references, as a page citing one trial throughout would. It measures, it does not assert.

    .venv/bin/python bench/long_page.py [N ...]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sitebuilder import front_matter, make_fixture_site, run_build  # noqa: E402

DEFAULT_SIZES = (1000, 5000, 20000)


def long_page(paragraphs: int) -> str:
    """A valid page of `paragraphs` cited paragraphs."""
    body = "".join(
        f"Paragraph {number}: two trials found this [@kumar2007process; @north2005scs].\n\n"
        if number % 2
        else f"Paragraph {number}: a trial found this [@kumar2007process].\n\n"
        for number in range(paragraphs)
    )
    return front_matter("Long page", description='"A page with many cited paragraphs."') + "# Long page\n\n" + body


def time_build(paragraphs: int, folder: Path) -> float:
    project = make_fixture_site(folder, "fuzz-base", pages={"long.md": long_page(paragraphs)})
    start = time.perf_counter()
    result = run_build(project, folder / "site")
    elapsed = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"the build of {paragraphs} paragraphs failed:\n{result.log[-3000:]}")
    return elapsed


def main(argv: list[str]) -> None:
    sizes = [int(value) for value in argv] or list(DEFAULT_SIZES)
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    times = {}
    for paragraphs in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"pls-long-{paragraphs}-"))
        try:
            times[paragraphs] = time_build(paragraphs, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(
            f"{paragraphs:>6} paragraphs: {times[paragraphs]:6.1f} s ({1000 * times[paragraphs] / paragraphs:.2f} ms a paragraph)"
        )
    first, last = sizes[0], sizes[-1]
    print(f"t({last}) / t({first}) = {times[last] / times[first]:.1f} for {last / first:.0f} times the paragraphs")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
