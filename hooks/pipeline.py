"""The build, step by step: every step the PLS Evidence Guide adds to `mkdocs build`, in the order it runs.

This is the only file listed under `hooks:` in mkdocs.yml; the steps live in the package hooks/pls/,
one module per concern. Read it top to bottom: MkDocs calls the events in this order, and within an
event the steps run in the order written here.

Two plugins run between our steps, and each event that meets them is split around them:
- mkdocs-bibtex reads references.bib in its on_config and turns `[@key]` citations into footnotes in
  its on_page_markdown (both at priority 0);
- the search plugin indexes `page.content` in its on_page_context (priority 0).
A step BEFORE a plugin is registered at priority 100 and a step AFTER it at -100, through MkDocs'
CombinedEvent: those two numbers are the only priorities in the project.

State: the first step makes the build's state (`pls.state.Build`) and keeps it on the build's own
config; every other step gets it from there. Nothing is kept in a module between builds.

What one step sets aside and a later step fills (the References list, the claims register and map,
a claim's badge, a footnote's text, parts kept out of the search index) is a marker of one grammar
(pls.markers); the last step (on_post_page) fails the build on any marker left in a finished page.
Every check reports through pls.problems (`file:line: what — fix`) and reads a page's Markdown
through one region scanner (pls.regions).
"""

from __future__ import annotations

import importlib.metadata

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from pls import (
    bibliography_downloads,
    bibtex_adapter,
    changes_feed,
    changes_page,
    citation_of_page,
    citation_returns,
    citations,
    citations_checks,
    citations_format,
    citations_shield,
    citations_visible,
    claims,
    claims_checks,
    config_checks,
    content_safety,
    drafts,
    footnote_refs,
    front_matter,
    html_checks,
    includes_checks,
    leaflet,
    option_grid,
    output_checks,
    page_chrome,
    page_record,
    page_structure,
    quotations_checks,
    readability,
    references_checks,
    references_page,
    references_text,
    search_text,
    source_files,
    staleness,
    structured_data,
    tables,
    urgent_help,
)
from pls.problems import docs_path
from pls.state import Build

BEFORE_PLUGINS = 100
AFTER_PLUGINS = -100


# --- on_config: once per build, before anything is read ----------------------------------------


@mkdocs.plugins.event_priority(BEFORE_PLUGINS)
def _config_before_bibtex(config: MkDocsConfig) -> None:
    build = Build.start(config)
    # A key written twice in mkdocs.yml silently replaces the first (its syntax make check reads).
    config_checks.check_config_file(config)
    # references.bib and includes/ are UTF-8: mkdocs-bibtex and pymdownx.snippets crash on a bad byte.
    build.bib_read_from_copy = source_files.check_shared_sources(config)
    # includes/abbreviations.md is appended to every page: definitions only, no citations in them.
    includes_checks.check_appended_files(config)
    # Before mkdocs-bibtex reads references.bib: it stops on a broken file with a traceback, ours
    # says where and how to fix it.
    bibtex_adapter.check_version(importlib.metadata.version)
    references_checks.read_references(build)
    # The archived source documents (sources/), read once: every quotation of one is checked.
    quotations_checks.read_sources(build)


@mkdocs.plugins.event_priority(AFTER_PLUGINS)
def _config_after_bibtex(config: MkDocsConfig) -> None:
    build = Build.of(config)
    # Needs the parsed references (DOI/PMID per key for claims.json and the register).
    build.claims = claims.start_claims(config, build.references, build.unindexed)
    # The controlled list of claim topics (claim_topics.yml): a misspelt topic would be a new group.
    build.claim_topics = claims_checks.read_topics(config)
    # git history once per build (last-updated dates, what changed, the feed), and the edit links
    # (sets MkDocs' edit_uri).
    page_chrome.read_page_history(build)


on_config = mkdocs.plugins.CombinedEvent(_config_before_bibtex, _config_after_bibtex)


# --- on_pre_build: mkdocs-bibtex is configured -------------------------------------------------


def on_pre_build(*, config: MkDocsConfig) -> None:
    # Every entry formatted once, with mkdocs-bibtex's formatter: footnotes and the References
    # page use this text, and citations to an entry it cannot format are reported per page.
    build = Build.of(config)
    references_checks.format_references(build)
    # A LaTeX command pybtex does not know is printed as text: report it at its field's line.
    references_text.check_formatted_text(build.references)
    references_text.check_entry_types(build.references)


