"""Graded claims: render every `/// claim` block with its certainty badge, and publish the claims.

Why: the site's core promise is that a reader sees how strong the evidence is behind each claim.
This hook checks every claim an editor writes (a missing or unknown certainty, no citation, a verdict
without who made the claim, a duplicate id ... each fails the strict build with the page, the line
and the fix), renders it as a block with a GRADE badge, and, once every page is read, fills in the
claims register and the evidence map and writes claims.json (with claims.schema.json) at the site root.

Where the steps run is in hooks/pipeline.py: claims are rendered after the citation checks and before
mkdocs-bibtex, which then turns the citations inside the rendered claim into footnotes. MkDocs reads
and renders every page before on_env, so on_env is where all claims are known.
The logic lives in pure modules beside this file: claims_form (the block), claims_register,
claims_map, claims_json and claims_references (DOI/PMID per key).
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import claims_json, claims_map, claims_register, markers
from .abbreviations import Abbreviations
from .claims_form import body_first_line, claim_meta_html, find_claim_blocks, read_claim, render_claim
from .claims_model import Claim, load_vocabulary, topic_key
from .claims_references import ReferenceIdentifiers, reference_identifiers
from .problems import Problem, docs_path, report
from .references import ReferenceDatabase
from .unindexed import Unindexed

GRADING_PAGE = "evidence/grading.md"


class ClaimsState:
    """Everything one build learns about claims (the build's `build.claims`)."""

    def __init__(self, config: MkDocsConfig, database: ReferenceDatabase, unindexed: Unindexed) -> None:
        self.vocabulary = load_vocabulary()
        self.abbreviations = Abbreviations.for_pages_of(config)
        self.references: Mapping[str, ReferenceIdentifiers] = reference_identifiers(database)
        self.unindexed = unindexed
        self.docs_prefix = docs_path(config, "")
        self.claims: list[Claim] = []
        self.claim_locations: dict[str, str] = {}  # id -> 'docs/page.md:line' of its first use
        self.reading_order: dict[str, int] = {}
        self.register_pages: list[Page] = []
        self.map_pages: list[Page] = []
        self.claims_file: File | None = None  # claims.json; its content is known only in on_env
        self.grading_file: File | None = None
        self.reported_missing_grading_page = False
        self.meta_html: dict[str, list[str]] = {}  # page -> HTML of each claim's badge and verdict lines

    def warn(self, source: str, line: int, message: str) -> None:
        report(Problem.at_line(line, message, file=f"{self.docs_prefix}{source}"))

    def location(self, source: str, line: int) -> str:
        return f"{self.docs_prefix}{source}:{line}"


# --- Hooks -------------------------------------------------------------------------------------


def start_claims(config: MkDocsConfig, database: ReferenceDatabase, unindexed: Unindexed) -> ClaimsState:
    """A fresh build: vocabulary, DOI/PMID of every reference (read once), empty claim list."""
    return ClaimsState(config, database, unindexed)


def add_claims_files(build: ClaimsState, files: Files, config: MkDocsConfig) -> None:
    """Publish claims.json (content set in write_claims_outputs) and its schema at the site root."""
    build.grading_file = files.get_file_from_path(GRADING_PAGE)
    claims_file = File.generated(config, claims_json.JSON_NAME, content="")
    schema_file = File.generated(config, claims_json.SCHEMA_NAME, content=claims_json.schema_text())
    build.claims_file = claims_file
    files.append(claims_file)
    files.append(schema_file)


def note_reading_order(build: ClaimsState, nav: Navigation) -> None:
    """Remember the reading order: the register and claims.json list claims in nav order."""
    build.reading_order = {page.file.src_uri: index for index, page in enumerate(nav.pages)}


def render_claims(build: ClaimsState, markdown: str, page: Page) -> str | None:
    """Check and render the page's claims; note whether it shows the register or the map."""
    if markers.contains(markdown, "claims-register"):
        build.register_pages.append(page)
    if markers.contains(markdown, "evidence-map"):
        build.map_pages.append(page)
    if "///" not in markdown:
        return None
    source = page.file.src_uri
    first_line = body_first_line(page.file.content_string, markdown)
    blocks, problems = find_claim_blocks(markdown, first_line=first_line)
    for problem in problems:
        build.warn(source, problem.line, problem.message)
    if not blocks:
        return None
    rendered_blocks = []
    meta_html = build.meta_html.setdefault(source, [])
    for block in blocks:
        claim, claim_problems = read_claim(block, build.vocabulary, source=source)
        for problem in claim_problems:
            build.warn(source, problem.line, problem.message)
        claim.page_url = page.url
        claim.page_title = page.title or source
        first_use = _is_first_use(build, claim) if claim.id else False
        # Only a claim whose grade was worked out is published (register, map, claims.json).
        if first_use and not claim_problems and claim.grading is not None:
            build.claims.append(claim)
        meta_html.append(
            claim_meta_html(
                claim,
                build.vocabulary,
                grading_url=_grading_url(build, page, block.line),
                abbreviate=build.abbreviations.html,
            )
        )
        rendered = render_claim(
            # A text marker until the HTML is ready (on_page_content): no raw HTML for Markdown to work through.
            claim,
            meta_slot=markers.make("claim", str(len(meta_html) - 1)),
            min_lines=block.last - block.first + 1,
        )
        rendered_blocks.append((block, rendered))
    lines = markdown.split("\n")
    for block, rendered in reversed(rendered_blocks):
        lines[block.first : block.last + 1] = rendered.split("\n")
    return "\n".join(lines)


def fill_claim_meta(build: ClaimsState, html: str, page: Page) -> str:
    """Put each claim's badge and verdict lines in its slot."""
    meta_html = build.meta_html.pop(page.file.src_uri, None)
    if not meta_html:
        return html
    return markers.fill(html, "claim", lambda index: meta_html[int(index)], whole_paragraph=True)


def _is_first_use(build: ClaimsState, claim: Claim) -> bool:
    """False (with a message naming both places) when another claim already has this id."""
    here = build.location(claim.source, claim.line)
    first_use = build.claim_locations.setdefault(claim.id, here)
    if first_use == here:
        return True
    build.warn(
        claim.source, claim.line, f"duplicate claim id '{claim.id}' (first at {first_use}) — give each claim its own id"
    )
    return False


def _grading_url(build: ClaimsState, page: Page, line: int) -> str | None:
    """Link from the page to the grading page; a missing grading page is reported once."""
    if build.grading_file is not None:
        return build.grading_file.url_relative_to(page.file)
    if not build.reported_missing_grading_page:
        build.reported_missing_grading_page = True
        build.warn(
            page.file.src_uri,
            line,
            f"claim badges link to the 'How we grade evidence' page, but {build.docs_prefix}{GRADING_PAGE} does not exist — add that page",
        )
    return None


def write_claims_outputs(build: ClaimsState, config: MkDocsConfig) -> None:
    """Every page is rendered: fill the register and the map, and write claims.json."""
    # on_page_markdown ran in file order; readers and claims.json get reading (nav) order.
    claims = sorted(
        build.claims,
        key=lambda claim: (build.reading_order.get(claim.source, len(build.reading_order)), claim.source, claim.line),
    )
    _check_topic_spelling(build, claims)
    register_url = build.register_pages[0].url if build.register_pages else None
    for page in build.register_pages:
        section = claims_register.render_register(claims, build.vocabulary, build.references, page_url=page.url)
        # Every claim is indexed on its own page: search need not find it again here or on the map.
        page.content = markers.replace_all(page.content, "claims-register", build.unindexed.set_aside(page, section))
    placed, unplaced = claims_map.map_topics(claims, build.vocabulary)
    for page in build.map_pages:
        section = _map_section(claims, placed, unplaced, build, page, register_url)
        page.content = markers.replace_all(page.content, "evidence-map", build.unindexed.set_aside(page, section))
    if build.claims_file is not None:
        build.claims_file.content_string = claims_json.claims_json(claims, build.references, site_name=config.site_name)


def _map_section(claims, placed, unplaced, build: ClaimsState, page: Page, register_url: str | None) -> str:
    """The map for one page; a point opens the register filtered to its topic (or, without a register, its claim)."""
    claim_links = {claim.id: claims_register.claim_href(claim, page.url) for claim in claims}
    first_claims: dict[str, Claim] = {}
    for claim in claims:
        first_claims.setdefault(topic_key(claim.topic), claim)
    if register_url:
        topic_links = {
            key: claims_register.register_filter_href(claim.topic, register_url, page.url)
            for key, claim in first_claims.items()
        }
    else:
        topic_links = {key: claim_links[claim.id] for key, claim in first_claims.items()}
        topic_links.update({point.key: claim_links[point.representative.id] for point in placed})
    links = claims_map.MapLinks(topics=topic_links, claims=claim_links)
    return claims_map.render_map_section(placed, unplaced, build.vocabulary, links)


def _check_topic_spelling(build: ClaimsState, claims: list[Claim]) -> None:
    """One topic, one spelling: the register and the map group claims by topic."""
    first_spelling: dict[str, Claim] = {}
    for claim in claims:
        first = first_spelling.setdefault(topic_key(claim.topic), claim)
        if first.topic != claim.topic:
            build.warn(
                claim.source,
                claim.line,
                f"topic '{claim.topic}' is spelt differently from '{first.topic}' ({build.location(first.source, first.line)})"
                " — use one spelling so the register and the evidence map group them",
            )
