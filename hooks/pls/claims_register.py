"""The claims register: every graded claim on the site in one table that readers can sort and filter.

The table is complete static HTML: without JavaScript it is a readable table in reading order. Our
own small script (docs/assets/claims.js) reveals the filter form and turns the column headings into
sort buttons; it sorts by the `data-pls-value` of each cell, so certainty sorts by level, not by
alphabet. All URLs are relative to the page that shows the register, so the site works from any
folder and with or without directory URLs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from mkdocs.utils import get_relative_url

from .claims_form import certainty_badge, population_text
from .claims_model import Claim, Vocabulary, topic_key
from .claims_references import ReferenceIdentifiers
from .claims_titles import short_title
from .references import doi_url, pubmed_url


def claim_href(claim: Claim, from_url: str) -> str:
    """Relative link from the page at `from_url` to the claim's anchor."""
    return f"{get_relative_url(claim.page_url, from_url)}#{claim.anchor}"


def render_register(
    claims: Sequence[Claim],
    vocabulary: Vocabulary,
    references: Mapping[str, ReferenceIdentifiers],
    *,
    page_url: str,
) -> str:
    """The register's HTML for the page at `page_url` (claims in reading order)."""
    if not claims:
        return '<p class="pls-register__empty">No graded claims have been published yet.</p>'
    rows = "\n".join(_row(claim, vocabulary, references, page_url) for claim in claims)
    count = len(claims)
    return f"""<div class="pls-register" data-pls-register>
{_filters(claims, vocabulary)}
<p class="pls-register__status" role="status" data-pls-register-status>{count} claim{"s" if count != 1 else ""}.</p>
<div class="pls-scroll" role="region" aria-label="Claims register table" tabindex="0">
<table class="pls-register__table">
<caption>Every graded claim on this site, in reading order. Each claim links to where it is made.</caption>
<thead>
<tr>
<th scope="col" data-pls-sort="text">Topic</th>
<th scope="col" data-pls-sort="text">Claim</th>
<th scope="col" data-pls-sort="number" data-pls-sort-first="descending">Certainty</th>
<th scope="col" data-pls-sort="number">Verdict</th>
<th scope="col">Sources</th>
</tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</div>
</div>"""


def _filters(claims: Sequence[Claim], vocabulary: Vocabulary) -> str:
    topics: dict[str, str] = {}
    for claim in claims:
        topics.setdefault(topic_key(claim.topic), claim.topic)
    topic_options = "".join(
        f'<option value="{html.escape(key)}">{html.escape(label)}</option>'
        for key, label in sorted(topics.items(), key=lambda item: item[1].casefold())
    )
    certainty_options = "".join(
        f'<option value="{html.escape(term.value)}">{html.escape(term.label)}</option>' for term in vocabulary.certainty
    )
    verdict_options = '<option value="none">Our own statements (no verdict)</option>' + "".join(
        f'<option value="{html.escape(term.value)}">{html.escape(term.label)}</option>' for term in vocabulary.verdict
    )
    return f"""<form class="pls-register__filters" aria-label="Filter the claims" data-pls-register-filters hidden>
<div class="pls-register__filter"><label for="pls-register-text">Words in the claim</label><input id="pls-register-text" name="q" type="search" autocomplete="off"></div>
<div class="pls-register__filter"><label for="pls-register-topic">Topic</label><select id="pls-register-topic" name="topic"><option value="">All topics</option>{topic_options}</select></div>
<div class="pls-register__filter"><label for="pls-register-certainty">Certainty</label><select id="pls-register-certainty" name="certainty"><option value="">All levels</option>{certainty_options}</select></div>
<div class="pls-register__filter"><label for="pls-register-verdict">Verdict</label><select id="pls-register-verdict" name="verdict"><option value="">All claims</option>{verdict_options}</select></div>
{_reset_button()}
</form>"""


def _reset_button() -> str:
    """Back to every claim in reading order (claims.js also clears the address)."""
    return (
        '<div class="pls-register__actions">'
        '<button class="pls-register__reset" type="reset">Show all claims in reading order</button></div>'
    )


