"""The evidence map: one picture of which topics rest on strong evidence and which on weak or none.

Each topic is one point, placed by the certainty of its evidence (rows, high at the top) and the
direction of effect (columns: harm, no clear benefit, benefit, then "uncertain" set apart). The point
stands for the topic's representative claim: among its claims that state a direction, the one with
the highest certainty; on a tie, the first in reading order. Topics whose claims state no direction
cannot be placed and are listed under the figure instead. The SVG is plain markup made here at build
time: text labels on every point and axis (never colour alone), a title and description, and each
point is a link. A table gives the same information as text.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .claims_form import certainty_badge
from .claims_model import Claim, Vocabulary, topic_key

ROW_LABEL_WIDTH = 150
COLUMN_WIDTH = 170
HEADER_HEIGHT = 64
LINE_HEIGHT = 18
CELL_PADDING = 14
POINT_GAP = 10
MIN_ROW_HEIGHT = 60
LABEL_CHARACTERS = 20  # wrap topic labels to fit a column at the map's font size


@dataclass(frozen=True)
class MapTopic:
    """A topic as the map shows it: where its representative claim places it, and how many claims it has."""

    topic: str
    key: str
    certainty: str
    direction: str
    claim_count: int
    representative: Claim


def map_topics(claims: Sequence[Claim], vocabulary: Vocabulary) -> tuple[list[MapTopic], list[tuple[str, int]]]:
    """(placed topics in reading order of their first claim, unplaced topics with their claim counts)."""
    grouped: dict[str, list[Claim]] = {}
    for claim in claims:
        grouped.setdefault(topic_key(claim.topic), []).append(claim)
    placed, unplaced = [], []
    for key, topic_claims in grouped.items():
        directional = [claim for claim in topic_claims if claim.direction]
        if not directional:
            unplaced.append((topic_claims[0].topic, len(topic_claims)))
            continue
        # max() keeps the first of equals, so ties go to the earliest claim in reading order.
        representative = max(directional, key=lambda claim: vocabulary.certainty_rank(claim.certainty))
        placed.append(
            MapTopic(
                topic=topic_claims[0].topic,
                key=key,
                certainty=representative.certainty,
                direction=representative.direction,
                claim_count=len(topic_claims),
                representative=representative,
            )
        )
    return placed, unplaced


def _label_lines(topic: str) -> list[str]:
    return textwrap.wrap(topic, LABEL_CHARACTERS, break_long_words=True) or [topic]


def _point_height(point: MapTopic) -> int:
    return (len(_label_lines(point.topic)) + 1) * LINE_HEIGHT + POINT_GAP


def _claims_phrase(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"


def render_evidence_map(points: Sequence[MapTopic], vocabulary: Vocabulary, links: Mapping[str, str]) -> str:
    """The map as an inline SVG; `links` maps each topic key to the URL its point opens."""
    levels, directions = vocabulary.certainty, vocabulary.direction
    cells: dict[tuple[str, str], list[MapTopic]] = {}
    for point in points:
        cells.setdefault((point.certainty, point.direction), []).append(point)
    row_heights = [
        max(
            [MIN_ROW_HEIGHT]
            + [
                2 * CELL_PADDING + sum(_point_height(p) for p in cells.get((level.value, d.value), []))
                for d in directions
            ]
        )
        for level in levels
    ]
    width = ROW_LABEL_WIDTH + COLUMN_WIDTH * len(directions)
    height = HEADER_HEIGHT + sum(row_heights)
    parts = [
        f'<svg class="pls-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        ' role="group" aria-labelledby="pls-map-title" aria-describedby="pls-map-desc"'
        ' fill="currentColor" font-size="14">',
        '<title id="pls-map-title">Evidence map: topics by certainty of evidence and direction of effect</title>',
        f'<desc id="pls-map-desc">{html.escape(_description(points, vocabulary))}</desc>',
        f'<text class="pls-map__axis" x="{ROW_LABEL_WIDTH}" y="20">Direction of effect →</text>',
        '<text class="pls-map__axis" x="0" y="20">Certainty ↓</text>',
    ]
    for column, direction in enumerate(directions):
        x = ROW_LABEL_WIDTH + column * COLUMN_WIDTH
        parts.append(
            f'<text class="pls-map__heading" x="{x + CELL_PADDING}" y="{HEADER_HEIGHT - 12}">{html.escape(direction.label)}</text>'
        )
    y = HEADER_HEIGHT
    for level, row_height in zip(levels, row_heights, strict=False):
        parts.append(
            f'<text class="pls-map__heading" x="0" y="{y + CELL_PADDING + LINE_HEIGHT - 4}">'
            f'<tspan class="pls-map__symbols">{level.symbols}</tspan>'
            f'<tspan x="0" dy="{LINE_HEIGHT}">{html.escape(level.label)}</tspan></text>'
        )
        for column, direction in enumerate(directions):
            x = ROW_LABEL_WIDTH + column * COLUMN_WIDTH
            separated = " pls-map__cell--apart" if direction.value == "uncertain" else ""
            parts.append(
                f'<rect class="pls-map__cell{separated}" x="{x}" y="{y}" width="{COLUMN_WIDTH}" height="{row_height}"'
                ' fill="none" stroke="currentColor" stroke-opacity="0.25"/>'
            )
            point_y = y + CELL_PADDING
            for point in cells.get((level.value, direction.value), []):
                parts.append(_point(point, level, direction, x, point_y, links.get(point.key)))
                point_y += _point_height(point)
        y += row_height
    parts.append("</svg>")
    return "\n".join(parts)


def _point(point: MapTopic, level, direction, x: int, y: int, href: str | None) -> str:
    label_lines = _label_lines(point.topic)
    text_x = x + CELL_PADDING + 14
    # A trailing space keeps wrapped words apart in the link's accessible name.
    tspans = "".join(
        f'<tspan x="{text_x}" dy="{0 if index == 0 else LINE_HEIGHT}">{html.escape(line)}{" " if index < len(label_lines) - 1 else ""}</tspan>'
        for index, line in enumerate(label_lines)
    )
    count_y = y + LINE_HEIGHT * (len(label_lines) + 1) - 4
    # Its visible words name the link; <desc> adds where the point sits for screen readers.
    description = f"{level.label} certainty, direction of effect: {direction.label.lower()}"
    shapes = (
        f"<desc>{html.escape(description)}</desc>"
        f'<circle class="pls-map__dot pls-map__dot--{direction.css_name}" cx="{x + CELL_PADDING + 4}" cy="{y + LINE_HEIGHT - 9}" r="6"/>'
        f'<text class="pls-map__label" x="{text_x}" y="{y + LINE_HEIGHT - 4}">{tspans}</text>'
        f'<text class="pls-map__count" x="{text_x}" y="{count_y}"> {_claims_phrase(point.claim_count)}</text>'
    )
    if href is None:
        return f'<g class="pls-map__point">{shapes}</g>'
    return f'<a class="pls-map__point" href="{html.escape(href)}">{shapes}</a>'


def _description(points: Sequence[MapTopic], vocabulary: Vocabulary) -> str:
    if not points:
        return "No topic can be placed yet."
    listed = "; ".join(
        f"{point.topic}: {vocabulary.term('certainty', point.certainty).label.lower()} certainty,"
        f" {vocabulary.term('direction', point.direction).label.lower()}"
        for point in points
    )
    return (
        f"{len(points)} topic{'s' if len(points) != 1 else ''} placed by the certainty of the evidence"
        f" (rows, high at the top) and the direction of effect (columns: "
        f"{', '.join(term.label.lower() for term in vocabulary.direction)}). {listed}."
    )


@dataclass(frozen=True)
class MapLinks:
    """Where the map sends a reader: each topic (by topic key) and each claim (by id)."""

    topics: Mapping[str, str]
    claims: Mapping[str, str]


def render_map_table(
    points: Sequence[MapTopic], unplaced: Sequence[tuple[str, int]], vocabulary: Vocabulary, links: MapLinks
) -> str:
    """The map as text: one row per placed topic, then the topics the map cannot place."""
    topic_links, claim_links = links.topics, links.claims
    rows = []
    for point in sorted(
        points,
        key=lambda p: (
            -vocabulary.certainty_rank(p.certainty),
            vocabulary.values("direction").index(p.direction),
            p.topic.casefold(),
        ),
    ):
        certainty = vocabulary.term("certainty", point.certainty)
        direction = vocabulary.term("direction", point.direction)
        topic = _link(point.topic, topic_links.get(point.key))
        claim = _link(point.representative.plain_text, claim_links.get(point.representative.id))
        rows.append(
            f"<tr><td>{topic}</td><td>{certainty_badge(certainty, link=None)}</td>"
            f"<td>{html.escape(direction.label)}</td><td>{claim}</td><td>{point.claim_count}</td></tr>"
        )
    parts = []
    if rows:
        parts.append(
            '<div class="pls-scroll" role="region" aria-label="Evidence map as a table" tabindex="0">'
            '<table class="pls-map__table"><caption>The evidence map as a table, strongest evidence first.</caption>'
            '<thead><tr><th scope="col">Topic</th><th scope="col">Certainty</th><th scope="col">Direction of effect</th>'
            '<th scope="col">Representative claim</th><th scope="col">Claims on this topic</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
    if unplaced:
        items = "".join(
            f"<li>{_link(topic, topic_links.get(topic_key(topic)))} ({_claims_phrase(count)})</li>"
            for topic, count in unplaced
        )
        parts.append(
            '<p class="pls-map__unplaced-intro">Not on the map, because none of their claims states a direction of effect:</p>'
            f'<ul class="pls-map__unplaced">{items}</ul>'
        )
    return "\n".join(parts)


def _link(text: str, href: str | None) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>' if href else html.escape(text)


def render_map_section(
    points: Sequence[MapTopic], unplaced: Sequence[tuple[str, int]], vocabulary: Vocabulary, links: MapLinks
) -> str:
    """Everything the map page's placeholder becomes: the figure and its text alternative."""
    if not points and not unplaced:
        return '<p class="pls-map__empty">No graded claims have been published yet, so there is nothing to map.</p>'
    figure = ""
    if points:
        figure = (
            '<figure class="pls-map">'
            f'<div class="pls-scroll">{render_evidence_map(points, vocabulary, links.topics)}</div>'
            "<figcaption>Each point is a topic, placed by its representative claim. Select a point to see all"
            " claims on that topic in the claims register.</figcaption></figure>"
        )
    return figure + "\n" + render_map_table(points, unplaced, vocabulary, links)
