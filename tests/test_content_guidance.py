"""The clinical safety promises of issue #12, checked on the real built site.

A patient who reads only the "For patients" tab of a page about a treatment that NICE advises against
must learn that it does; medicines are named with their risks; and the two source documents' advice
that contradicts the guideline is never left standing as a recommendation.
"""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import page_url

# Pages that discuss a treatment NICE NG59 advises against (opioids, antidepressants and anticonvulsants
# for back pain, gabapentinoids for sciatica, TENS, spinal injections, fusion), chosen by hand.
PAGES_ON_TREATMENTS_NICE_ADVISES_AGAINST = [
    "treatment/index.md",
    "treatment/first-line.md",
    "treatment/second-line.md",
    "treatment/advanced.md",
    "regenerative/index.md",
    "regenerative/prolotherapy.md",
    "regenerative/prp.md",
    "prognosis/index.md",
    "overview/procedures.md",
    "sources/ai-answer.md",
    "sources/clinic-page.md",
]
ADVISES_AGAINST = re.compile(
    r"(?:NICE|guideline)[^.]{0,120}?(?:advises?\s+against|not\s+to\s+offer|do\s+not\s+offer|does\s+not\s+support)",
    re.IGNORECASE,
)


def patient_tab_text(built_site, markdown_path: str) -> str:
    soup = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    tab_set = soup.select_one("article .tabbed-set")
    assert tab_set is not None, f"{markdown_path}: no patient/clinician tabs"
    labels = [label.get_text(strip=True) for label in tab_set.select(":scope > .tabbed-labels > label")]
    panels = tab_set.select(":scope > .tabbed-content > .tabbed-block")
    return " ".join(panels[labels.index("For patients")].get_text(" ").split())


@pytest.mark.parametrize("markdown_path", PAGES_ON_TREATMENTS_NICE_ADVISES_AGAINST)
def test_patient_tab_says_what_the_guideline_advises_against(built_site, markdown_path):
    text = patient_tab_text(built_site, markdown_path)
    assert ADVISES_AGAINST.search(text), f"{markdown_path}: the patient tab never says what NICE advises against"


def test_the_pattern_finds_the_wordings_pages_use_and_not_their_absence():
    assert ADVISES_AGAINST.search("The UK guideline advises against some treatments.")
    assert ADVISES_AGAINST.search("NICE advises doctors not to offer these for long-term low back pain.")
    assert not ADVISES_AGAINST.search("NICE recommends exercise. Doctors advise against bed rest.")