def _row(claim: Claim, vocabulary: Vocabulary, references: Mapping[str, ReferenceIdentifiers], page_url: str) -> str:
    certainty = vocabulary.term("certainty", claim.certainty)
    verdict_order = vocabulary.values("verdict")
    verdict_value = verdict_order.index(claim.verdict) + 1 if claim.verdict else 0
    attributes = (
        f'data-topic="{html.escape(topic_key(claim.topic))}" data-certainty="{html.escape(certainty.value)}"'
        f' data-verdict="{html.escape(claim.verdict or "none")}"'
    )
    cells = [
        f'<td data-pls-value="{html.escape(claim.topic.casefold())}">{html.escape(claim.topic)}</td>',
        f'<td data-pls-value="{html.escape(claim.plain_text.casefold())}">{_claim_cell(claim, page_url)}</td>',
        f'<td data-pls-value="{vocabulary.certainty_rank(certainty.value)}">'
        f"{certainty_badge(certainty, link=None)}{_evidence_note(claim, vocabulary)}</td>",
        f'<td data-pls-value="{verdict_value}">{_verdict_cell(claim, vocabulary)}</td>',
        f"<td>{_sources(claim, references)}</td>",
    ]
    return f"<tr {attributes}>{''.join(cells)}</tr>"


def _claim_cell(claim: Claim, page_url: str) -> str:
    """The claim's short title as the link, its full text below (when it says more), and its page.

    The full text is the cell's own text, not an element of its own: the register is the site's
    largest page, and one element per claim counts against its DOM budget.
    """
    title = short_title(claim.plain_text)
    full = "" if title == claim.plain_text else html.escape(claim.plain_text)
    return (
        f'<a class="pls-register__title" href="{html.escape(claim_href(claim, page_url))}">{html.escape(title)}</a>'
        f'{full}<span class="pls-register__note">On the page: {html.escape(claim.page_title)}</span>'
    )


def _evidence_note(claim: Claim, vocabulary: Vocabulary) -> str:
    notes = []
    if claim.grading:
        # The same reasons the badge shows on its page, in one note (the register is the site's
        # largest page): it prints and reads without the script.
        notes.append(
            " ".join(filter(None, [f"Why: {claim.grading.reasons}.", population_text(claim.grading, vocabulary)]))
        )
    if claim.evidence:
        notes.append(f"Evidence: {vocabulary.term('evidence', claim.evidence).label}")
    if claim.direction:
        notes.append(f"Direction of effect: {vocabulary.term('direction', claim.direction).label}")
    return "".join(f'<span class="pls-register__note">{html.escape(note)}</span>' for note in notes)


def _verdict_cell(claim: Claim, vocabulary: Vocabulary) -> str:
    if not claim.verdict:
        return '<span class="pls-register__none">Our own statement</span>'
    term = vocabulary.term("verdict", claim.verdict)
    parts = [f'<span class="pls-verdict pls-verdict--{term.css_name}">{html.escape(term.label)}</span>']
    if claim.claimed_by_text:
        parts.append(f'<span class="pls-register__note">Claim made by: {html.escape(claim.claimed_by_text)}</span>')
    if claim.conflicted:
        parts.append('<span class="pls-claim__flag">Promotional or conflicted source</span>')
    return "".join(parts)


def _sources(claim: Claim, references: Mapping[str, ReferenceIdentifiers]) -> str:
    items = []
    for key in claim.citations:
        reference = references.get(key)
        label = html.escape(reference.label if reference else key)
        if reference and reference.doi:
            items.append(f'<li><a href="{html.escape(doi_url(reference.doi))}">{label}</a></li>')
        elif reference and reference.pmid:
            items.append(f'<li><a href="{html.escape(pubmed_url(reference.pmid))}">{label}</a></li>')
        else:
            items.append(f"<li>{label}</li>")
    return f'<ul class="pls-register__sources">{"".join(items)}</ul>'


def register_filter_href(topic: str, register_url: str, from_url: str) -> str:
    """Relative link to the register showing one topic's claims (claims.js applies `?topic=`)."""
    return f"{get_relative_url(register_url, from_url)}?topic={quote(topic)}"
