"""Every example in CONTRIBUTING.md is built for real, so the guide cannot drift from what the build accepts.

Examples are fenced blocks with a `title="…"` in their info string:

- `docs/<path>.md`: a whole page, written to that path;
- `references.bib`: entries, all of them together forming the fixture site's references.bib;
- `mkdocs.yml`: a nav excerpt, which must list the example pages and otherwise real pages;
- `part of a page`: a body fragment, built inside a page of its own;
- `make check output`: the exact line `make check` prints after the mistake described in the
  `<!-- example-mistake: <file>: <old> -> <new> -->` comment above it is made on that line.

`sh` blocks hold commands; every `make` target they name must exist.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import serve_folder
from pls import front_matter as front_matter_hook
from sitebuilder import PROJECT_ROOT, build_env, make_fixture_site, run_build, with_today

CONTRIBUTING = PROJECT_ROOT / "CONTRIBUTING.md"
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<lang>[\w-]*)\s*(?P<info>.*)$")
TITLE = re.compile(r'title="(?P<title>[^"]+)"')
MISTAKE = re.compile(r"^<!-- example-mistake: (?P<file>\S+): (?P<old>.+?) -> (?P<new>.+?) -->$")
KNOWN_TITLES = ("references.bib", "mkdocs.yml", "part of a page", "make check output")


@dataclass(frozen=True)
class Example:
    lang: str
    title: str | None
    body: str
    line: int  # line of the opening fence in CONTRIBUTING.md
    mistake: tuple[str, str, str] | None = None  # (file, old, new) for a `make check output` block


def read_examples(text: str) -> list[Example]:
    """Every fenced block of CONTRIBUTING.md, with its title and the mistake comment before it."""
    found: list[Example] = []
    lines = text.splitlines()
    index = 0
    mistake = None
    while index < len(lines):
        if match := MISTAKE.match(lines[index].strip()):
            mistake = (match["file"], match["old"], match["new"])
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        index += 1
        start = index
        while index < len(lines) and not re.match(rf"^ *{re.escape(fence[0])}{{{len(fence)},}}\s*$", lines[index]):
            body.append(lines[index][indent:] if lines[index][:indent].strip() == "" else lines[index])
            index += 1
        title = TITLE.search(opening["info"])
        found.append(
            Example(opening["lang"], title["title"] if title else None, "\n".join(body) + "\n", start, mistake)
        )
        mistake = None
        index += 1
    return found


EXAMPLES = read_examples(CONTRIBUTING.read_text(encoding="utf-8"))


def _titled(title: str) -> list[Example]:
    return [example for example in EXAMPLES if example.title == title]


def _pages() -> dict[str, str]:
    """Example pages by docs/ path, and each page fragment wrapped in a page of its own."""
    pages = {ex.title.removeprefix("docs/"): ex.body for ex in EXAMPLES if (ex.title or "").startswith("docs/")}
    template = next(iter(pages.values()))
    head = template[: template.index("\n---\n") + len("\n---\n")]
    for number, fragment in enumerate(_titled("part of a page"), 1):
        title = f"Fragment {number}"
        page_head = re.sub(r"^title: .*$", f'title: "{title}"', head, count=1, flags=re.MULTILINE)
        pages[f"fragments/fragment-{number}.md"] = f"{page_head}\n# {title}\n\n{fragment}"
    return pages


def _bib() -> str:
    return "\n".join(example.body for example in _titled("references.bib"))


def _layout(tmp_path: Path, pages: dict[str, str] | None = None) -> Path:
    return make_fixture_site(tmp_path, "meta-contributing", pages=pages or _pages(), bib=_bib())


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contributing")
    return run_build(_layout(folder), folder / "site")


# --- The examples are all accounted for -----------------------------------------------------------


def test_contributing_has_the_examples_the_guide_promises():
    assert [ex for ex in EXAMPLES if (ex.title or "").startswith("docs/")], "no page example"
    assert _titled("references.bib") and _titled("mkdocs.yml") and _titled("part of a page")
    assert _titled("make check output")


def test_every_titled_example_is_one_the_tests_build():
    for example in EXAMPLES:
        if example.title is None:
            assert example.lang in ("sh", "text", ""), (
                f"CONTRIBUTING.md:{example.line}: untitled {example.lang} example"
            )
            continue
        known = example.title in KNOWN_TITLES or re.fullmatch(r"docs/[\w/-]+\.md", example.title)
        assert known, f"CONTRIBUTING.md:{example.line}: no test builds an example titled {example.title!r}"


def test_front_matter_table_lists_exactly_the_required_fields():
    text = CONTRIBUTING.read_text(encoding="utf-8")
    table = text[text.index("| Field | What to write |") :].split("\n\n", 1)[0]
    fields = re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)
    schema = front_matter_hook.load_schema()
    required = schema["required"]
    assert fields[: len(required)] == required, "the required fields first, in the schema's order"
    optional = fields[len(required) :]
    assert all(field in schema["properties"] and field not in required for field in optional), optional


# --- They build -----------------------------------------------------------------------------------


def test_the_examples_build_strictly_into_a_site(example_site):
    assert example_site.ok, example_site.log
    assert "WARNING" not in example_site.log, example_site.log


def test_the_example_page_shows_its_parts(example_site):
    page_path = next(ex.title for ex in EXAMPLES if (ex.title or "").startswith("docs/"))
    url = page_path.removeprefix("docs/").removesuffix(".md") + "/"
    html = BeautifulSoup(example_site.page(url), "html.parser")
    article = html.select_one("article")
    assert article.select_one("h1").get_text(strip=True).startswith("Spinal cord stimulation (example)")
    assert [label.get_text(strip=True) for label in article.select(".tabbed-labels label")] == [
        "For patients",
        "For clinicians",
    ]
    assert article.select_one(".admonition.abstract .admonition-title").get_text(strip=True) == "Key points"
    assert "A second editor has not checked it yet" in article.select_one(".pls-page-status").get_text()
    text = article.get_text(" ", strip=True)
    assert "gave at least half leg-pain relief at 6 months to more people" in text
    assert "[@" not in text, "every citation must be rendered"
    assert "Spinal cord stimulation versus conventional medical management" in text, "the reference is listed"


def test_the_nav_example_lists_the_example_pages_and_real_pages():
    (example,) = _titled("mkdocs.yml")
    listed: list[str] = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            walk(value) if isinstance(value, list) else listed.append(value)

    walk(yaml.safe_load(example.body)["nav"])
    example_pages = {ex.title.removeprefix("docs/") for ex in EXAMPLES if (ex.title or "").startswith("docs/")}
    assert example_pages <= set(listed)
    for path in set(listed) - example_pages:
        assert (PROJECT_ROOT / "docs" / path).is_file(), f"the nav example lists {path}, which is not in docs/"


def test_the_commands_in_contributing_exist():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.MULTILINE))
    text = CONTRIBUTING.read_text(encoding="utf-8")
    commands = [line for ex in EXAMPLES if ex.lang == "sh" for line in ex.body.splitlines()] + re.findall(
        r"`(make \w+)`", text
    )
    for command in commands:
        if match := re.match(r"\s*make (\w+)", command):
            assert match[1] in targets, f"CONTRIBUTING.md names 'make {match[1]}', which the Makefile lacks"
    locked = (PROJECT_ROOT / "requirements.txt").read_text()
    assert re.search(r"^pre[-_]commit==", locked, re.MULTILINE), ".venv/bin/pre-commit must be installed"


# --- A mistake is reported where the guide says ------------------------------------------------


@pytest.mark.parametrize("example", _titled("make check output"), ids=lambda ex: f"CONTRIBUTING.md:{ex.line}")
def test_documented_mistake_is_reported_at_its_file_and_line(tmp_path, example):
    """The guide's sample output is what `make check` prints for the mistake it describes.

    The unknown-citation case relies on hooks/pls/citations_checks.py, whose messages name the page,
    the line and the fix; mkdocs-bibtex alone names neither the page nor the line.
    """
    assert example.mistake, f"CONTRIBUTING.md:{example.line}: no <!-- example-mistake: … --> comment before it"
    file, old, new = example.mistake
    expected = example.body.strip()
    location = re.match(rf"^{re.escape(file)}:(\d+): ", expected)
    assert location, f"the sample output does not start with {file}:<line>:"
    line = int(location[1])

    pages = _pages()
    source = pages[file.removeprefix("docs/")].splitlines()
    assert old in source[line - 1], f"line {line} of the example page does not hold {old!r}"
    source[line - 1] = source[line - 1].replace(old, new, 1)
    pages[file.removeprefix("docs/")] = "\n".join(source) + "\n"
    project = _layout(tmp_path, pages)

    completed = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "check.py"), "--project", str(project)],
        capture_output=True,
        text=True,
        env=with_today(build_env(), project),  # the fixture's fixed today
        timeout=300,
    )
    assert completed.returncode == 1
    assert expected in completed.stdout.splitlines(), completed.stdout


# --- A newcomer sees the page on the served site --------------------------------------------------


@pytest.mark.browser
def test_the_example_page_is_served_and_readable_in_a_browser(example_site, page):
    assert example_site.ok, example_site.log
    base, server = serve_folder(example_site.site_dir)
    try:
        page.goto(base + "treatment/example-scs/")
        assert page.locator("article h1").inner_text().startswith("Spinal cord stimulation (example)")
        claim_text = "gave at least half leg-pain relief at 6 months to more people"
        assert page.get_by_text(claim_text, exact=False).first.is_visible()
        page.get_by_text("For clinicians", exact=True).first.click()
        assert page.get_by_text("Two randomised trials inform this question", exact=False).is_visible()
        assert "does not give individual medical advice" in page.locator(".pls-disclaimer").inner_text()
    finally:
        server.shutdown()
