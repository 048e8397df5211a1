"""What the claims become in a real build: badges, the register, claims.json and the evidence map.

The fixture site tests/fixtures/claims-valid/ carries five valid claims on four topics, on two pages
whose reading order (nav) differs from their file order; the project's own register and map pages
(docs/evidence/claims.md, docs/evidence/map.md) and assets are copied in, so the real pages are built.
"""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from pls.claims_map import map_topics, render_evidence_map
from pls.claims_model import VOCABULARY_FILE, Claim, load_vocabulary
from sitebuilder import PROJECT_ROOT, BuildResult, build_fixture_site

VOCABULARY = load_vocabulary()
PROJECT_FILES = ("evidence/claims.md", "evidence/map.md", "assets/pls.css", "assets/claims.js")
READING_ORDER = ["scs-leg-pain", "scs-ai-answer", "prp-clinic-regrowth", "prolotherapy-review", "psps-term"]


def project_pages() -> dict[str, str]:
    return {path: (PROJECT_ROOT / "docs" / path).read_text(encoding="utf-8") for path in PROJECT_FILES}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuildResult:
    result = build_fixture_site(tmp_path_factory.mktemp("claims-valid"), "claims-valid", pages=project_pages())
    assert result.ok, result.log
    return result


def html_of(site: BuildResult, url: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(url), "html.parser")


def resolve(site: BuildResult, page_url: str, href: str) -> tuple[Path, str]:
    """The built file a relative link from `page_url` opens, and its fragment."""
    target = urlparse(urljoin("http://site/" + page_url, href))
    path = site.site_dir / target.path.lstrip("/")
    if target.path.endswith("/"):
        path = path / "index.html"
    return path, target.fragment


def assert_link_opens_claim(site: BuildResult, page_url: str, href: str, claim_id: str) -> None:
    path, fragment = resolve(site, page_url, href)
    assert fragment == f"claim-{claim_id}", href
    assert path.is_file(), f"{href} from {page_url} opens nothing"
    assert BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find(id=fragment), f"{href}: no #{fragment}"


# --- The claim block in its page -----------------------------------------------------------------


def test_fixture_site_builds_without_warnings(site):
    assert "WARNING" not in site.log, site.log


def test_claim_block_has_anchor_badge_and_details(site):
    page = html_of(site, "treatment/")
    claim = page.select_one("article div.pls-claim#claim-scs-leg-pain")
    assert claim is not None
    badge = claim.select_one("button.pls-badge")
    assert " ".join(badge.get_text(" ", strip=True).split()) == "Certainty of evidence: ⊕⊕⊕◯ Moderate — why"
    assert badge.select_one(".pls-badge__symbols")["aria-hidden"] == "true"
    assert badge["type"] == "button"
    # Plain text as a reader sees it (abbreviations become <abbr> elements, so no extra separators).
    details = " ".join(claim.select_one(".pls-claim__meta").get_text().split())
    assert "Topic: Spinal cord stimulation" in details
    assert "Evidence: Randomised controlled trial (RCT)" in details
    assert "Direction of effect: Benefit" in details
    assert claim.select_one(".pls-claim__verdict") is None


def test_badge_controls_the_reasons_for_the_grade_and_they_link_to_the_grading_page(site):
    claim = html_of(site, "treatment/").select_one("#claim-scs-leg-pain")
    badge = claim.select_one("button.pls-badge")
    why = claim.find(id=badge["aria-controls"])
    assert why is not None and "pls-grade__why" in why["class"]
    # Without the script the reasons are shown, and the button says so.
    assert badge["aria-expanded"] == "true" and not why.has_attr("hidden")
    assert why.select_one(".pls-grade__reasons").get_text() == (
        "Moderate: started high (randomised); down one for risk of bias (open-label, with a patient-reported outcome)."
    )
    assert why.select_one(".pls-grade__population").get_text() == (
        "Population: direct (people with failed back surgery syndrome and leg pain)."
    )
    link = why.select_one("a.pls-grade__link")
    assert link.get_text() == "How we grade evidence"
    grading, _ = resolve(site, "treatment/", link["href"])
    assert grading == site.site_dir / "evidence/grading/index.html"


