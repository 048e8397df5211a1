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


# A low-certainty claim whose GRADE domains give low: a case adds the one thing it gets wrong.
GRADED = "certainty: low\nevidence: RCT\npopulation: direct\nrisk-of-bias: down 1 — not blinded\nimprecision: down 1 — n = 50"
MODERATE = "certainty: moderate\nevidence: RCT\npopulation: direct\nrisk-of-bias: down 1 — not blinded"


def _build_with(tmp_path, pages: dict[str, str]):
    result = build_fixture_site(tmp_path, "claims-base", pages=pages)
    assert not result.ok, "the strict build should have failed"
    return result


SCS = "topic: Spinal cord stimulation\n"
EVIDENCE_KINDS = (
    "systematic review, RCT, cohort, case series, case report, cross-sectional, qualitative, guideline,"
    " expert opinion, model/laboratory, none"
)
DOMAINS = "risk-of-bias, inconsistency, indirectness, imprecision, publication-bias, large-effect, dose-response"

CASES = {
    "missing certainty": (
        _claim("topic: Spinal cord stimulation"),
        "/// claim",
        "claim 'scs-leg-pain' has no certainty — add 'certainty: <level>' with one of: high, moderate, low, very low",
    ),
    "unknown certainty": (
        _claim(SCS + "certainty: moderat"),
        "certainty: moderat",
        "unknown certainty 'moderat' in claim 'scs-leg-pain' — use one of: high, moderate, low, very low (closest: 'moderate')",
    ),
    "no citation": (
        _claim(SCS + GRADED, text="A claim that cites nothing."),
        "A claim that cites nothing.",
        "claim 'scs-leg-pain' cites no source — add at least one citation to the claim text, e.g. [@key]",
    ),
    "unknown verdict": (
        _claim(SCS + GRADED + "\nverdict: false\nclaimed-by: A clinic"),
        "verdict: false",
        "unknown verdict 'false' in claim 'scs-leg-pain' — use one of: supported, overstated, unsupported, contradicted, misattributed",
    ),
    "unknown evidence kind": (
        _claim(SCS + "certainty: low\nevidence: randomised trial\npopulation: direct"),
        "evidence: randomised trial",
        f"unknown evidence kind 'randomised trial' in claim 'scs-leg-pain' — use one of: {EVIDENCE_KINDS}",
    ),
    "unknown direction": (
        _claim(SCS + GRADED + "\ndirection: benefits"),
        "direction: benefits",
        "unknown direction 'benefits' in claim 'scs-leg-pain' — use one of: harm, no clear benefit, benefit, uncertain (closest: 'benefit')",
    ),
    "verdict without claimed-by": (
        _claim(SCS + GRADED + "\nverdict: overstated"),
        "verdict: overstated",
        "claim 'scs-leg-pain' has a verdict but does not say who made the claim — add 'claimed-by: <who made the claim>'",
    ),
    "missing id": (
        _claim(SCS + GRADED, claim_id=""),
        "/// claim",
        "claim has no id — write '/// claim | <id>' with lowercase letters, digits and hyphens, e.g. '/// claim | prp-disc-regeneration'",
    ),
    "malformed id": (
        _claim(SCS + GRADED, claim_id="SCS_leg pain"),
        "/// claim",
        "claim id 'SCS_leg pain' is not valid — use lowercase letters, digits and hyphens only, e.g. '/// claim | scs-leg-pain'",
    ),
    "unclosed block": (
        "/// claim | scs-leg-pain\ntopic: Spinal cord stimulation\ncertainty: low\n\nThe claim text [@kumar2007process].\n",
        "/// claim",
        "claim 'scs-leg-pain' is not closed — add a line '///' after the claim text",
    ),
    "unknown option": (
        _claim(SCS + GRADED + "\nclaimed_by: A clinic"),
        "claimed_by",
        "unknown option 'claimed_by' in claim 'scs-leg-pain' — use one of: topic, certainty, evidence, design, population,"
        f" {DOMAINS}, direction, verdict, claimed-by, conflicted, benefit, harm, involves (closest: 'claimed-by')",
    ),
    "missing topic": (
        _claim(GRADED),
        "/// claim",
        "claim 'scs-leg-pain' has no topic — add 'topic: <intervention or topic>'"
        " (spelt the same everywhere: it groups the register and the evidence map)",
    ),
    "conflicted that is not true or false": (
        _claim("topic: PRP\n" + GRADED + "\nverdict: unsupported\nclaimed-by: A clinic\nconflicted: yes"),
        "conflicted: yes",
        "option 'conflicted' in claim 'scs-leg-pain' must be true or false, not 'yes' — write 'conflicted: true' or 'conflicted: false'",
    ),
    "claim inside an admonition": (
        '!!! note "In a box"\n    /// claim | scs-leg-pain\n    topic: T\n    certainty: low\n\n    Text [@kumar2007process].\n    ///\n',
        "/// claim",
        "a claim must start at the beginning of a line, outside tabs and admonitions"
        " — move it out of the tab or admonition and remove the indentation",
    ),
    # --- GRADE domains (issue 14): the certainty is computed from them -----------------------------
    "stated certainty differs from the computed one": (
        _claim(
            SCS
            + "certainty: moderate\nevidence: RCT\npopulation: direct\nrisk-of-bias: down 1 — not blinded\nimprecision: down 1 — n = 50"
        ),
        "certainty: moderate",
        "claim 'scs-leg-pain' states certainty 'moderate' but its GRADE domains give 'low'"
        " (starts high (randomised) − 1 risk of bias − 1 imprecision = low) — write 'certainty: low', or correct the domains",
    ),
    "computed certainty at the bottom of the scale": (
        _claim(
            SCS
            + "certainty: low\nevidence: case series\npopulation: direct\nrisk-of-bias: down 1 — no comparison group\nimprecision: down 1 — 43 people"
        ),
        "certainty: low",
        "claim 'scs-leg-pain' states certainty 'low' but its GRADE domains give 'very low'"
        " (starts low (observational) − 1 risk of bias − 1 imprecision = very low, the lowest level)"
        " — write 'certainty: very low', or correct the domains",
    ),
    "indirect population not rated down for indirectness": (
        _claim(
            SCS
            + "certainty: moderate\nevidence: RCT\npopulation: indirect — people without prior surgery\nimprecision: down 1 — n = 50"
        ),
        "population: indirect",
        "claim 'scs-leg-pain' rests on an indirect population (people without prior surgery) but is not rated down for"
        " indirectness — add 'indirectness: down 1 — people without prior surgery' (any population other than people with"
        " persistent pain after spine surgery is rated down at least one level)",
    ),
    "indirect population considered and not changed": (
        _claim(
            SCS
            + "certainty: high\nevidence: RCT\npopulation: indirect — people with sciatica\nindirectness: none — close enough"
        ),
        "population: indirect",
        "claim 'scs-leg-pain' rests on an indirect population (people with sciatica) but is not rated down for"
        " indirectness — add 'indirectness: down 1 — people with sciatica' (any population other than people with"
        " persistent pain after spine surgery is rated down at least one level)",
    ),
    "indirect population without who": (
        _claim(SCS + "certainty: moderate\nevidence: RCT\npopulation: indirect\nindirectness: down 1 — no surgery"),
        "population: indirect",
        "claim 'scs-leg-pain' has an indirect population but does not say who was studied — write"
        " 'population: indirect — people with chronic low back pain who had not had spine surgery'",
    ),
    "change without a reason": (
        _claim(SCS + "certainty: moderate\nevidence: RCT\npopulation: direct\nimprecision: down 1"),
        "imprecision: down 1",
        "'imprecision: down 1' in claim 'scs-leg-pain' gives no reason — add it after a dash: 'imprecision: down 1 — <reason>'",
    ),
    "domain considered without a reason": (
        _claim(SCS + "certainty: high\nevidence: RCT\npopulation: direct\ninconsistency: none"),
        "inconsistency: none",
        "'inconsistency: none' in claim 'scs-leg-pain' gives no reason — add it after a dash: 'inconsistency: none — <reason>'",
    ),
    "unknown domain": (
        _claim(SCS + "certainty: moderate\nevidence: RCT\npopulation: direct\nimprecise: down 1 — n = 50"),
        "imprecise: down 1",
        f"unknown GRADE domain 'imprecise' in claim 'scs-leg-pain' — use one of: {DOMAINS} (closest: 'imprecision')",
    ),
    "change that is not a GRADE change": (
        _claim(SCS + "certainty: moderate\nevidence: RCT\npopulation: direct\nimprecision: serious — n = 50"),
        "imprecision: serious",
        "'imprecision: serious — n = 50' in claim 'scs-leg-pain' is not a GRADE change — write"
        " 'imprecision: down 1 — <reason>' ('down 1' or 'down 2'), or 'imprecision: none — <reason>' for a domain"
        " considered and not changed",
    ),
    "downgrade domain moved up": (
        _claim(SCS + "certainty: high\nevidence: RCT\npopulation: direct\nimprecision: up 1 — 1,000 people"),
        "imprecision: up 1",
        "imprecision can only lower the certainty, not 'up 1 — 1,000 people', in claim 'scs-leg-pain'"
        " — write 'imprecision: down 1 — <reason>' ('down 1' or 'down 2')",
    ),
    "change without levels": (
        _claim(SCS + "certainty: moderate\nevidence: RCT\npopulation: direct\nrisk-of-bias: down — not blinded"),
        "risk-of-bias: down",
        "'risk-of-bias: down — not blinded' in claim 'scs-leg-pain' does not say by how many levels"
        " — write 'risk-of-bias: down 1 — <reason>' ('down 1' or 'down 2')",
    ),
    "change by too many levels": (
        _claim(SCS + "certainty: low\nevidence: cohort\npopulation: direct\ndose-response: up 2 — a clear gradient"),
        "dose-response: up 2",
        "a dose-response moves the certainty by at most 1 level, not 2, in claim 'scs-leg-pain'"
        " — write 'dose-response: up 1 — <reason>' ('up 1')",
    ),
    "randomised evidence rated up": (
        _claim(
            SCS
            + "certainty: high\nevidence: RCT\npopulation: direct\nrisk-of-bias: down 1 — not blinded\nlarge-effect: up 1 — 48% against 9%"
        ),
        "large-effect: up 1",
        "claim 'scs-leg-pain' is rated up for a large effect, but only observational evidence is rated up"
        " (this claim's design is randomised) — remove the 'large-effect' line",
    ),
    "no evidence kind": (
        _claim(SCS + "certainty: low\npopulation: direct"),
        "certainty: low",
        f"claim 'scs-leg-pain' has no evidence kind — add 'evidence: <kind>' with one of: {EVIDENCE_KINDS}"
        " (it fixes where the certainty starts)",
    ),
    "systematic review without a design": (
        _claim(
            SCS + "certainty: moderate\nevidence: systematic review\npopulation: direct\nimprecision: down 1 — 3 trials"
        ),
        "evidence: systematic review",
        "claim 'scs-leg-pain' rests on a systematic review, which starts where the evidence behind it starts"
        " — add 'design: <one of: randomised, observational, unknown>'",
    ),
    "design that contradicts the evidence kind": (
        _claim(SCS + "certainty: low\nevidence: RCT\ndesign: observational\npopulation: direct"),
        "design: observational",
        "'design: observational' in claim 'scs-leg-pain' contradicts 'evidence: RCT', whose design is randomised"
        " — remove the 'design' line, or correct the evidence kind",
    ),
    "design that does not fit the evidence kind": (
        _claim(SCS + "certainty: very low\nevidence: systematic review\ndesign: expert opinion\npopulation: direct"),
        "design: expert opinion",
        "design 'expert opinion' does not fit 'evidence: systematic review' in claim 'scs-leg-pain'"
        " — use one of: randomised, observational, unknown",
    ),
    "unknown design": (
        _claim(SCS + "certainty: high\nevidence: guideline\ndesign: randomized\npopulation: direct"),
        "design: randomized",
        "unknown design 'randomized' in claim 'scs-leg-pain' — use one of: randomised, observational, unknown,"
        " expert opinion, laboratory, none (closest: 'randomised')",
    ),
    "no population": (
        _claim(SCS + "certainty: high\nevidence: RCT"),
        "certainty: high",
        "claim 'scs-leg-pain' does not say whom its evidence was gathered in — add 'population: direct' (people with"
        " persistent pain after spine surgery) or 'population: indirect — people with chronic low back pain who had"
        " not had spine surgery'",
    ),
    "unknown population": (
        _claim(SCS + "certainty: high\nevidence: RCT\npopulation: drect"),
        "population: drect",
        "unknown population 'drect' in claim 'scs-leg-pain' — write 'population: direct' or"
        " 'population: indirect — <who was studied>' (closest: 'direct')",
    ),
    "verdict claim graded like any other": (
        _claim(
            SCS + "certainty: low\nevidence: cohort\npopulation: indirect — people with sick leave\n"
            "verdict: overstated\nclaimed-by: A clinic"
        ),
        "population: indirect",
        "claim 'scs-leg-pain' rests on an indirect population (people with sick leave) but is not rated down for"
        " indirectness — add 'indirectness: down 1 — people with sick leave' (any population other than people with"
        " persistent pain after spine surgery is rated down at least one level)",
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
    claim = _claim("topic: Spinal cord stimulation\n" + GRADED)
    first, second = _page("First", claim), _front("Second") + "# Second\n\nLonger intro.\n\nMore.\n\n" + claim
    result = _build_with(tmp_path, {"a-first.md": first, "b-second.md": second})
    expected = (
        f"{PREFIX}docs/b-second.md:{_line(second, '/// claim')}: duplicate claim id 'scs-leg-pain'"
        f" (first at docs/a-first.md:{_line(first, '/// claim')}) — give each claim its own id"
    )
    assert expected in result.log, result.log


def test_topic_spelt_two_ways_names_both_places(tmp_path):
    first = _page("First", _claim("topic: Spinal cord stimulation\n" + GRADED, claim_id="one"))
    second = _page("Second", _claim("topic: spinal cord  Stimulation\n" + GRADED, claim_id="two"))
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
    page = _page("Good claim", _claim("topic: Spinal cord stimulation\n" + MODERATE + "\ndirection: benefit"))
    result = build_fixture_site(tmp_path, "claims-base", pages={"good.md": page})
    assert result.ok, result.log
    assert "WARNING" not in result.log


def test_claim_on_a_site_without_the_grading_page_says_what_to_add(tmp_path):
    page = _page("Good claim", _claim("topic: Spinal cord stimulation\n" + MODERATE))
    bib = (FIXTURES / "claims-base" / "references.bib").read_text(encoding="utf-8")
    result = build_fixture_site(tmp_path, pages={"index.md": page}, bib=bib)
    assert not result.ok
    expected = (
        f"{PREFIX}docs/index.md:{_line(page, '/// claim')}: claim badges link to the 'How we grade evidence' page,"
        " but docs/evidence/grading.md does not exist — add that page"
    )
    assert expected in result.log, result.log