# --- on_files: the files are known, nothing is rendered ----------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    build = Build.of(config)
    # A page that is not UTF-8 or a dangling symlink is reported and leaves the build: reading it crashes.
    files = source_files.check_docs_files(config, files)
    # Every page's front matter, parsed once; the steps below and the page checks read it.
    front_matter.read_all_front_matter(build, files)
    # Drafts leave the site and the nav before MkDocs builds the nav.
    drafts.mark_drafts(build, files)
    # claims.json and its schema are published at the site root (content written in on_env).
    claims.add_claims_files(build.claims, files, config)
    # Raw <script>, inline event handlers, javascript: URLs in any page's source.
    content_safety.check_content_safety(config, files)
    # The words readers search for, checked against the pages they name.
    build.search_words = search_text.read_search_words(config, files)
    # Downloads readers cite and import with, for published pages only (drafts are out by now): each
    # page's citation as BibTeX and RIS, the whole bibliography as both, and the feed of changes.
    citation_of_page.add_citation_files(build, files)
    bibliography_downloads.add_bibliography_files(build, files)
    changes_feed.add_changes_feed(build, files)
    return files


# --- on_nav ------------------------------------------------------------------------------------


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    # The register and claims.json list claims in reading order.
    claims.note_reading_order(Build.of(config).claims, nav)
    return nav


# --- on_page_markdown: each page's Markdown, around mkdocs-bibtex ------------------------------