def test_reasons_name_every_change_with_its_reason(site):
    claim = html_of(site, "regenerative/prp/").select_one("#claim-prp-clinic-regrowth")
    assert claim.select_one(".pls-grade__reasons").get_text() == (
        "Very low: started low (observational); down one for risk of bias (no comparison group)"
        " and one for indirectness (people without prior surgery); a rating cannot go below very low."
    )
    review = html_of(site, "regenerative/prp/").select_one("#claim-prolotherapy-review")
    assert review.select_one(".pls-grade__population").get_text() == (
        "Population: indirect (people with chronic low back pain who had not had surgery)."
    )


def test_citations_inside_a_claim_become_footnotes(site):
    page = html_of(site, "treatment/")
    claim = page.select_one("#claim-scs-ai-answer")
    refs = [a["href"] for a in claim.select("sup a.footnote-ref")]
    assert refs == ["#fn:kumar2007process", "#fn:north2005scs"]
    assert page.find(id="fn:north2005scs") is not None
    assert "[@" not in claim.get_text()


def test_claim_by_someone_else_shows_verdict_who_and_conflict_flag(site):
    claim = html_of(site, "regenerative/prp/").select_one("#claim-prp-clinic-regrowth")
    verdict = claim.select_one(".pls-claim__verdict").get_text(" ", strip=True)
    assert "Verdict: Unsupported" in verdict
    assert "Claim made by: Clinic web page (source 000)" in verdict
    assert "Promotional or conflicted source" in verdict
    assert (
        " ".join(claim.select_one(".pls-badge").get_text(" ", strip=True).split())
        == "Certainty of evidence: ⊕◯◯◯ Very low — why"
    )


def test_text_after_a_claim_and_claims_in_code_are_untouched(site):
    treatment = html_of(site, "treatment/")
    assert treatment.find("h2", id="after-the-claims") is not None
    home = html_of(site, "")
    assert "/// claim | example-in-code" in home.select_one("article pre").get_text()
    assert home.select_one(".pls-claim") is None


# --- The register ----------------------------------------------------------------------------------


def register_rows(site):
    return html_of(site, "evidence/claims/").select(".pls-register tbody tr")


def test_register_lists_every_claim_in_reading_order_with_working_links(site):
    rows = register_rows(site)
    hrefs = [row.select_one("td:nth-of-type(2) a")["href"] for row in rows]
    assert [href.rsplit("#claim-", 1)[1] for href in hrefs] == READING_ORDER
    for href, claim_id in zip(hrefs, READING_ORDER, strict=False):
        assert_link_opens_claim(site, "evidence/claims/", href, claim_id)


def test_search_finds_a_claim_on_its_page_not_again_in_the_register_or_the_map(site):
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    first_claim = register_rows(site)[0].select_one("td:nth-of-type(2) a")
    claim_words = " ".join(first_claim.get_text().split()[:6])
    found_on = {doc["location"].split("#")[0] for doc in index["docs"] if claim_words in " ".join(doc["text"].split())}
    claim_page = first_claim["href"].split("#")[0].replace("../", "")
    assert found_on == {claim_page}, found_on
    register_text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("evidence/claims/"))
    assert register_text.strip(), "the register page's own words are still indexed"
    assert any(doc["location"].startswith("evidence/map/") and doc["text"].strip() for doc in index["docs"])
    assert "<!-- pls:" not in site.page("evidence/claims/") and len(register_rows(site)) == len(READING_ORDER)


