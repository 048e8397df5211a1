"""The content promises of issue 5, checked on the real built site.

Every topic page has plain-language key points first, a reviewed date, the medical disclaimer and at
least one graded claim; the abbreviations are tooltips from the one glossary file; every figure the
two source documents put forward is appraised somewhere on the site; search finds the condition by
any of its names; and a reader's choice of the "For patients" / "For clinicians" tab follows them.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import nav_pages, page_url, search_result_paths

ROOT = Path(__file__).resolve().parent.parent
TOPIC_SECTIONS = ("overview/", "causes/", "evaluation/", "treatment/", "prognosis/", "regenerative/")
APPRAISAL_PAGES = ("sources/clinic-page.md", "sources/ai-answer.md")
TOPIC_PAGES = [path for path in nav_pages() if path.startswith(TOPIC_SECTIONS) or path in APPRAISAL_PAGES]
# The abbreviations issue 5 names; each must be in the one glossary file.
REQUIRED_ABBREVIATIONS = "PLS FBSS PSPS-T2 SCS RFA ESI MBB PRP TENS CBT PT NSAID SNRI TCA OIH MRI CT SI ODI VAS".split()
# Figures and statements the source documents put forward, as they may be written on the site
# (a range with a hyphen, an en dash or "to"). Each must be found, with its appraisal, on some page.
RANGE = r"\s*(?:-|–|to)\s*"
SOURCE_STATEMENTS = {
    "clinic: 7–8 weeks of rehabilitation": rf"7{RANGE}8 weeks",
    "clinic: 130–150 contact hours": rf"130{RANGE}150",
    "clinic: programme cost 8,000–12,000 dollars": rf"8,000{RANGE}12,000",
    "clinic: one-third have recurrent symptoms": r"one-third",
    "clinic: 60% prevalence of post-laminectomy pain": r"60\s?%",
    "clinic: 7.22 years of pain": r"7\.22 years",
    "clinic: 89.9% neuropathic pain": r"89\.9\s?%",
    "clinic: 57% increase in flexion": r"57\s?%",
    "clinic: four patients went on to surgery": r"four patients|4 patients",
    "clinic: 29 patients asked for repeat injections": r"29 patients|29 of",
    "clinic: mean age 72 in the endoscopic series": r"72(?:\.4)?",
    "clinic: sacroiliac joint as a missed cause": r"sacroiliac",
    "clinic: prolotherapy with a spinal cord stimulator": r"stimulator",
    "ai: facet pain in 32%": r"32\s?%",
    "ai: physiotherapy relief for 2–18 months": rf"2{RANGE}18 months",
    "ai: psychological therapy for 4 weeks to 2 years": r"4 weeks to 2 years",
    "ai: opioid tolerance within 4 weeks": r"4 weeks",
    "ai: no opioid benefit within 1 month": r"1 month|one month",
    "ai: persistent pain in 3–40%": rf"3{RANGE}40\s?%",
    "ai: symptoms for less than one year before surgery": r"less than (?:one|1) year",
    "ai: divorce, unemployment and secondary gain": r"secondary gain",
    "ai: extended-release opioids": r"extended-release",
}
SEARCH_NAMES = ("FBSS", "PSPS", "failed back surgery", "post-laminectomy")


def article(built_site, markdown_path: str) -> BeautifulSoup:
    html = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    return html.select_one("article")


def plain(element) -> str:
    return " ".join(element.get_text(" ").split())


# --- Topic pages ---------------------------------------------------------------------------------


def test_topic_pages_cover_every_section_of_the_issue():
    sections = {path.split("/")[0] for path in TOPIC_PAGES}
    assert sections == {"overview", "causes", "evaluation", "treatment", "prognosis", "regenerative", "sources"}


@pytest.mark.parametrize("markdown_path", TOPIC_PAGES)
def test_topic_page_starts_with_key_points_and_shows_review_and_disclaimer(built_site, markdown_path):
    page = article(built_site, markdown_path)
    first_block = page.select_one("h1").find_next(lambda tag: tag.name in ("div", "details", "p", "table", "ul"))
    while first_block is not None and "pls-page-status" in (first_block.get("class") or []):
        first_block = first_block.find_next_sibling()
    assert first_block is not None and "admonition" in first_block.get("class", []), (
        f"{markdown_path}: the first block after the title is not the key points"
    )
    assert plain(first_block.select_one(".admonition-title")) == "Key points", markdown_path
    status = plain(page.select_one(".pls-page-status"))
    assert re.search(r"Checked against its sources by .+ on \d{1,2} \w+ \d{4}", status), f"{markdown_path}: {status!r}"
    assert "does not give individual medical advice" in plain(page), f"{markdown_path}: no disclaimer"


@pytest.mark.parametrize("markdown_path", TOPIC_PAGES)
def test_topic_page_has_a_graded_claim_and_both_audience_tabs(built_site, markdown_path):
    page = article(built_site, markdown_path)
    assert page.select(".pls-claim .pls-badge"), f"{markdown_path}: no graded claim"
    labels = [plain(label) for label in page.select(".tabbed-labels label, .tabbed-labels a")]
    assert labels[:2] == ["For patients", "For clinicians"], f"{markdown_path}: tabs are {labels}"


def test_every_nav_page_carries_the_disclaimer(built_site):
    missing = [
        path
        for path in nav_pages()
        if "does not give individual medical advice" not in plain(article(built_site, path))
    ]
    assert not missing, f"pages without the disclaimer: {missing}"


# --- Abbreviations -------------------------------------------------------------------------------


def glossary_abbreviations() -> dict[str, str]:
    text = (ROOT / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", text, flags=re.M))


def test_glossary_file_defines_every_required_abbreviation():
    defined = glossary_abbreviations()
    missing = [abbreviation for abbreviation in REQUIRED_ABBREVIATIONS if abbreviation not in defined]
    assert not missing, f"includes/abbreviations.md lacks {missing}"


def test_abbreviations_in_page_text_are_tooltips_from_the_glossary(built_site):
    defined = glossary_abbreviations()
    shown = {}
    for path in nav_pages():
        for abbr in article(built_site, path).select("abbr[title]"):
            shown.setdefault(plain(abbr), set()).add(abbr["title"])
    for abbreviation in ("FBSS", "SCS", "PRP", "MRI", "TENS"):
        assert shown.get(abbreviation) == {defined[abbreviation]}, f"{abbreviation}: {shown.get(abbreviation)}"


# --- The source documents ------------------------------------------------------------------------


def test_every_figure_of_the_source_documents_is_on_the_site(built_site):
    site_text = " ".join(plain(article(built_site, path)) for path in nav_pages())
    missing = [name for name, pattern in SOURCE_STATEMENTS.items() if not re.search(pattern, site_text, re.I)]
    assert not missing, f"statements of the source documents not found on the site: {missing}"


@pytest.mark.parametrize("markdown_path", APPRAISAL_PAGES)
def test_appraisal_page_gives_verdicts(built_site, markdown_path):
    text = plain(article(built_site, markdown_path)).lower()
    verdicts = [
        word
        for word in ("supported", "overstated", "unsupported", "contradicted", "misattributed")
        if re.search(rf"\b{word}\b", text)
    ]
    # An appraisal that only agrees, or only disagrees, has not weighed each statement on its own.
    assert "supported" in verdicts and len(verdicts) >= 3, f"{markdown_path}: verdicts found: {verdicts}"


# --- In the browser ------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("name", SEARCH_NAMES)
def test_search_finds_the_condition_by_each_of_its_names(page, site_url, name):
    hrefs = search_result_paths(page, site_url, name)
    assert "/overview/" in hrefs, f"search for {name!r} did not find the overview page: {hrefs}"


@pytest.mark.browser
def test_audience_tab_choice_follows_the_reader_to_the_next_page(page, site_url):
    page.goto(site_url + "treatment/")
    page.wait_for_load_state("load")
    page.get_by_text("For clinicians", exact=True).first.click()
    page.goto(site_url + "causes/")
    page.wait_for_load_state("load")
    selected = page.evaluate(
        "() => { const set = document.querySelector('.tabbed-set');"
        " const input = set.querySelector(':scope > input:checked');"
        " return set.querySelector(`label[for='${input.id}']`).innerText.trim(); }"
    )
    assert selected == "For clinicians"
