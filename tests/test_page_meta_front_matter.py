"""Front matter is checked at build time: each bad field fails the strict build at its file and line."""

import datetime

import pytest
from bs4 import BeautifulSoup

from pls import front_matter
from sitebuilder import FIXTURE_TODAY, build_fixture_site, fixture_pages, log_lines_about
from sitebuilder import front_matter as fixture_front_matter

TODAY = datetime.date(2026, 11, 21)


def _problems(text: str, today: datetime.date = TODAY) -> list[str]:
    front = front_matter.read_front_matter(text)
    found = front.problems + front_matter.check_front_matter(front, front_matter.load_schema(), today)
    return [str(problem.at("docs/x.md")) for problem in found]


# --- Each failure mode, built for real from its fixture site -------------------------------------

CASES = {
    "meta-no-front-matter": "docs/index.md:1: the page has no front matter — start the page with a '---' line",
    "meta-invalid-yaml": (
        "docs/index.md:2: the front matter is not valid YAML (mapping values are not allowed here)"
        " — check this line: put a value that contains ': ' or starts with [ { @ ` ' \" in double quotes"
    ),
    "meta-missing-description": (
        "docs/index.md:1: the front matter has no 'description' — write one sentence of 160 characters or fewer"
    ),
    "meta-empty-title": "docs/index.md:2: 'title' is empty — write the page title in quotes",
    "meta-long-description": "docs/index.md:3: 'description' is 176 characters long, more than 160 — write one sentence",
    "meta-bad-reviewed": (
        "docs/index.md:4: 'reviewed' is '21/11/2026', not a real date in YYYY-MM-DD form"
        " — write the date the content was last reviewed as YYYY-MM-DD, e.g. reviewed: 2026-11-21"
    ),
    "meta-bad-status": (
        "docs/index.md:5: 'status' is 'aproved', which is not one of draft, in review, approved"
        " — use draft, in review or approved; drafts are not published (closest: 'approved')"
    ),
    "meta-bad-audience": (
        "docs/index.md:6: 'audience' lists 'clinician', which is not one of patients, clinicians"
        " — list who the page is for, e.g. audience: [patients, clinicians] (closest: 'clinicians')"
    ),
    "meta-audience-not-list": (
        "docs/index.md:6: 'audience' must be a list in [brackets], not 'patients'"
        " — list who the page is for, e.g. audience: [patients, clinicians]"
    ),
    "meta-unknown-key": (
        "docs/index.md:7: unknown front matter key 'reviewd' — fix the name or remove it; allowed keys: title,"
        " description, reviewed, status, audience, urgent_help, hide, search, template, icon (closest: 'reviewed')"
    ),
}


FUTURE = (datetime.date.fromisoformat(FIXTURE_TODAY) + datetime.timedelta(days=400)).isoformat()


@pytest.fixture(scope="module")
def bad_front_matter_site(tmp_path_factory):
    """Every case above, and a reviewed date in the future, as one strict build: each case's page in
    a folder of its own, so the log names each problem at its own page."""
    pages = {}
    for fixture in CASES:
        pages.update(fixture_pages(fixture, under=fixture))
    pages["future/index.md"] = (
        fixture_front_matter("Home", reviewed=FUTURE) + "# Home\n\nA page whose review date is in the future.\n"
    )
    result = build_fixture_site(tmp_path_factory.mktemp("bad-front-matter"), pages=pages)
    assert not result.ok, result.log
    return result


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_bad_front_matter_fails_the_strict_build_at_its_line(bad_front_matter_site, fixture):
    page = f"docs/{fixture}/index.md"
    expected = CASES[fixture].replace("docs/index.md:", f"{page}:", 1)
    # Logged by our plugin logger (so strict counts it), and the only problem reported for that page.
    (line,) = log_lines_about(bad_front_matter_site.log, page + ":")
    assert line.startswith(f"pls: {expected}"), bad_front_matter_site.log


def test_reviewed_date_in_the_future_fails(bad_front_matter_site):
    assert log_lines_about(bad_front_matter_site.log, "docs/future/index.md:") == [
        f"pls: docs/future/index.md:4: 'reviewed' is {FUTURE}, which is in the future"
        " — use the date the content was actually reviewed"
    ]


