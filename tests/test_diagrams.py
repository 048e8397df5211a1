"""The diagrams (issue #16): hand-drawn SVG files in docs/assets/diagrams/, shown on pages as images.

A diagram must be safe to serve as it is (well-formed, no script, no event handler, nothing fetched
from another host), must say what it shows (a <title> and a <desc>, role="img", and an alt text and a
caption where a page shows it) and must stay readable: on a 375 px phone, in the dark palette and on
paper, where it prints in its light colours on one page. The checks are functions over one SVG or one
built page, so the broken examples below can show that each one fails with a message naming the file.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import gates
from conftest import nav_pages, page_url
from sitebuilder import PROJECT_ROOT

DIAGRAMS = PROJECT_ROOT / "docs" / "assets" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Attributes that make a browser fetch something; in a diagram only a reference to its own "#id" may appear.
REFERENCE_ATTRIBUTES = ("href", "{http://www.w3.org/1999/xlink}href", "src")
ELEMENTS_NOT_ALLOWED = ("script", "foreignObject", "iframe", "image", "use")
# Words an alt text should not start with: it says what the picture shows, not that it is a picture.
EMPTY_ALT_OPENINGS = ("diagram", "image", "picture", "figure", "illustration", "graphic")
# The smallest label, as drawn on a 375 px phone: 13 CSS px (WCAG sets no size; this is the site's floor).
PHONE_SMALLEST_LABEL_PX = 13.0


def diagram_files() -> list[Path]:
    return sorted(DIAGRAMS.glob("*.svg"))


# --- One SVG file --------------------------------------------------------------------------------


def svg_problems(text: str, label: str) -> list[str]:
    """What makes one SVG file unfit to be a diagram on this site; an empty list is a pass."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return [f"{label}: the SVG is not well-formed XML ({error}); fix the markup at that line and column"]
    problems = []
    if root.tag != f"{SVG_NS}svg":
        problems.append(f"{label}: the root element is {root.tag!r}, not an <svg> in the SVG namespace")
    if root.get("role") != "img":
        problems.append(f'{label}: the <svg> element needs role="img" so assistive technology treats it as one picture')
    for name in ("title", "desc"):
        element = root.find(f"{SVG_NS}{name}")
        if element is None or not "".join(element.itertext()).strip():
            problems.append(
                f"{label}: the <svg> element has no <{name}> (or it is empty): add one that says what it shows"
            )
    labelled_by = (root.get("aria-labelledby") or "").split()
    ids = {element.get("id") for element in root.iter()}
    problems += [
        f'{label}: aria-labelledby names "{target}", but no element has that id'
        for target in labelled_by
        if target not in ids
    ]
    if root.find(f".//{SVG_NS}text") is None:
        problems.append(f"{label}: the diagram has no <text>: its labels must be real text, readable and translatable")
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if tag in ELEMENTS_NOT_ALLOWED:
            problems.append(
                f"{label}: <{tag}> is not allowed in a diagram (no scripts, no embedded or fetched content)"
            )
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on"):
                problems.append(f"{label}: <{tag}> has an event handler {attribute}=...; remove it")
            if attribute in REFERENCE_ATTRIBUTES and not value.startswith("#"):
                problems.append(f"{label}: <{tag}> refers to {value!r}; a diagram may refer only to its own #ids")
    for url in re.findall(r"url\(\s*['\"]?([^)'\"]*)", text):
        if not url.startswith("#"):
            problems.append(
                f"{label}: url({url}) fetches from outside the diagram; use a pattern or gradient inside it"
            )
    if "@import" in text or "@font-face" in text:
        problems.append(f"{label}: the diagram's style loads a stylesheet or a font; use the system font stack")
    return problems


def smallest_font_px(text: str) -> float:
    """The smallest font-size the diagram's style sets, in its own units."""
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", text)]
    if not sizes:
        raise AssertionError("the diagram sets no font-size in px: its labels would fall back to the browser's default")
    return min(sizes)


def view_box_width(text: str) -> float:
    return float(ET.fromstring(text).get("viewBox").split()[2])


