"""Every bad claim fails the real strict build with `docs/<page>.md:<line>: what is wrong — the fix`.

The cases share one build of the tiny fixture site tests/fixtures/claims-base/ (a home page, the
grading page and one reference), each case on a page of its own; each page's exact message is asserted,
and that it is the only one for that page.
"""

import pytest

from sitebuilder import FIXTURES, build_fixture_site, front_matter, log_lines_about

PREFIX = "pls: "


def _front(title: str) -> str:
    # front_matter()'s default description ("Test page: X.") has an unquoted colon, which is not valid
    # YAML: MkDocs would then keep the front matter in the body and hide a wrong line offset.
    return front_matter(title, description=f'"Fixture page about {title.lower()}."')


def _page(title: str, claim: str) -> str:
    return _front(title) + f"# {title}\n\nSome prose.\n\n{claim}\nMore prose.\n"


def _claim(options: str, text: str = "The claim text [@kumar2007process].", claim_id: str = "scs-leg-pain") -> str:
    header = f"/// claim | {claim_id}" if claim_id else "/// claim"
    return f"{header}\n{options}\n\n{text}\n///\n"


def _line(page: str, fragment: str) -> int:
    """The 1-based line of the first line of `page` that contains `fragment`."""
    return next(number for number, line in enumerate(page.split("\n"), start=1) if fragment in line)


def _build_with(tmp_path, pages: dict[str, str]):
    result = build_fixture_site(tmp_path, "claims-base", pages=pages)
    assert not result.ok, "the strict build should have failed"
    return result


CASES = {
    "missing certainty": (
        _claim("topic: Spinal cord stimulation"),
        "/// claim",
        "claim 'scs-leg-pain' has no certainty — add 'certainty: <level>' with one of: high, moderate, low, very low",
    ),
    "unknown certainty": (
        _claim("topic: Spinal cord stimulation\ncertainty: moderat"),
        "certainty: moderat",
        "unknown certainty 'moderat' in claim 'scs-leg-pain' — use one of: high, moderate, low, very low (closest: 'moderate')",
    ),
    "no citation": (
        _claim("topic: Spinal cord stimulation\ncertainty: low", text="A claim that cites nothing."),
        "A claim that cites nothing.",
        "claim 'scs-leg-pain' cites no source — add at least one citation to the claim text, e.g. [@key]",
    ),
    "unknown verdict": (
        _claim("topic: Spinal cord stimulation\ncertainty: low\nverdict: false\nclaimed-by: A clinic"),
        "verdict: false",
        "unknown verdict 'false' in claim 'scs-leg-pain' — use one of: supported, overstated, unsupported, contradicted, misattributed",
    ),
    "unknown evidence kind": (
        _claim("topic: Spinal cord stimulation\ncertainty: low\nevidence: randomised trial"),
        "evidence: randomised trial",
        "unknown evidence kind 'randomised trial' in claim 'scs-leg-pain' — use one of: systematic review, RCT, cohort,"
        " case series, case report, cross-sectional, qualitative, guideline, expert opinion, model/laboratory",
    ),
    "unknown direction": (
        _claim("topic: Spinal cord stimulation\ncertainty: low\ndirection: benefits"),
        "direction: benefits",
        "unknown direction 'benefits' in claim 'scs-leg-pain' — use one of: harm, no clear benefit, benefit, uncertain (closest: 'benefit')",
    ),
    "verdict without claimed-by": (
        _claim("topic: Spinal cord stimulation\ncertainty: low\nverdict: overstated"),
        "verdict: overstated",
        "claim 'scs-leg-pain' has a verdict but does not say who made the claim — add 'claimed-by: <who made the claim>'",
    ),
    "missing id": (
        _claim("topic: Spinal cord stimulation\ncertainty: low", claim_id=""),
        "/// claim",
        "claim has no id — write '/// claim | <id>' with lowercase letters, digits and hyphens, e.g. '/// claim | prp-disc-regeneration'",
    ),
    "malformed id": (
        _claim("topic: Spinal cord stimulation\ncertainty: low", claim_id="SCS_leg pain"),
        "/// claim",
        "claim id 'SCS_leg pain' is not valid — use lowercase letters, digits and hyphens only, e.g. '/// claim | scs-leg-pain'",
    ),
    "unclosed block": (
        "/// claim | scs-leg-pain\ntopic: Spinal cord stimulation\ncertainty: low\n\nThe claim text [@kumar2007process].\n",
        "/// claim",
        "claim 'scs-leg-pain' is not closed — add a line '///' after the claim text",
    ),
    "unknown option": (
        _claim("topic: Spinal cord stimulation\ncertainty: low\nclaimed_by: A clinic"),
        "claimed_by",
        "unknown option 'claimed_by' in claim 'scs-leg-pain' — use one of: topic, certainty, evidence, direction, verdict,"
        " claimed-by, conflicted, benefit, harm, involves (closest: 'claimed-by')",
    ),
    "missing topic": (
        _claim("certainty: low"),
        "/// claim",
        "claim 'scs-leg-pain' has no topic — add 'topic: <intervention or topic>'"
        " (spelt the same everywhere: it groups the register and the evidence map)",
    ),
    "conflicted that is not true or false": (
        _claim("topic: PRP\ncertainty: low\nverdict: unsupported\nclaimed-by: A clinic\nconflicted: yes"),
        "conflicted: yes",
        "option 'conflicted' in claim 'scs-leg-pain' must be true or false, not 'yes' — write 'conflicted: true' or 'conflicted: false'",
    ),
    "claim inside an admonition": (
        '!!! note "In a box"\n    /// claim | scs-leg-pain\n    topic: T\n    certainty: low\n\n    Text [@kumar2007process].\n    ///\n',
        "/// claim",
        "a claim must start at the beginning of a line, outside tabs and admonitions"
        " — move it out of the tab or admonition and remove the indentation",
    ),
}