def test_every_case_of_the_shared_build_is_counted_by_strict(bad_front_matter_site):
    assert f"Aborted with {len(CASES) + 1} warnings in strict mode!" in bad_front_matter_site.log, (
        bad_front_matter_site.log
    )


def test_materials_own_page_settings_are_allowed(tmp_path):
    result = build_fixture_site(tmp_path, "meta-material-keys")
    assert result.ok, result.log
    html = BeautifulSoup(result.page(""), "html.parser")
    assert not html.select(".md-sidebar--secondary .md-nav__list"), "hide: [toc] was not applied"


def test_good_front_matter_builds_and_becomes_title_and_meta_description(tmp_path):
    page = fixture_front_matter("Spinal cord stimulation", description='"What the trials of stimulation show."')
    result = build_fixture_site(tmp_path, pages={"index.md": page + "# Spinal cord stimulation\n\nText.\n"})
    assert result.ok, result.log
    assert "WARNING" not in result.log
    html = BeautifulSoup(result.page(""), "html.parser")
    assert html.find("meta", attrs={"name": "description"})["content"] == "What the trials of stimulation show."
    assert html.title.get_text().startswith("Spinal cord stimulation")


# --- The pure functions: more cases, no build ------------------------------------------------------

VALID = '---\ntitle: "A"\ndescription: "B."\nreviewed: 2026-11-21\nstatus: in review\naudience: [patients]\n---\n# A\n'


def test_valid_front_matter_has_no_problems():
    assert _problems(VALID) == []


def test_status_in_review_and_single_audience_are_valid():
    front = front_matter.read_front_matter(VALID)
    assert front.data["status"] == "in review"
    assert front.data["audience"] == ["patients"]


def test_front_matter_below_the_first_line_is_reported_where_it_starts():
    assert _problems("\n" + VALID) == [
        "docs/x.md:2: the front matter starts on line 2, but MkDocs reads it only on line 1"
        " — remove the lines above the opening '---'"
    ]


def test_unclosed_front_matter_is_reported():
    assert _problems('---\ntitle: "A"\n\n# A\n') == [
        "docs/x.md:1: the front matter opened on line 1 is never closed — add a '---' line after its last field"
    ]


def test_front_matter_that_is_not_key_value_lines_is_reported():
    (message,) = _problems("---\n- title\n- description\n---\n# A\n")
    assert message.startswith("docs/x.md:2: the front matter is not a list of 'key: value' lines — ")


def test_invalid_yaml_points_at_the_bad_line_not_the_block():
    text = VALID.replace('description: "B."', "description: [unclosed")
    (message,) = _problems(text)
    assert message.startswith("docs/x.md:4: the front matter is not valid YAML")


def test_a_key_set_twice_is_reported_at_the_second():
    text = VALID.replace('title: "A"\n', 'title: "A"\ntitle: "B"\n')
    assert "docs/x.md:3: 'title' is set twice (lines 2 and 3) — keep one of them" in _problems(text)


def test_every_missing_field_is_reported_once():
    problems = _problems('---\ntitle: "A"\n---\n# A\n')
    missing = [p for p in problems if "the front matter has no" in p]
    assert [p.split("'")[1] for p in missing] == ["description", "reviewed", "status", "audience"]


def test_impossible_date_is_not_a_date():
    assert (
        "docs/x.md:4: 'reviewed' is '2026-02-30', not a real date in YYYY-MM-DD form"
        in _problems(VALID.replace("2026-11-21", "2026-02-30"))[0]
    )


def test_reviewed_today_is_fine_tomorrow_is_in_the_future():
    assert _problems(VALID, today=datetime.date(2026, 11, 21)) == []
    assert "which is in the future" in _problems(VALID, today=datetime.date(2026, 11, 20))[0]


def test_empty_and_duplicate_audience_are_reported():
    assert "'audience' is an empty list" in _problems(VALID.replace("[patients]", "[]"))[0]
    assert "'audience' lists the same value twice" in _problems(VALID.replace("[patients]", "[patients, patients]"))[0]


def test_status_suggests_the_closest_value():
    assert _problems(VALID.replace("in review", "review"))[0].endswith("(closest: 'in review')")


def test_schema_file_is_a_valid_json_schema_and_requires_the_contract_fields():
    schema = front_matter.load_schema()
    assert schema["required"] == ["title", "description", "reviewed", "status", "audience"]
    assert schema["properties"]["status"]["enum"] == ["draft", "in review", "approved"]
