"""Claims in headless Chromium: the badge reads and links right; the register sorts and filters by keyboard."""

from urllib.parse import urlparse

import pytest

from conftest import serve_folder
from sitebuilder import build_fixture_site
from test_claims_outputs import project_pages

pytestmark = pytest.mark.browser

MAX_TABS = 80


@pytest.fixture(scope="module")
def claims_site_url(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("claims-browser"), "claims-valid", pages=project_pages())
    assert result.ok, result.log
    url, server = serve_folder(result.site_dir)
    yield url
    server.shutdown()


def tab_to(page, description: str, is_target: str) -> None:
    """Press Tab until the focused element matches the JavaScript predicate `is_target(element)`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {is_target})(document.activeElement)"):
            return
    raise AssertionError(f"{description} never received keyboard focus")


def visible_claim_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        ".pls-register tbody tr:not([hidden]) td:nth-child(2) a",
        "links => links.map(link => link.hash.replace('#claim-', ''))",
    )


def visible_certainties(page) -> list[str]:
    return page.eval_on_selector_all(
        ".pls-register tbody tr:not([hidden])", "rows => rows.map(row => row.dataset.certainty)"
    )


REASONS = (
    "Moderate: started high (randomised); down one for risk of bias (open-label, with a patient-reported outcome)."
)


def reasons_shown(page, claim_id: str) -> bool:
    return page.locator(f"#claim-{claim_id}-why").is_visible()


def test_badge_opens_its_reasons_by_keyboard_and_they_lead_to_the_grading_page(
    page, claims_site_url, recorded_requests
):
    page.goto(claims_site_url + "treatment/")
    badge = page.locator("#claim-scs-leg-pain button.pls-badge")
    # Screen readers hear the words and the reasons, not the symbols.
    assert page.get_by_role("button", name="Certainty of evidence: Moderate — why", exact=True).count() == 1
    assert "⊕⊕⊕◯ Moderate" in badge.inner_text()
    assert badge.get_attribute("aria-expanded") == "false" and not reasons_shown(page, "scs-leg-pain")

    tab_to(page, "the certainty badge", "element.matches('button.pls-badge')")
    assert reasons_shown(page, "scs-leg-pain"), "keyboard focus shows the reasons"
    assert badge.get_attribute("aria-expanded") == "true"
    assert page.locator("#claim-scs-leg-pain .pls-grade__reasons").inner_text() == REASONS
    page.keyboard.press("Escape")
    assert not reasons_shown(page, "scs-leg-pain") and badge.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert reasons_shown(page, "scs-leg-pain") and badge.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert not reasons_shown(page, "scs-leg-pain"), "a second press closes them"
    page.keyboard.press("Enter")

    tab_to(page, "the link to the grading page", "element.matches('a.pls-grade__link')")
    assert reasons_shown(page, "scs-leg-pain"), "the reasons stay open while focus is inside them"
    page.keyboard.press("Enter")
    page.wait_for_url("**/evidence/grading/")
    assert page.locator("article h1").inner_text().startswith("How we grade evidence")
    hosts = {urlparse(url).hostname for url in recorded_requests if urlparse(url).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}


def test_badge_shows_its_reasons_on_hover(page, claims_site_url):
    page.goto(claims_site_url + "treatment/")
    page.locator("#claim-scs-leg-pain button.pls-badge").hover()
    assert reasons_shown(page, "scs-leg-pain")
    # The pointer can move onto the reasons without closing them (WCAG 1.4.13).
    page.locator("#claim-scs-leg-pain-why").hover()
    assert reasons_shown(page, "scs-leg-pain")
    page.locator("h1").hover()
    page.wait_for_function("() => document.getElementById('claim-scs-leg-pain-why').hidden")


def test_badge_opens_its_reasons_by_tap_on_a_phone(browser, claims_site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(claims_site_url + "treatment/")
        badge = page.locator("#claim-scs-leg-pain button.pls-badge")
        why = page.locator("#claim-scs-leg-pain-why")
        assert not why.is_visible()
        badge.tap()
        assert why.is_visible() and badge.get_attribute("aria-expanded") == "true"
        box = why.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"the reasons overflow a 375 px screen: {box}"
        assert why.locator(".pls-grade__reasons").inner_text() == REASONS
        # Tapping another badge closes the first; tapping elsewhere closes the second.
        page.locator("#claim-scs-ai-answer button.pls-badge").tap()
        assert not why.is_visible() and page.locator("#claim-scs-ai-answer-why").is_visible()
        page.locator("h1").tap()
        assert not page.locator("#claim-scs-ai-answer-why").is_visible()
        badge.tap()
        badge.tap()
        assert not why.is_visible() and badge.get_attribute("aria-expanded") == "false"
    finally:
        context.close()


def test_reasons_are_printed_with_the_badge(page, claims_site_url):
    page.goto(claims_site_url + "treatment/")
    page.emulate_media(media="print")
    assert reasons_shown(page, "scs-leg-pain")
    assert page.locator("#claim-scs-leg-pain .pls-grade__reasons").inner_text() == REASONS


def test_register_sorts_by_certainty_level_with_the_keyboard(page, claims_site_url):
    page.goto(claims_site_url + "evidence/claims/")
    assert visible_claim_ids(page) == [
        "scs-leg-pain",
        "scs-ai-answer",
        "prp-clinic-regrowth",
        "prolotherapy-review",
        "psps-term",
    ]
    tab_to(
        page,
        "the Certainty sort button",
        "element.matches('th button.pls-sort') && element.textContent === 'Certainty'",
    )
    header = page.locator("th", has_text="Certainty")

    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert visible_certainties(page) == ["moderate", "moderate", "low", "low", "very low"]
    # Equal levels keep reading order.
    assert visible_claim_ids(page) == [
        "scs-leg-pain",
        "prolotherapy-review",
        "scs-ai-answer",
        "psps-term",
        "prp-clinic-regrowth",
    ]
    assert page.locator("[data-pls-register-status]").inner_text() == "Sorted by certainty, descending."

    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "ascending"
    assert visible_certainties(page) == ["very low", "low", "low", "moderate", "moderate"]
    assert page.locator("th[aria-sort]").count() == 1


def test_register_filters_with_the_keyboard(page, claims_site_url):
    page.goto(claims_site_url + "evidence/claims/")
    tab_to(page, "the words filter", "element.id === 'pls-register-text'")
    page.keyboard.type("promotional")
    assert visible_claim_ids(page) == ["prp-clinic-regrowth"]
    assert page.locator("[data-pls-register-status]").inner_text() == "Showing 1 of 5 claims."

    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    tab_to(page, "the certainty filter", "element.id === 'pls-register-certainty'")
    page.keyboard.type("Moderate")
    assert page.locator("#pls-register-certainty").input_value() == "moderate"
    assert visible_claim_ids(page) == ["scs-leg-pain", "prolotherapy-review"]

    tab_to(page, "the verdict filter", "element.id === 'pls-register-verdict'")
    page.keyboard.type("Our own")
    assert visible_claim_ids(page) == ["scs-leg-pain", "prolotherapy-review"]
    page.keyboard.press("ArrowDown")  # Supported
    page.keyboard.press("ArrowDown")  # Overstated
    assert page.locator("#pls-register-verdict").input_value() == "overstated"
    assert visible_claim_ids(page) == []
    assert page.locator("[data-pls-register-status]").inner_text() == "Showing 0 of 5 claims."


def test_map_point_opens_the_register_filtered_to_its_topic(page, claims_site_url):
    page.goto(claims_site_url + "evidence/map/")
    # Each point is a link named by its visible words.
    assert page.get_by_role("link", name="Spinal cord stimulation 2 claims", exact=True).count() == 1
    tab_to(
        page,
        "the Prolotherapy point",
        "element.matches('a.pls-map__point') && element.textContent.includes('Prolotherapy')",
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/evidence/claims/?topic=Prolotherapy")
    assert page.locator("#pls-register-topic").input_value() == "prolotherapy"
    assert visible_claim_ids(page) == ["prolotherapy-review"]