def _case_page(case: str) -> tuple[str, str, str]:
    """(page path, page text, expected message) of one case: each case on its own page, with a claim
    id of its own, so all cases can share one build."""
    number = list(CASES).index(case) + 1
    claim, fragment, message = CASES[case]
    claim = claim.replace("| scs-leg-pain", f"| case-{number}")
    message = message.replace("'scs-leg-pain'", f"'case-{number}'")
    page = _page("Bad claim", claim)
    path = f"docs/treatment/bad-{number}.md"
    return path, page, f"{PREFIX}{path}:{_line(page, fragment)}: {message}"


@pytest.fixture(scope="module")
def bad_claims_site(tmp_path_factory):
    """Every case above as one strict build of the claims-base fixture, one page per case."""
    pages = {}
    for case in CASES:
        path, page, _ = _case_page(case)
        pages[path.removeprefix("docs/")] = page
    return _build_with(tmp_path_factory.mktemp("bad-claims"), pages)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_claim_fails_the_strict_build_with_page_line_and_fix(bad_claims_site, case):
    path, _, expected = _case_page(case)
    # The case's message, and the only problem reported on that page.
    assert log_lines_about(bad_claims_site.log, path + ":") == [expected], bad_claims_site.log


def test_every_bad_claim_of_the_shared_build_is_counted_by_strict(bad_claims_site):
    assert f"Aborted with {len(CASES)} warnings in strict mode!" in bad_claims_site.log, bad_claims_site.log


def test_duplicate_claim_id_across_pages_names_both_places(tmp_path):
    claim = _claim("topic: Spinal cord stimulation\ncertainty: low")
    first, second = _page("First", claim), _front("Second") + "# Second\n\nLonger intro.\n\nMore.\n\n" + claim
    result = _build_with(tmp_path, {"a-first.md": first, "b-second.md": second})
    expected = (
        f"{PREFIX}docs/b-second.md:{_line(second, '/// claim')}: duplicate claim id 'scs-leg-pain'"
        f" (first at docs/a-first.md:{_line(first, '/// claim')}) — give each claim its own id"
    )
    assert expected in result.log, result.log


def test_topic_spelt_two_ways_names_both_places(tmp_path):
    first = _page("First", _claim("topic: Spinal cord stimulation\ncertainty: low", claim_id="one"))
    second = _page("Second", _claim("topic: spinal cord  Stimulation\ncertainty: low", claim_id="two"))
    result = _build_with(tmp_path, {"a-first.md": first, "b-second.md": second})
    expected = (
        f"{PREFIX}docs/b-second.md:{_line(second, '/// claim')}: topic 'spinal cord Stimulation' is spelt differently from"
        f" 'Spinal cord stimulation' (docs/a-first.md:{_line(first, '/// claim')})"
        " — use one spelling so the register and the evidence map group them"
    )
    assert expected in result.log, result.log


def test_without_strict_a_bad_claim_stays_visible_in_the_page(tmp_path):
    page = _page(
        "Bad claim",
        _claim("topic: Spinal cord stimulation\ncertainty: medium", text="Text kept visible [@kumar2007process]."),
    )
    result = build_fixture_site(tmp_path, "claims-base", strict=False, pages={"bad.md": page})
    assert result.ok, result.log
    assert "unknown certainty 'medium'" in result.log
    html = result.page("bad/")
    assert "Text kept visible" in html and "Certainty of evidence: not graded" in html


def test_valid_claims_build_cleanly_on_the_base_fixture(tmp_path):
    page = _page(
        "Good claim", _claim("topic: Spinal cord stimulation\ncertainty: moderate\nevidence: RCT\ndirection: benefit")
    )
    result = build_fixture_site(tmp_path, "claims-base", pages={"good.md": page})
    assert result.ok, result.log
    assert "WARNING" not in result.log


def test_claim_on_a_site_without_the_grading_page_says_what_to_add(tmp_path):
    page = _page("Good claim", _claim("topic: Spinal cord stimulation\ncertainty: moderate"))
    bib = (FIXTURES / "claims-base" / "references.bib").read_text(encoding="utf-8")
    result = build_fixture_site(tmp_path, pages={"index.md": page}, bib=bib)
    assert not result.ok
    expected = (
        f"{PREFIX}docs/index.md:{_line(page, '/// claim')}: claim badges link to the 'How we grade evidence' page,"
        " but docs/evidence/grading.md does not exist — add that page"
    )
    assert expected in result.log, result.log