@pytest.mark.parametrize("path", diagram_files(), ids=lambda p: p.name)
def test_every_diagram_is_well_formed_described_and_self_contained(path):
    assert svg_problems(path.read_text(encoding="utf-8"), f"docs/assets/diagrams/{path.name}") == []


def test_the_diagrams_folder_holds_the_diagrams_issue_16_asks_for():
    """A vertebra and the five operations, the three treatments' positions, the tiers as a pathway."""
    names = {p.stem for p in diagram_files()}
    wanted = {
        "vertebra-parts",
        "vertebra-laminectomy",
        "vertebra-hemilaminectomy",
        "vertebra-laminotomy",
        "vertebra-foraminotomy",
        "vertebra-facetectomy",
        "spinal-cord-stimulator",
        "radiofrequency-needle",
        "epidural-injection",
        "treatment-pathway",
    }
    assert wanted <= names, f"missing: {sorted(wanted - names)}"


def test_every_diagram_has_dark_colours():
    """Each diagram answers prefers-color-scheme: dark (the rendering check is in the browser tests)."""
    lacking = [
        p.name for p in diagram_files() if "@media (prefers-color-scheme: dark)" not in p.read_text(encoding="utf-8")
    ]
    assert lacking == []


GOOD_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-labelledby="t d">'
    '<title id="t">A square</title><desc id="d">A black square.</desc>'
    '<defs><pattern id="p" width="2" height="2"/></defs><rect fill="url(#p)" width="10" height="10"/>'
    "<text>Square</text></svg>"
)


def test_the_good_example_passes_so_the_broken_ones_below_fail_for_their_own_reason():
    assert svg_problems(GOOD_SVG, "good.svg") == []


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        (GOOD_SVG.replace("</svg>", ""), "bad.svg: the SVG is not well-formed XML (no element found: line 1"),
        (GOOD_SVG.replace(' role="img"', ""), 'bad.svg: the <svg> element needs role="img"'),
        (GOOD_SVG.replace('<title id="t">A square</title>', ""), "bad.svg: the <svg> element has no <title>"),
        (GOOD_SVG.replace("A black square.", " "), "bad.svg: the <svg> element has no <desc> (or it is empty)"),
        (
            GOOD_SVG.replace('aria-labelledby="t d"', 'aria-labelledby="t x"'),
            'aria-labelledby names "x", but no element',
        ),
        (GOOD_SVG.replace("<text>Square</text>", ""), "bad.svg: the diagram has no <text>"),
        (GOOD_SVG.replace("<text>", "<script>alert(1)</script><text>"), "bad.svg: <script> is not allowed"),
        (GOOD_SVG.replace("<rect ", '<rect onclick="go()" '), "bad.svg: <rect> has an event handler onclick"),
        (
            GOOD_SVG.replace("<text>", '<a href="https://example.org/"><text>').replace("</text>", "</text></a>"),
            "bad.svg: <a> refers to 'https://example.org/'",
        ),
        (
            GOOD_SVG.replace("<text>", '<image href="//cdn.example.org/x.png"/><text>'),
            "bad.svg: <image> is not allowed",
        ),
        (
            GOOD_SVG.replace('fill="url(#p)"', 'fill="url(https://example.org/p.svg#p)"'),
            "bad.svg: url(https://example.org/p.svg#p) fetches from outside",
        ),
        (
            GOOD_SVG.replace("<defs>", "<style>@import url(#x); text { fill: red }</style><defs>"),
            "bad.svg: the diagram's style loads a stylesheet or a font",
        ),
    ],
    ids=[
        "not-xml",
        "no-role",
        "no-title",
        "empty-desc",
        "labelledby-unknown",
        "no-text",
        "script",
        "event-handler",
        "external-link",
        "external-image",
        "external-url",
        "style-import",
    ],
)
def test_a_broken_diagram_is_named_with_what_is_wrong(svg, expected):
    problems = svg_problems(svg, "bad.svg")
    assert any(expected in problem for problem in problems), problems


# --- The diagrams on the built pages ------------------------------------------------------------


