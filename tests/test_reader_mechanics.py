"""Reading the real site in Chromium at phone, tablet and desktop widths: tables that fit, citations that
keep the reader's place, a register whose state lives in the address, and search in readers' words."""

import json
from urllib.parse import parse_qs, urlparse

import pytest

import gates
from conftest import page_url, search_result_links

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 768, 1280)
HEIGHT = 800
# Every page with a table, named by hand: the register, the evidence map, the appraisal tables of the
# two source documents, the treatment overview and the other pages' summary tables.
TABLE_PAGES = (
    "index.md",
    "causes/index.md",
    "evidence/claims.md",
    "evidence/grading.md",
    "evidence/map.md",
    "regenerative/index.md",
    "regenerative/prolotherapy.md",
    "regenerative/prp.md",
    "sources/index.md",
    "sources/ai-answer.md",
    "sources/clinic-page.md",
    "treatment/index.md",
)

# What is wrong with the tables on the page now: a table outside a box, a box wider than the screen,
# a box that hides columns with no visible cue or that keyboard users cannot reach, a page that
# scrolls sideways.
TABLE_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.scrollingElement.scrollWidth > width + 1)
    problems.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth} px in ${width} px)`);
  const tables = [...document.querySelectorAll('article table')];
  for (const table of tables) {
    const label = (table.querySelector('th, td') || table).textContent.trim().slice(0, 30);
    const box = table.closest('.pls-scroll');
    if (!box) { problems.push(`table '${label}' is in no scroll box`); continue; }
    const edges = box.getBoundingClientRect();
    if (edges.right > width + 1 || edges.left < -1)
      problems.push(`table '${label}': its box spans ${Math.round(edges.left)}-${Math.round(edges.right)} px`);
    const style = getComputedStyle(box);
    const hides = box.scrollWidth > box.clientWidth + 1;
    if (hides && !/(auto|scroll)/.test(style.overflowX))
      problems.push(`table '${label}' is ${box.scrollWidth} px wide in a ${box.clientWidth} px box that does not scroll`);
    if (hides) {
      const cue = box.previousElementSibling;
      if (!cue || !cue.classList.contains('pls-scroll-cue') || cue.hidden || cue.getBoundingClientRect().height === 0)
        problems.push(`table '${label}' hides columns (${box.scrollWidth} px in ${box.clientWidth} px) with no visible cue`);
      if (box.tabIndex !== 0 || box.getAttribute('role') !== 'region' || !box.getAttribute('aria-label'))
        problems.push(`table '${label}' scrolls in a box that is not a named, focusable region`);
    }
  }
  return {count: tables.length, problems};
}"""

# Words broken across two lines: every word of the article's text (not its reference list, code or
# addresses) must sit on one line, except where it breaks after a hyphen, dash or slash.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT, {
    acceptNode: node => node.parentElement.closest('.footnote, pre, code, .md-tooltip2, .pls-visually-hidden') ?
      NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT });
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const pieces = /[^\\s\\-\\u2010-\\u2015/]+/g;
    for (let match; (match = pieces.exec(node.data));) {
      const word = match[0];
      if (word.length < 2 || /:\\/\\/|^www\\.|^doi:|^10\\./.test(word)) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + word.length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom / 4)));
      if (lines.size > 1) broken.push(word);
    }
  }
  return broken;
}"""


def _context(browser, width: int):
    phone = width < 768
    return browser.new_context(
        viewport={"width": width, "height": HEIGHT}, is_mobile=phone, has_touch=phone, device_scale_factor=1
    )


# --- 1. Tables that fit --------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_no_table_hides_columns_without_a_cue_and_no_word_breaks_mid_word(browser, site_url, width):
    context = _context(browser, width)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in TABLE_PAGES:
            gates.load(page, site_url + page_url(markdown_path))
            report = page.evaluate(TABLE_PROBLEMS)
            if report["count"] == 0:
                problems.append(f"{markdown_path}: no table found (the list of table pages is out of date)")
            problems += [f"{markdown_path} at {width} px: {problem}" for problem in report["problems"]]
            broken = page.evaluate(BROKEN_WORDS)
            if broken:
                problems.append(f"{markdown_path} at {width} px: words broken across lines: {broken[:8]}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_on_a_phone_a_table_row_is_a_card_that_names_each_column(browser, site_url):
    context = _context(browser, 375)
    page = context.new_page()
    try:
        gates.load(page, site_url + "treatment/")
        cell = page.locator("article table.pls-table tbody tr").first.locator("td").nth(2)
        label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        row_box = page.locator("article table.pls-table tbody tr").first.bounding_box()
        box = page.locator("article .pls-scroll").first.bounding_box()
    finally:
        context.close()
    assert label == '"Certainty"'
    # The card is as wide as its box: nothing to scroll to.
    assert abs(row_box["width"] - box["width"]) <= 2


def test_a_table_wider_than_its_box_shows_a_cue_and_its_box_takes_the_keyboard(browser, site_url):
    """The evidence map's picture is wider than a 320 px phone: the cue says so, and the box scrolls by keyboard."""
    context = _context(browser, 320)
    page = context.new_page()
    try:
        gates.load(page, site_url + "evidence/map/")
        box = page.locator("article figure .pls-scroll").first
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")
        cue = page.locator("article figure .pls-scroll-cue").first
        assert cue.is_visible()
        assert "Scroll sideways" in cue.inner_text()
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    finally:
        context.close()


# --- 2. Citations that keep your place -----------------------------------------------------------

EVALUATION = "evaluation/"
# The NICE guideline is cited many times on the Evaluation page; this use is in the imaging section.
FOLLOWED = "fnref13:nice2016ng59"
FOLLOWED_SECTION = "Imaging: when it helps and when it does not"


def _citation(page, anchor: str):
    return page.locator(f'sup[id="{anchor}"] a.footnote-ref')


def test_following_a_citation_and_its_return_link_lands_where_the_reader_was(browser, site_url):
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        gates.load(page, site_url + EVALUATION)
        citation = _citation(page, FOLLOWED)
        citation.scroll_into_view_if_needed()
        page.mouse.wheel(0, -200)
        page.wait_for_timeout(100)
        start = page.evaluate("window.scrollY")
        citation.click()
        page.wait_for_function("() => location.hash === '#fn:nice2016ng59'")
        assert page.evaluate("window.scrollY") - start > HEIGHT, "the footnote was on the same screen: no jump tested"

        footnote = page.locator('li[id="fn:nice2016ng59"]')
        back = footnote.locator("a.pls-backref")
        assert footnote.locator("a.pls-backref, a.footnote-backref").count() == 1
        assert back.get_attribute("href") == f"#{FOLLOWED}"
        assert back.inner_text() == f"↩ Back to the text: {FOLLOWED_SECTION}"
        # Its accessible name says where it goes (the arrow is hidden from screen readers).
        assert footnote.get_by_role("link", name=f"Back to the text: {FOLLOWED_SECTION}", exact=True).count() == 1

        back.click()
        page.wait_for_function(f"() => location.hash === '#{FOLLOWED}'")
        page.wait_for_timeout(100)
        landed = page.evaluate("window.scrollY")
        box = citation.bounding_box()
    finally:
        context.close()
    assert abs(landed - start) < HEIGHT, f"returned to {landed} px, {abs(landed - start)} px from {start} px"
    assert 0 <= box["y"] and box["y"] + box["height"] <= HEIGHT, f"the citation is off screen: {box}"


def test_every_return_link_of_a_page_names_a_section_and_no_arrow_is_repeated(built_site):
    html = built_site.page(EVALUATION)
    assert 'class="footnote-backref"' not in html
    assert html.count('class="pls-backref"') == html.count('<li id="fn:')
    # The NICE guideline's first citation is in the key points; the others, one link per section.
    assert (
        '<a class="pls-backref" href="#fnref:nice2016ng59" data-pls-backref><span aria-hidden="true">&#8617; </span>'
        "Back to the text: Key points</a>"
        '<span class="pls-backrefs__others"> · Also cited in: <a href="#fnref3:nice2016ng59">When to get urgent help</a>, '
        '<a href="#fnref10:nice2016ng59">Warning signs: how red flags are used</a>, '
        '<a href="#fnref13:nice2016ng59">Imaging: when it helps and when it does not</a>, '
        '<a href="#fnref15:nice2016ng59">Psychological factors</a></span>'
    ) in html


def test_every_citation_is_a_target_of_at_least_24_by_24_px(browser, site_url):
    context = _context(browser, 375)
    page = context.new_page()
    try:
        gates.load(page, site_url + EVALUATION)
        sizes = page.eval_on_selector_all(
            "article a.footnote-ref",
            "links => links.filter(l => l.getClientRects().length).map(l => [l.textContent,"
            " l.getBoundingClientRect().width, l.getBoundingClientRect().height])",
        )
    finally:
        context.close()
    assert len(sizes) > 20
    small = [size for size in sizes if size[1] < 24 or size[2] < 24]
    assert not small, small


def test_on_touch_a_tap_previews_the_reference_without_leaving_the_text(browser, site_url):
    context = _context(browser, 375)
    page = context.new_page()
    try:
        gates.load(page, site_url + EVALUATION)
        citation = _citation(page, FOLLOWED)
        citation.scroll_into_view_if_needed()
        start = page.evaluate("window.scrollY")
        citation.tap()
        preview = page.get_by_role("dialog", name="Reference 1")
        preview.wait_for(state="visible", timeout=5_000)
        assert "Low back pain and sciatica in over 16s" in preview.inner_text()
        assert page.evaluate("location.hash") == ""
        assert page.evaluate("window.scrollY") == start
        assert page.evaluate("document.activeElement.closest('.pls-ref-popover') !== null")
        problems = gates.axe_problems_now(page, "evaluation (reference preview open)")
        assert not problems, "\n".join(problems)

        page.keyboard.press("Escape")
        assert page.locator(".pls-ref-popover").count() == 0
        assert (
            page.evaluate("document.activeElement.closest('sup') && document.activeElement.closest('sup').id")
            == FOLLOWED
        )

        citation.tap()
        full_entry = page.get_by_role("link", name="Full entry in the reference list")
        full_entry.tap()
        page.wait_for_function("() => location.hash === '#fn:nice2016ng59'")
        assert page.locator('li[id="fn:nice2016ng59"] a.pls-backref').get_attribute("href") == f"#{FOLLOWED}"
    finally:
        context.close()


# --- 3. The register's state in the address ------------------------------------------------------

REGISTER = "evidence/claims/"


def _register_rows(page) -> list[str]:
    return page.eval_on_selector_all(
        ".pls-register tbody tr:not([hidden]) td:nth-child(2) > a", "links => links.map(link => link.hash)"
    )


def test_register_filters_and_sort_round_trip_through_the_address(browser, site_url):
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        gates.load(page, site_url + REGISTER)
        every_claim = _register_rows(page)
        page.get_by_label("Certainty", exact=True).select_option("low")
        page.get_by_label("Words in the claim").fill("stimulation")
        page.get_by_role("button", name="Verdict", exact=True).click()
        shown = _register_rows(page)
        query = parse_qs(urlparse(page.url).query)
        assert query == {"certainty": ["low"], "q": ["stimulation"], "sort": ["verdict"], "order": ["ascending"]}
        assert 0 < len(shown) < len(every_claim)

        # A shared link opens the same view.
        other = context.new_page()
        gates.load(other, page.url)
        assert _register_rows(other) == shown
        assert other.get_by_label("Certainty", exact=True).input_value() == "low"
        assert other.get_by_label("Words in the claim").input_value() == "stimulation"
        assert other.locator("th", has_text="Verdict").get_attribute("aria-sort") == "ascending"
        other.close()

        page.get_by_role("button", name="Show all claims in reading order").click()
        assert urlparse(page.url).query == ""
        assert _register_rows(page) == every_claim
        assert (
            page.locator("[data-pls-register-status]").inner_text()
            == f"Showing all {len(every_claim)} claims in reading order."
        )
    finally:
        context.close()


def test_register_links_a_short_title_and_shows_the_whole_claim_below(built_site):
    html = built_site.page(REGISTER)
    # The first claim in reading order (docs/causes/index.md): its first clause is the link.
    assert (
        '">Persistent pain after lumbar spine surgery has many possible causes</a>'
        "Persistent pain after lumbar spine surgery has many possible causes, which"
    ) in html


def test_register_header_stays_under_the_top_bar_and_focus_is_never_hidden(browser, site_url):
    context = _context(browser, 1280)
    page = context.new_page()
    try:
        gates.load(page, site_url + REGISTER)
        page.locator(".pls-register tbody tr").nth(30).scroll_into_view_if_needed()
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(100)
        top_bar = page.locator(".md-header").bounding_box()
        header = page.locator(".pls-register thead th").first.bounding_box()
        assert abs(header["y"] - (top_bar["y"] + top_bar["height"])) <= 2, (header, top_bar)

        # Tab through the claims from the top of the table: every focused link shows below the header row.
        hidden, checked = [], 0
        page.locator(".pls-register tbody td:nth-child(2) > a").first.focus()
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                " return e.closest('.pls-register tbody') ? [e.textContent.slice(0, 30), r.top] : null; }"
            )
            if focused is None:
                continue
            checked += 1
            covered_to = page.locator(".pls-register thead th").first.bounding_box()
            if focused[1] < covered_to["y"] + covered_to["height"] - 1:
                hidden.append((focused[0], focused[1], covered_to["y"] + covered_to["height"]))
        sort_button = page.get_by_role("button", name="Certainty", exact=True)
        sort_button.focus()
        button_box = sort_button.bounding_box()
    finally:
        context.close()
    assert checked > 20, "Tab never reached the register's links"
    assert not hidden, f"focused links under the pinned header: {hidden}"
    assert button_box["y"] >= top_bar["y"] + top_bar["height"] - 1


# --- 4. Search in readers' words -----------------------------------------------------------------

# What a reader types, and the page and section (None: any section) that should come first. The
# sections are chosen by reading the pages, not by running search.
READER_QUERIES = [
    ("spinal cord stimulator", "/treatment/second-line/", "spinal-cord-stimulation"),
    ("stimulator", "/treatment/second-line/", None),
    ("nerve burning", "/treatment/second-line/", "facet-joint-blocks-and-radiofrequency-denervation"),
    ("injection in the back", "/treatment/second-line/", "epidural-steroid-injection"),
    ("pain pump", "/treatment/advanced/", "intrathecal-drug-delivery"),
    ("another operation", "/treatment/advanced/", "repeat-surgery"),
    ("painkillers", "/treatment/first-line/", "opioids-what-the-guidance-and-trials-show"),
    ("gabapentin", "/treatment/first-line/", "anticonvulsants-gabapentinoids-and-others"),
    ("ibuprofen", "/treatment/first-line/", "nsaids"),
    ("amitriptyline", "/treatment/first-line/", "antidepressants"),
    ("physio", "/treatment/first-line/", "exercise-and-rehabilitation"),
    ("talking therapy", "/treatment/second-line/", "psychological-treatment"),
    ("TENS machine", "/treatment/second-line/", "tens"),
    ("rehab programme", "/treatment/advanced/", "intensive-interdisciplinary-pain-rehabilitation-programmes"),
    ("sugar injection", "/regenerative/prolotherapy/", "what-prolotherapy-is"),
    ("blood injection", "/regenerative/prp/", "what-prp-is"),
    ("failed back surgery syndrome", "/overview/", "the-names-and-where-they-come-from"),
    ("MRI", "/evaluation/", "imaging-when-it-helps-and-when-it-does-not"),
    ("red flags", "/evaluation/", "warning-signs-how-red-flags-are-used"),
    ("scar tissue", "/causes/", "scar-tissue"),
    ("laminectomy", "/overview/procedures/", "laminectomy"),
    ("how common is it", "/overview/how-common/", None),
    ("cauda equina", "/urgent-help/", None),
    ("claims register", "/evidence/claims/", None),
]


def test_reader_queries_find_the_right_section_first(page, site_url):
    wrong = []
    for query, expected_page, expected_section in READER_QUERIES:
        links = search_result_links(page, site_url, query)
        first_page = links[0].split("#")[0]
        first_section = next((link.split("#")[1] for link in links if link.startswith(first_page + "#")), None)
        if first_page != expected_page or (expected_section and first_section != expected_section):
            wrong.append(f"{query!r}: first {first_page}#{first_section}, expected {expected_page}#{expected_section}")
    assert len(READER_QUERIES) >= 20
    assert not wrong, "\n".join(wrong)


def test_search_reads_a_table_row_by_row_with_its_column_names(built_site):
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    section = next(doc for doc in index["docs"] if doc["location"] == "treatment/#how-the-tiers-are-ordered")
    assert (
        "<p>Treatment: Spinal cord stimulation, mainly leg pain; Main evidence: Open-label RCT in FBSS, 100 people;"
        ' NICE TA159; Certainty: Low; Where it fits the source documents: Tempers the AI answer\'s "may be used": NICE allows it,'
        " but the placebo-controlled evidence found no clear benefit.</p>"
    ) in section["text"]
    assert "<td" not in section["text"] and "Certainty Where it fits" not in section["text"]


def test_search_snippets_do_not_run_tab_labels_together(page, site_url):
    search_result_links(page, site_url, "treatment tiers")
    snippets = " ".join(page.locator(".md-search-result__item").all_inner_texts())
    assert "For patientsFor clinicians" not in snippets
    assert "treatment tiers" in snippets.lower()


def test_search_only_text_never_reaches_the_page(built_site):
    for markdown_path in TABLE_PAGES + ("treatment/second-line.md",):
        html = built_site.page(page_url(markdown_path))
        assert "pls:search-only" not in html and "(also: " not in html, markdown_path
        assert "pls:unindexed" not in html, markdown_path