def test_register_row_shows_topic_certainty_verdict_and_sources(site):
    row = register_rows(site)[1]
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert cells[0] == "Spinal cord stimulation"
    assert cells[1].startswith("Fixture claim two, made by someone else.")
    assert "⊕⊕◯◯ Low" in cells[2]
    # The same reasons as the claim's badge, in text that prints and needs no script.
    notes = [note.get_text() for note in row.find_all("td")[2].select(".pls-register__note")]
    assert notes[0] == (
        "Why: started high (randomised); down one for risk of bias (open-label) and one for imprecision (n = 50)."
        " Population: direct (people with failed back surgery syndrome)."
    )
    assert "Overstated" in cells[3] and "Claim made by: AI-generated answer (source 003)" in cells[3]
    sources = {a.get_text(strip=True): a["href"] for a in row.select("td:nth-of-type(5) a")}
    assert sources == {
        "Kumar et al. 2007": "https://doi.org/10.1016/j.pain.2007.07.028",
        "North et al. 2005": "https://pubmed.ncbi.nlm.nih.gov/15617591/",
    }


def test_register_certainty_sort_values_follow_grade_levels(site):
    values = {
        row.select_one("td:nth-of-type(2) a")["href"].rsplit("#claim-", 1)[1]: int(
            row.select("td")[2]["data-pls-value"]
        )
        for row in register_rows(site)
    }
    assert values["prp-clinic-regrowth"] < values["psps-term"] < values["scs-leg-pain"]
    assert values["scs-leg-pain"] == values["prolotherapy-review"]