def diagram_use_problems(html: str, label: str) -> list[str]:
    """Every diagram image on one built page: a real alt text, inside a <figure> with a caption."""
    problems = []
    for img in BeautifulSoup(html, "html.parser").select('img[src*="assets/diagrams/"]'):
        name = img["src"].rsplit("/", 1)[-1]
        alt = (img.get("alt") or "").strip()
        if len(alt.split()) < 5:
            problems.append(f"{label}: the diagram {name} has no alt text that says what it shows (alt={alt!r})")
        elif alt.lower().startswith(EMPTY_ALT_OPENINGS):
            problems.append(f"{label}: the alt text of {name} starts {alt.split()[0]!r}: say what it shows instead")
        figure = img.find_parent("figure")
        caption = figure.find("figcaption") if figure else None
        if caption is None or not caption.get_text(strip=True):
            problems.append(f"{label}: the diagram {name} is not in a <figure> with a non-empty <figcaption>")
    return problems


def diagram_pages(built_site) -> dict[str, list[str]]:
    """Nav page -> the diagram files its built HTML shows."""
    shown = {}
    for markdown_path in nav_pages():
        soup = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
        names = [img["src"].rsplit("/", 1)[-1] for img in soup.select('img[src*="assets/diagrams/"]')]
        if names:
            shown[markdown_path] = names
    return shown


def test_every_diagram_is_shown_with_alt_text_and_a_caption(built_site):
    pages = diagram_pages(built_site)
    problems = [p for path in pages for p in diagram_use_problems(built_site.page(page_url(path)), path)]
    assert problems == []
    unused = sorted({p.name for p in diagram_files()} - {name for names in pages.values() for name in names})
    assert unused == [], f"diagrams no page shows: {unused}"
    assert {path: len(names) for path, names in pages.items()} == {
        "overview/procedures.md": 6,
        "treatment/index.md": 1,
        "treatment/second-line.md": 3,
    }


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p><img src="../assets/diagrams/a.svg" alt=""></p>', "x.md: the diagram a.svg has no alt text"),
        (
            '<figure><img src="../assets/diagrams/a.svg" alt="Diagram of the spine seen from the side"><figcaption>'
            "Spine</figcaption></figure>",
            "x.md: the alt text of a.svg starts 'Diagram'",
        ),
        (
            '<figure><img src="../assets/diagrams/a.svg" alt="The spine seen from the side, front on the left">'
            "<figcaption> </figcaption></figure>",
            "x.md: the diagram a.svg is not in a <figure> with a non-empty <figcaption>",
        ),
    ],
    ids=["empty-alt", "alt-says-diagram", "empty-caption"],
)
def test_a_diagram_shown_without_words_is_named(html, expected):
    problems = diagram_use_problems(html, "x.md")
    assert any(p.startswith(expected) for p in problems), problems


# --- In Chromium: the pages that show diagrams pass the gates; dark, print and phone ---------------

# Draws every diagram image of the page onto a canvas as the page shows it, and sums its pixels.
_RENDERINGS = """async () => { await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
return Promise.all([...document.querySelectorAll('img[src*="assets/diagrams/"]')].map(async img => {
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0; for (let i = 0; i < data.length; i += 1) sum = (sum + data[i] * ((i % 97) + 1)) % 2147483647;
  return [img.getAttribute('src').split('/').pop(), sum];
})); }"""


def _renderings(page) -> dict[str, int]:
    """The diagrams as drawn, once two readings 200 ms apart agree (a media change restyles them late)."""
    previous = dict(page.evaluate(_RENDERINGS))
    for _ in range(20):
        page.wait_for_timeout(200)
        current = dict(page.evaluate(_RENDERINGS))
        if current == previous:
            return current
        previous = current
    raise AssertionError(f"{page.url}: the diagrams never stopped changing: {current}")


@pytest.mark.browser
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_pages_with_diagrams_have_no_axe_violation(browser, built_site, site_url, palette):
    context = browser.new_context(color_scheme=palette)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in diagram_pages(built_site):
            problems += gates.axe_problems(page, site_url + page_url(markdown_path), f"{markdown_path} [{palette}]")
            assert gates.palette_scheme(page) == {"light": "default", "dark": "slate"}[palette]
    finally:
        context.close()
    assert problems == []