@mkdocs.plugins.event_priority(BEFORE_PLUGINS)
def _markdown_before_bibtex(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = Build.of(config)
    # A `--8<--` line naming no file is reported and left out (pymdownx.snippets would stop the build).
    markdown = source_files.check_snippet_lines(
        markdown, page, config, citations.body_line_offset(page.file.content_string, markdown)
    )
    # Checks first, on the author's Markdown, so every line number is the author's.
    front_matter.check_page_front_matter(build, page)
    # Content, one title heading equal to the title, the patient/clinician tab pair with text in each.
    page_structure.check_page_structure(build, page, docs_path(config, page.file.src_uri))
    drafts.check_links_to_drafts(build, page)
    staleness.check_staleness(build, page)
    citations_checks.check_citations(build, markdown, page)
    # A citation in a link's title becomes a tooltip with a bare number.
    citations_visible.check_link_titles(
        markdown,
        docs_path(config, page.file.src_uri),
        citations.body_line_offset(page.file.content_string, markdown) + 1,
    )
    # Citations in a claim's option lines or only in code, and topics off the controlled list.
    claims_checks.check_claim_forms(
        markdown,
        page,
        docs_path(config, page.file.src_uri),
        build.claim_topics,
        citations.body_line_offset(page.file.content_string, markdown) + 1,
    )
    # Quotations of a source document are verbatim (checked on the author's lines).
    quotations_checks.check_quotations(build, markdown, page)
    # Markers of a kind that does not exist, and HTML comments never closed, at the author's line.
    output_checks.check_page_markers(build, markdown, page)
    # The reading grade of the patient tab and Key points, on the author's own text (before claims
    # and the urgent-help block are added), so a warning names the author's line.
    readability.check_readability(build, markdown, page)
    # The claims' grid figures and the page's option grid, read on the author's lines before claims are
    # rendered; the grid is a slot until every claim is known.
    markdown = option_grid.read_option_grid(build, markdown, page)
    # The {quote <id>} markers leave the text: readers see only the quotation.
    markdown = quotations_checks.strip_markers(markdown)
    # Claims become blocks whose citations mkdocs-bibtex then turns into footnotes.
    markdown = claims.render_claims(build.claims, markdown, page) or markdown
    # The "When to get urgent help" block, after the author's lines were read and before
    # mkdocs-bibtex, so its citations become the page's own footnotes.
    markdown = urgent_help.add_urgent_help(build, markdown, page, files)
    # Last before mkdocs-bibtex: hide code and broken citations from it (it would rewrite or drop them).
    markdown = citations_shield.shield(markdown, build.references)
    # ... and give it each distinct citation block once (it rewrites the whole page once per block).
    return footnote_refs.gather_citations(markdown)


@mkdocs.plugins.event_priority(AFTER_PLUGINS)
def _markdown_after_bibtex(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = Build.of(config)
    # Each citation block as mkdocs-bibtex rewrote it, back in its places.
    markdown = footnote_refs.spread_citations(markdown)
    # Each repeated reference to a footnote becomes a slot: Python-Markdown numbers repeats in
    # quadratic time (a page citing one source 20,000 times never built); the HTML step fills them.
    markdown = footnote_refs.set_aside_repeats(markdown)
    # Code back as written; each footnote's text becomes a slot filled with its HTML later.
    markdown = citations_format.finish_citations(build, markdown)
    # The References page holds the place of its list (written once every page was read), and the
    # Recent changes page the place of its list (written from git history in on_page_content).
    markdown = references_page.hold_references_list(markdown, page) or markdown
    return changes_page.hold_changes_list(markdown, page) or markdown


on_page_markdown = mkdocs.plugins.CombinedEvent(_markdown_before_bibtex, _markdown_after_bibtex)


# --- on_page_content: each page's HTML ---------------------------------------------------------


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = Build.of(config)
    # Each repeated footnote reference set aside in the Markdown, as Python-Markdown writes one.
    html = footnote_refs.fill_repeats(html)
    # A citation mkdocs-bibtex did render but Markdown did not: '[^key]' in raw HTML or a comment.
    citations_visible.check_rendered_html(html, page, docs_path(config, page.file.src_uri))
    # Each claim's badge and verdict lines into its slot.
    html = claims.fill_claim_meta(build.claims, html, page)
    # One named return link per footnote, while every citation (the urgent-help block's too) is in the page.
    html = citation_returns.add_return_links(html)
    # The urgent-help block is indexed on its own page only: set aside everywhere else.
    html = urgent_help.set_aside_urgent_help(build, html, page)
    # "1, 2" between adjacent citations; footnotes filled and set aside from the search index.
    html = citations_format.finish_footnotes(build, html, page)
    # What search reads: tables as one line per row, tab labels aside, reader words in their sections.
    html = search_text.prepare_page_for_search(build, build.search_words, html, page)
    # The Recent changes page's list; then on every page, before the footer: next review, what
    # changed, how to cite.
    html = changes_page.write_changes_list(build, html, page, files)
    html = page_record.add_page_record(build, html, page, files)
    # The frame (review status after the H1; update date, edit links, disclaimer at the end).
    html = page_chrome.add_page_frame(build, html, page)
    # The printed page names the site and its address first (a patient leaflet).
    html = leaflet.add_leaflet_header(build, html, page)
    # Last, on the HTML readers get, whatever wrote it (page, include, snippet, hook): nothing runs or
    # loads from elsewhere, every internal link and image resolves, every image has a text alternative.
    html_checks.check_page_html(build.html_checks, html, page, config, files)
    return html


# --- on_env: every page is rendered ------------------------------------------------------------


def on_env(env, *, config: MkDocsConfig, files: Files):
    build = Build.of(config)
    # Which entries no page cites (information, not a failure).
    references_checks.report_uncited(build)
    # A references.bib with no entries that pages cite: one message, at the file.
    references_text.report_empty_file(build.references, build.citations_without_entries, _bib_text(config))
    # Every claim is known: the register, the evidence map and claims.json.
    claims.write_claims_outputs(build.claims, config)
    # Every claim is known: each option grid checked against the claims it names, then filled.
    option_grid.write_option_grids(build)
    # The page search finds the urgent-help block on must show it.
    urgent_help.check_urgent_help_page(build, files)
    return env


# --- on_page_context: each page before its template, around the search plugin ------------------


@mkdocs.plugins.event_priority(BEFORE_PLUGINS)
def on_page_context(context, *, page: Page, config: MkDocsConfig, nav: Navigation):
    # Before search indexes the page: the References page's list, with the pages citing each entry.
    references_page.write_references_list(Build.of(config), page, nav)
    return context


# --- on_post_page: each finished page ----------------------------------------------------------


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    build = Build.of(config)
    # Text only search reads leaves the page; everything set aside from the index goes back.
    output = search_text.strip_index_only(output)
    output = build.unindexed.put_back(page, output)
    # The finished page's ids: links to its anchors are checked after the last page.
    html_checks.note_ids(build.html_checks, output, page)
    # Once the register and the map are back in: every table fits a phone (stacked or scrolling).
    output = tables.fit_tables(output)
    # In <head>, where search engines and feed readers look: the page's schema.org data and the feed.
    output = structured_data.add_structured_data(build, output, page)
    output = changes_feed.add_feed_link(config, output, page)
    # Last, on the finished page: no marker of ours left, no citation or claim block left as text.
    output_checks.check_finished_page(build, output, page)
    return output


# --- on_post_build: every page is written ------------------------------------------------------


def on_post_build(*, config: MkDocsConfig) -> None:
    build = Build.of(config)
    # Every link's anchor exists on the page it points to (the strict count comes after this step).
    html_checks.check_anchors(build.html_checks)
    # The reading grades measured this build are kept for the next one.
    readability.keep_grades(build)


# --- Helper functions --------------------------------------------------------------------------


def _bib_text(config: MkDocsConfig) -> str:
    path = bibtex_adapter.bibliography_path(config)
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""