def test_register_page_documents_every_claims_json_field(site):
    page = html_of(site, "evidence/claims/")
    documented = {code.get_text() for code in page.select("article table:not(.pls-register__table) code")}
    schema = json.loads((site.site_dir / "claims.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["claim"]["properties"]) <= documented
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert resolve(site, "evidence/claims/", links["claims.json"])[0] == site.site_dir / "claims.json"
    assert resolve(site, "evidence/claims/", links["claims.schema.json"])[0] == site.site_dir / "claims.schema.json"


# --- claims.json ------------------------------------------------------------------------------------


def load_claims_json(site_dir: Path) -> dict:
    document = json.loads((site_dir / "claims.json").read_text(encoding="utf-8"))
    schema = json.loads((site_dir / "claims.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    return document


def test_claims_json_follows_its_schema_and_reading_order(site):
    document = load_claims_json(site.site_dir)
    assert document["schema_version"] == "1.1.0"
    assert [claim["id"] for claim in document["claims"]] == READING_ORDER
    for claim in document["claims"]:
        assert_link_opens_claim(site, "", claim["url"], claim["id"])


def test_claims_json_carries_every_field_of_a_claim(site):
    by_id = {claim["id"]: claim for claim in load_claims_json(site.site_dir)["claims"]}
    assert by_id["prp-clinic-regrowth"] == {
        "id": "prp-clinic-regrowth",
        "url": "regenerative/prp/#claim-prp-clinic-regrowth",
        "anchor": "claim-prp-clinic-regrowth",
        "page_title": "Regenerative fixture",
        "source": "regenerative/prp.md",
        "text": "Fixture claim three, from a promotional source.",
        "topic": "PRP injections",
        "certainty": "very low",
        "verdict": "unsupported",
        "claimed_by": "Clinic web page (source 000)",
        "conflicted": True,
        "evidence": "case series",
        "direction": "uncertain",
        "grading": {
            "design": "observational",
            "starts_at": "low",
            "population": "indirect",
            "population_studied": "people without prior surgery",
            "changes": [
                {"domain": "risk-of-bias", "levels": -1, "reason": "no comparison group"},
                {"domain": "indirectness", "levels": -1, "reason": "people without prior surgery"},
            ],
            "explanation": "Very low: started low (observational); down one for risk of bias (no comparison group)"
            " and one for indirectness (people without prior surgery); a rating cannot go below very low",
        },
        "citations": [{"key": "singjie2023prp", "doi": "10.31616/asj.2022.0209", "pmid": "37183000"}],
    }
    assert by_id["scs-ai-answer"]["citations"][1] == {"key": "north2005scs", "doi": None, "pmid": "15617591"}
    assert by_id["psps-term"]["direction"] is None and by_id["psps-term"]["verdict"] is None


def test_claims_json_is_identical_when_rebuilt(site, tmp_path):
    again = build_fixture_site(tmp_path, "claims-valid", pages=project_pages())
    assert again.ok, again.log
    assert (again.site_dir / "claims.json").read_bytes() == (site.site_dir / "claims.json").read_bytes()


def test_schema_lists_exactly_the_vocabulary():
    schema = json.loads((PROJECT_ROOT / "hooks" / "pls" / "claims.schema.json").read_text(encoding="utf-8"))
    vocabulary = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    properties = schema["$defs"]["claim"]["properties"]
    for kind in ("certainty", "evidence", "direction", "verdict"):
        allowed = [value for value in properties[kind]["enum"] if value is not None]
        assert allowed == [term["value"] for term in vocabulary[kind]], kind
    grading = schema["$defs"]["grading"]["properties"]
    assert grading["design"]["enum"] == [term["value"] for term in vocabulary["design"]]
    assert grading["starts_at"]["enum"] == [term["value"] for term in vocabulary["certainty"]]
    assert [value for value in grading["population"]["enum"] if value] == [t["value"] for t in vocabulary["population"]]
    change = schema["$defs"]["change"]["properties"]
    assert change["domain"]["enum"] == [term["value"] for term in vocabulary["domain"]]


def test_schema_rejects_an_indirect_population_not_rated_down_for_indirectness(site):
    document = load_claims_json(site.site_dir)
    schema = json.loads((site.site_dir / "claims.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    claim = next(claim for claim in document["claims"] if claim["id"] == "prp-clinic-regrowth")
    claim["grading"]["changes"] = [
        change for change in claim["grading"]["changes"] if change["domain"] != "indirectness"
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_schema_rejects_a_verdict_without_who_made_the_claim(site):
    document = load_claims_json(site.site_dir)
    schema = json.loads((site.site_dir / "claims.schema.json").read_text(encoding="utf-8"))
    document["claims"][1]["claimed_by"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_real_site_claims_json_follows_its_schema(built_site):
    document = load_claims_json(built_site.site_dir)
    ids = [claim["id"] for claim in document["claims"]]
    assert len(ids) == len(set(ids))


# --- The evidence map ---------------------------------------------------------------------------


def point_positions(svg_markup: str) -> dict[str, tuple[str, str]]:
    """Each point's topic -> (row label, column heading), read from the SVG's geometry."""
    svg = BeautifulSoup(svg_markup, "html.parser").find("svg")
    cells = svg.find_all("rect")
    headings = svg.find_all("text", class_="pls-map__heading")
    columns = len(VOCABULARY.direction)
    column_names = [heading.get_text() for heading in headings[:columns]]
    row_names = [heading.find_all("tspan")[1].get_text() for heading in headings[columns:]]
    positions = {}
    for point in svg.select(".pls-map__point"):
        circle = point.find("circle")
        x, y = float(circle["cx"]), float(circle["cy"])
        for index, cell in enumerate(cells):
            left, top = float(cell["x"]), float(cell["y"])
            if left <= x < left + float(cell["width"]) and top <= y < top + float(cell["height"]):
                label = point.find("text", class_="pls-map__label").get_text()
                positions[label] = (row_names[index // columns], column_names[index % columns])
    return positions


def test_map_places_each_topic_by_its_representative_claim(site):
    svg = html_of(site, "evidence/map/").select_one("article figure.pls-map svg")
    assert svg["role"] == "group"
    assert svg.find("title").get_text() and svg.find("desc").get_text()
    assert point_positions(str(svg)) == {
        # The moderate claim represents the topic, not the low-certainty one made by someone else.
        "Spinal cord stimulation": ("Moderate", "Benefit"),
        "PRP injections": ("Very low", "Uncertain"),
        "Prolotherapy": ("Moderate", "No clear benefit"),
    }


def test_map_points_open_the_register_filtered_to_their_topic(site):
    page = html_of(site, "evidence/map/")
    points = page.select("article svg a.pls-map__point")
    assert len(points) == 3
    for point in points:
        target = urlparse(urljoin("http://site/evidence/map/", point["href"]))
        assert target.path == "/evidence/claims/"
        topic = parse_qs(target.query)["topic"][0]
        assert point.select_one(".pls-map__label").get_text() == topic
    # The link is named by its visible words; its description says where it sits.
    descriptions = {point.select_one(".pls-map__label").get_text(): point.find("desc").get_text() for point in points}
    assert descriptions["Prolotherapy"] == "Moderate certainty, direction of effect: no clear benefit"
    assert descriptions["PRP injections"] == "Very low certainty, direction of effect: uncertain"


def test_map_has_a_text_alternative_and_lists_topics_it_cannot_place(site):
    page = html_of(site, "evidence/map/")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in page.select("table.pls-map__table tbody tr")
    ]
    assert [row[0] for row in rows] == ["Prolotherapy", "Spinal cord stimulation", "PRP injections"]
    assert rows[1][2:] == [
        "Benefit",
        "Fixture claim one: more people reached the trial's leg-pain goal with stimulation.",
        "2",
    ]
    claim_link = page.select("table.pls-map__table tbody tr")[1].select("a")[1]["href"]
    assert_link_opens_claim(site, "evidence/map/", claim_link, "scs-leg-pain")
    assert "Persistent spinal pain syndrome (1 claim)" in page.select_one("ul.pls-map__unplaced").get_text(
        " ", strip=True
    )


def _claim(claim_id: str, topic: str, certainty: str, direction: str | None) -> Claim:
    return Claim(
        id=claim_id,
        topic=topic,
        certainty=certainty,
        text="t",
        citations=("k",),
        source="p.md",
        line=1,
        direction=direction,
    )


def test_representative_claim_is_the_most_certain_with_a_direction_first_on_ties():
    claims = [
        _claim("a", "PRP", "low", "benefit"),
        _claim("b", "PRP", "high", None),
        _claim("c", "prp", "moderate", "harm"),
        _claim("d", "PRP", "moderate", "no clear benefit"),
        _claim("e", "Other", "very low", None),
    ]
    placed, unplaced = map_topics(claims, VOCABULARY)
    assert [(point.topic, point.representative.id, point.claim_count) for point in placed] == [("PRP", "c", 4)]
    assert unplaced == [("Other", 1)]


def test_crowded_cells_grow_so_labels_never_overlap():
    claims = [_claim(f"c{index}", f"A rather long topic name number {index}", "low", "benefit") for index in range(6)]
    placed, _ = map_topics(claims, VOCABULARY)
    svg = render_evidence_map(placed, VOCABULARY, {})
    label_tops = sorted(float(circle["cy"]) for circle in BeautifulSoup(svg, "html.parser").find_all("circle"))
    gaps = [b - a for a, b in zip(label_tops, label_tops[1:], strict=False)]
    assert min(gaps) >= 3 * 18  # two wrapped label lines and the count line
    assert set(point_positions(svg).values()) == {("Low", "Benefit")}
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg)[1])
    assert label_tops[-1] + 3 * 18 <= height


def test_links_work_without_directory_urls(tmp_path):
    result = build_fixture_site(tmp_path, "claims-valid", pages=project_pages(), config={"use_directory_urls": False})
    assert result.ok, result.log
    register = BeautifulSoup(result.page("evidence/claims.html"), "html.parser")
    for row, claim_id in zip(register.select(".pls-register tbody tr"), READING_ORDER, strict=True):
        assert_link_opens_claim(result, "evidence/claims.html", row.select_one("td:nth-of-type(2) a")["href"], claim_id)
    link = BeautifulSoup(result.page("treatment/index.html"), "html.parser").select_one("a.pls-grade__link")
    assert resolve(result, "treatment/index.html", link["href"])[0] == result.site_dir / "evidence/grading.html"
    for claim in load_claims_json(result.site_dir)["claims"]:
        assert_link_opens_claim(result, "", claim["url"], claim["id"])


@pytest.mark.parametrize(("url", "generated"), [("evidence/claims/", "pls-register"), ("evidence/map/", "pls-map")])
def test_real_register_and_map_pages_are_filled_in(built_site, url, generated):
    html = built_site.page(url)
    assert "<!-- pls:" not in html
    assert f'class="{generated}' in html