@pytest.mark.browser
def test_diagrams_take_their_dark_colours_in_the_dark_palette_and_their_light_ones_on_paper(
    browser, built_site, site_url
):
    """Under Material's slate palette every diagram draws differently; printed, exactly as in light."""
    problems = []
    for markdown_path in diagram_pages(built_site):
        shown = {}
        for palette in ("light", "dark"):
            context = browser.new_context(color_scheme=palette)
            page = context.new_page()
            gates.load(page, site_url + page_url(markdown_path))
            shown[palette] = _renderings(page)
            page.emulate_media(media="print")
            shown[f"{palette} print"] = _renderings(page)
            context.close()
        for name, light in shown["light"].items():
            if shown["dark"][name] == light:
                problems.append(f"{markdown_path}: {name} looks the same in the dark palette as in the light one")
            if shown["dark print"][name] != light:
                problems.append(f"{markdown_path}: {name} does not print in its light colours from the dark palette")
            if shown["light print"][name] != light:
                problems.append(f"{markdown_path}: {name} does not print in its light colours")
    assert problems == []


@pytest.mark.browser
def test_pages_with_diagrams_print_each_diagram_whole_on_one_page(browser, built_site, site_url):
    """Every label of a diagram is on one and the same PDF page, printed from the dark palette.

    The print gate itself (tests/test_gate_print.py) runs on its own topic page, which shows diagrams.
    """
    from pypdf import PdfReader

    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    problems = []
    pages = diagram_pages(built_site)
    try:
        for markdown_path, names in pages.items():
            gates.load(page, site_url + page_url(markdown_path))
            page.emulate_media(media="print")
            pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
            printed_pages = [gates.normalise_text(p.extract_text() or "") for p in pdf.pages]
            for name in names:
                svg = ET.fromstring((DIAGRAMS / name).read_text(encoding="utf-8"))
                labels = {gates.normalise_text("".join(t.itertext())) for t in svg.iter(f"{SVG_NS}text")} - {""}
                if not any(all(label in text for label in labels) for text in printed_pages):
                    problems.append(f"{markdown_path}: {name} is not printed whole on one page")
            page.emulate_media(media="screen")
    finally:
        context.close()
    assert problems == []


@pytest.mark.browser
def test_pages_with_diagrams_fit_a_phone_and_their_labels_stay_readable(browser, built_site, site_url):
    context = browser.new_context(viewport=gates.MOBILE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in diagram_pages(built_site):
            url = site_url + page_url(markdown_path)
            problems += gates.mobile_problems(page, url, markdown_path)
            gates.load(page, url)
            widths = page.evaluate(
                """() => [...document.querySelectorAll('img[src*="assets/diagrams/"]')]
                     .map(img => [img.getAttribute('src').split('/').pop(), img.getBoundingClientRect().width])"""
            )
            for name, width in widths:
                text = (DIAGRAMS / name).read_text(encoding="utf-8")
                smallest = smallest_font_px(text) * width / view_box_width(text)
                if smallest < PHONE_SMALLEST_LABEL_PX:
                    problems.append(
                        f"{markdown_path}: {name}'s smallest label is {smallest:.1f} px on a 375 px phone "
                        f"(at least {PHONE_SMALLEST_LABEL_PX:g}): make the diagram narrower or its labels larger"
                    )
    finally:
        context.close()
    assert problems == []


@pytest.mark.browser
def test_pages_with_diagrams_request_no_other_host(browser, built_site, site_url):
    context = browser.new_context()
    log = gates.RequestLog(context)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in diagram_pages(built_site):
            problems += gates.privacy_problems(page, log, site_url + page_url(markdown_path), markdown_path)
    finally:
        context.close()
    assert problems == []
    assert {url.rsplit("/", 1)[-1] for url in log.local if "/assets/diagrams/" in url} == {
        p.name for p in diagram_files()
    }, "the pages did not load every diagram from this site"
