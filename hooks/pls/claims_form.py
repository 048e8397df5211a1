"""The graded claim form editors write by hand: find `/// claim` blocks, check them, render them.

A claim looks like this (CONTRIBUTING.md, "6. Write a graded claim"):

    /// claim | scs-radicular-leg-pain
    topic: Spinal cord stimulation
    certainty: moderate
    evidence: RCT

    Claim text in Markdown with at least one citation [@kumar2007process].
    ///

Everything here is a pure function of text, so the tests call it directly; hooks/claims.py runs it
on every page. Problems carry the line number counted from `first_line`, so the hook can pass the
line the page body starts on in the author's file and every message points at the author's line.
The rendered block keeps the claim text as Markdown (md_in_html), so mkdocs-bibtex, which runs after
us, still turns its `[@key]` citations into footnotes.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

import markdown as python_markdown
from markupsafe import Markup
from mkdocs.utils.meta import YAML_RE

from . import regions
from .bibtex_adapter import citation_blocks
from .citations import join_citation_lines
from .claims_model import Claim, Vocabulary
from .claims_outcomes import OUTCOME_OPTIONS
from .problems import Problem

# The option grid's figures (grid-option, benefit, harm, involves) are read by claims_outcomes.py.
OPTIONS = ("topic", "certainty", "evidence", "direction", "verdict", "claimed-by", "conflicted", *OUTCOME_OPTIONS)
# Options whose value must be one of the vocabulary's terms, and how a message names them.
VOCABULARY_OPTIONS = MappingProxyType(
    {
        "certainty": "certainty",
        "evidence": "evidence kind",
        "direction": "direction",
        "verdict": "verdict",
    }
)

BLOCK_OPENING = re.compile(r"^(?P<indent>[ \t]*)///[ \t]*(?P<name>[^\s|]+)[ \t]*(?P<rest>.*?)[ \t]*$")
BLOCK_CLOSING = re.compile(r"^[ \t]*///[ \t]*$")
OPTION_LINE = re.compile(r"^(?P<name>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
CLAIM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_EXAMPLE = "prp-disc-regeneration"
GRADING_TITLE = "How we grade evidence"


@dataclass
class ClaimBlock:
    """A `/// claim` ... `///` block as written, before its values are checked."""

    first: int  # index of the opening line in the Markdown's lines
    last: int  # index of the closing `///`
    line: int  # the opening line's number in the author's file
    id: str | None  # None when missing or malformed (a problem says so)
    written_id: str = ""
    options: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (value, line)
    text: str = ""
    text_line: int = 0

    @property
    def name(self) -> str:
        """How messages refer to the claim."""
        return f"claim '{self.written_id}'" if self.written_id else "this claim"


# --- Finding blocks ----------------------------------------------------------------------------


def find_claim_blocks(markdown: str, *, first_line: int = 1) -> tuple[list[ClaimBlock], list[Problem]]:
    """Every closed `/// claim` block in a page body, and the problems of the form itself.

    Lines inside fenced code blocks are never claims (a page may show the form as an example).
    `first_line` is the author's line number of the body's first line.
    """
    lines = markdown.split("\n")
    blocks: list[ClaimBlock] = []
    problems: list[Problem] = []
    code = regions.code_lines(markdown)
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = None if index in code else BLOCK_OPENING.match(line)
        if opening is None:
            index += 1
            continue
        name = opening["name"]
        line_number = first_line + index
        if name != "claim":
            if _looks_like_claim(name):
                problems.append(Problem.at_line(line_number, f"unknown block '/// {name}' — write '/// claim | <id>'"))
            index += 1
            continue
        if opening["indent"]:
            problems.append(
                Problem.at_line(
                    line_number,
                    "a claim must start at the beginning of a line, outside tabs and admonitions"
                    " — move it out of the tab or admonition and remove the indentation",
                )
            )
            index += 1
            continue
        claim_id, written_id, header_problem = _read_header(opening["rest"])
        if header_problem:
            problems.append(Problem.at_line(line_number, header_problem))
        closing = _find_closing(lines, index + 1, code)
        if closing is None or BLOCK_OPENING.match(lines[closing]):
            named = f"claim '{written_id}'" if written_id else "this claim"
            problems.append(
                Problem.at_line(line_number, f"{named} is not closed — add a line '///' after the claim text")
            )
            index = closing if closing is not None else len(lines)
            continue
        block = ClaimBlock(first=index, last=closing, line=line_number, id=claim_id, written_id=written_id)
        problems.extend(_read_body(block, lines[index + 1 : closing], first_line + index + 1))
        blocks.append(block)
        index = closing + 1
    return blocks, problems


def _looks_like_claim(name: str) -> bool:
    return name.casefold() == "claim" or difflib.SequenceMatcher(None, name.casefold(), "claim").ratio() >= 0.75


def _find_closing(lines: list[str], start: int, code: frozenset[int]) -> int | None:
    """Index of the closing `///`, or of the next `/// claim` opening (an unclosed claim), or None."""
    for index in range(start, len(lines)):
        if index in code:
            continue
        if BLOCK_CLOSING.match(lines[index]):
            return index
        opening = BLOCK_OPENING.match(lines[index])
        if opening and opening["name"] == "claim":
            return index
    return None


def _read_header(rest: str) -> tuple[str | None, str, str | None]:
    """(the id after `/// claim |` when valid, the id as written, a problem when missing or malformed)."""
    fix = f"write '/// claim | <id>' with lowercase letters, digits and hyphens, e.g. '/// claim | {ID_EXAMPLE}'"
    written = rest[1:].strip() if rest.startswith("|") else rest.strip()
    if not rest.startswith("|") or not written:
        return None, written, f"claim has no id — {fix}"
    if not CLAIM_ID.match(written):
        suggestion = "-".join(re.findall(r"[a-z0-9]+", written.lower())) or ID_EXAMPLE
        return (
            None,
            written,
            (
                f"claim id '{written}' is not valid — use lowercase letters, digits and hyphens only,"
                f" e.g. '/// claim | {suggestion}'"
            ),
        )
    return written, written, None


def _read_body(block: ClaimBlock, body: list[str], body_line: int) -> list[Problem]:
    """Split a block's body into options (up to the first blank line) and the claim text."""
    problems: list[Problem] = []
    named = block.name
    text_start = len(body)
    for offset, line in enumerate(body):
        if not line.strip():
            text_start = offset + 1
            break
        option = OPTION_LINE.match(line)
        if option is None:
            problems.append(
                Problem.at_line(
                    body_line + offset,
                    f"line {line.strip()[:40]!r} in {named} is not an option ('name: value')"
                    " — leave one blank line between the options and the claim text",
                )
            )
            text_start = offset
            break
        name, value = option["name"], _unquote(option["value"])
        if name not in OPTIONS:
            closest = difflib.get_close_matches(name.lower(), OPTIONS, n=1, cutoff=0.6)
            hint = f" (closest: '{closest[0]}')" if closest else ""
            problems.append(
                Problem.at_line(
                    body_line + offset, f"unknown option '{name}' in {named} — use one of: {', '.join(OPTIONS)}{hint}"
                )
            )
            continue
        if name in block.options:
            first_seen = block.options[name][1]
            problems.append(
                Problem.at_line(
                    body_line + offset,
                    f"option '{name}' is given twice in {named} (first on line {first_seen}) — keep one",
                )
            )
            continue
        block.options[name] = (value, body_line + offset)
    text_lines = body[text_start:]
    while text_lines and not text_lines[0].strip():
        text_start += 1
        text_lines = text_lines[1:]
    block.text = "\n".join(text_lines).strip()
    block.text_line = body_line + text_start
    return problems


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1].strip()
    return value


# --- Checking a block --------------------------------------------------------------------------


def read_claim(block: ClaimBlock, vocabulary: Vocabulary, *, source: str) -> tuple[Claim, list[Problem]]:
    """The claim a block describes, with canonical vocabulary values, and everything wrong with it."""
    problems: list[Problem] = []
    named = block.name
    values: dict[str, str | None] = {}
    for option, kind_name in VOCABULARY_OPTIONS.items():
        values[option] = _vocabulary_value(block, vocabulary, option, kind_name, named, problems)
    if "certainty" not in block.options:
        problems.append(
            Problem.at_line(
                block.line,
                f"{named} has no certainty — add 'certainty: <level>' with one of: {_listed(vocabulary, 'certainty')}",
            )
        )
    topic = block.options.get("topic", ("", 0))[0]
    if not topic:
        problems.append(
            Problem.at_line(
                block.options.get("topic", ("", block.line))[1],
                f"{named} has no topic — add 'topic: <intervention or topic>'"
                " (spelt the same everywhere: it groups the register and the evidence map)",
            )
        )
    claimed_by = block.options.get("claimed-by", ("", 0))[0] or None
    conflicted = _conflicted(block, named, problems)
    if values["verdict"] is not None and claimed_by is None:
        problems.append(
            Problem.at_line(
                block.options["verdict"][1],
                f"{named} has a verdict but does not say who made the claim — add 'claimed-by: <who made the claim>'",
            )
        )
    if "claimed-by" in block.options and claimed_by is None:
        problems.append(
            Problem.at_line(
                block.options["claimed-by"][1], f"option 'claimed-by' in {named} is empty — say who made the claim"
            )
        )
    if claimed_by is not None and "verdict" not in block.options:
        problems.append(
            Problem.at_line(
                block.options["claimed-by"][1],
                f"{named} says who made it but has no verdict — add 'verdict: <one of: {_listed(vocabulary, 'verdict')}>'"
                " or remove 'claimed-by'",
            )
        )
    if conflicted and "claimed-by" not in block.options:
        problems.append(
            Problem.at_line(
                block.options["conflicted"][1],
                f"{named} flags a conflicted source but does not say who made the claim"
                " — add 'claimed-by: <who made the claim>' or remove 'conflicted'",
            )
        )
    citations = citation_keys(block.text)
    if not block.text:
        problems.append(
            Problem.at_line(block.line, f"{named} has no text — write the claim after the options and one blank line")
        )
    elif not citations:
        problems.append(
            Problem.at_line(
                block.text_line, f"{named} cites no source — add at least one citation to the claim text, e.g. [@key]"
            )
        )
    claim = Claim(
        id=block.id or "",
        topic=" ".join(topic.split()),
        certainty=values["certainty"],
        text=block.text,
        citations=citations,
        source=source,
        line=block.line,
        evidence=values["evidence"],
        direction=values["direction"],
        verdict=values["verdict"],
        claimed_by=claimed_by,
        conflicted=conflicted,
        plain_text=markdown_to_text(block.text),
        claimed_by_text=markdown_to_text(claimed_by) if claimed_by else "",
    )
    return claim, problems


def _vocabulary_value(
    block: ClaimBlock, vocabulary: Vocabulary, option: str, kind_name: str, named: str, problems: list[Problem]
) -> str | None:
    """The canonical value of a vocabulary option, or None (with a problem when it is empty or unknown)."""
    if option not in block.options:
        return None
    written, line = block.options[option]
    if not written:
        problems.append(
            Problem.at_line(
                line,
                f"option '{option}' in {named} is empty — write one of: {_listed(vocabulary, option)}, or remove the line",
            )
        )
        return None
    term = vocabulary.find(option, written)
    if term is None:
        closest = vocabulary.closest(option, written)
        hint = f" (closest: '{closest}')" if closest else ""
        problems.append(
            Problem.at_line(
                line, f"unknown {kind_name} '{written}' in {named} — use one of: {_listed(vocabulary, option)}{hint}"
            )
        )
        return None
    return term.value


def _conflicted(block: ClaimBlock, named: str, problems: list[Problem]) -> bool:
    """The `conflicted` flag: only 'true' or 'false' are accepted."""
    if "conflicted" not in block.options:
        return False
    written, line = block.options["conflicted"]
    if written.lower() in ("true", "false"):
        return written.lower() == "true"
    problems.append(
        Problem.at_line(
            line,
            f"option 'conflicted' in {named} must be true or false, not '{written}' — write 'conflicted: true' or 'conflicted: false'",
        )
    )
    return False


def _listed(vocabulary: Vocabulary, kind: str) -> str:
    return ", ".join(vocabulary.values(kind))


def citation_keys(text: str) -> tuple[str, ...]:
    """The keys a text cites, in order, read exactly as mkdocs-bibtex will read them."""
    keys: dict[str, None] = {}
    for _, block_keys in citation_blocks(join_citation_lines(text)):
        for key in block_keys:
            keys.setdefault(key, None)
    return tuple(keys)


# Text in which Markdown has nothing to read: letters, digits, spaces and punctuation that is never
# syntax, and no line that starts a list, a code block or a heading underline.
_PLAIN_PROSE = re.compile(r"[A-Za-z0-9 \n,.;:'\"?%()/\u2013\u2014-]*")
_BLOCK_SYNTAX = re.compile(r"^(?: {4}| *(?:\d+\.|[-+])(?: |$)|[ -]*-[ -]*$)", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown snippet, citations left out (they are listed separately)."""
    text = join_citation_lines(text)
    for block_text, _ in citation_blocks(text):
        text = text.replace(block_text, "")
    if _PLAIN_PROSE.fullmatch(text) and not _BLOCK_SYNTAX.search(text):
        plain = " ".join(text.split())  # what converting and stripping the tags would give
    else:
        plain = Markup(python_markdown.Markdown().convert(text)).striptags()
    return re.sub(r"\s+([.,;:!?)])", r"\1", plain)


# --- Rendering ---------------------------------------------------------------------------------


def render_claim(claim: Claim, *, meta_slot: str, min_lines: int = 0) -> str:
    """The claim as Markdown in an HTML block (md_in_html): a slot for its badge and verdict lines, then its text.

    `meta_slot` is a text token the hook replaces with `claim_meta_html` in the page's HTML: the
    generated lines need no Markdown, and raw HTML in a page's Markdown is costly to render. Padding
    to `min_lines` keeps the page's later line numbers where the author wrote them.
    """
    anchor = f' id="{claim.anchor}"' if claim.id else ""
    lines = [f'<div class="pls-claim"{anchor} markdown>', meta_slot, "", claim.text, ""]
    text_lines = len(claim.text.split("\n"))
    padding = max(0, min_lines - (len(lines) - 1 + text_lines + 1))
    lines += [""] * padding + ["</div>"]
    return "\n".join(lines)


def claim_meta_html(
    claim: Claim,
    vocabulary: Vocabulary,
    *,
    grading_url: str | None,
    abbreviate: Callable[[str], str] = lambda text: text,
) -> str:
    """The badge line (certainty linked to `grading_url`, topic, evidence, direction) and the verdict line.

    `abbreviate` marks up the glossary's abbreviations in a value, as the page's Markdown would.
    """
    lines = [f'<p class="pls-claim__meta">{_meta(claim, vocabulary, grading_url, abbreviate)}</p>']
    if claim.verdict or claim.claimed_by:
        lines.append(f'<p class="pls-claim__verdict">{_verdict(claim, vocabulary, abbreviate)}</p>')
    return "\n".join(lines)


def certainty_badge(term, *, link: str | None) -> str:
    """GRADE symbols and the level in words; symbols are hidden from screen readers, the words are not."""
    inner = (
        '<span class="pls-visually-hidden">Certainty of evidence: </span>'
        f'<span class="pls-badge__symbols" aria-hidden="true">{term.symbols}</span> {term.label}'
    )
    classes = f"pls-badge pls-badge--{term.css_name}"
    if link is None:
        return f'<span class="{classes}">{inner}</span>'
    return f'<a class="{classes}" href="{html.escape(link)}" title="{GRADING_TITLE}">{inner}</a>'


def _meta(claim: Claim, vocabulary: Vocabulary, grading_url: str | None, abbreviate: Callable[[str], str]) -> str:
    if claim.certainty:
        badge = certainty_badge(vocabulary.term("certainty", claim.certainty), link=grading_url)
    else:
        badge = '<span class="pls-badge pls-badge--ungraded">Certainty of evidence: not graded</span>'
    details = [badge, _detail("Topic", abbreviate(html.escape(claim.topic, quote=False)) or "not given")]
    if claim.evidence:
        details.append(_detail("Evidence", abbreviate(vocabulary.term("evidence", claim.evidence).label)))
    if claim.direction:
        details.append(_detail("Direction of effect", abbreviate(vocabulary.term("direction", claim.direction).label)))
    return " ".join(details)


def _detail(label: str, value: str) -> str:
    return f'<span class="pls-claim__detail"><span class="pls-claim__label">{label}:</span> {value}</span>'


def _verdict(claim: Claim, vocabulary: Vocabulary, abbreviate: Callable[[str], str]) -> str:
    parts = []
    if claim.verdict:
        term = vocabulary.term("verdict", claim.verdict)
        parts.append(f'<span class="pls-verdict pls-verdict--{term.css_name}">Verdict: {abbreviate(term.label)}</span>')
    if claim.claimed_by:
        parts.append(_detail("Claim made by", abbreviate(html.escape(claim.claimed_by, quote=False))))
    if claim.conflicted:
        parts.append('<span class="pls-claim__flag">Promotional or conflicted source</span>')
    return " ".join(parts)


# --- Line numbers ------------------------------------------------------------------------------


def body_first_line(source: str, body: str) -> int:
    """The author's line number of the first line of the page body MkDocs passed on.

    MkDocs removes the front matter and the blank lines after it (mkdocs.utils.meta.get_data); the
    body is the rest of the file, unless an earlier hook rewrote it, in which case the YAML front
    matter is measured instead.
    """
    if body and source.endswith(body):
        return 1 + source[: len(source) - len(body)].count("\n")
    match = YAML_RE.match(source)
    if match is None:
        return 1
    rest = source[match.end() :]
    return 1 + source[: match.end()].count("\n") + (len(rest) - len(rest.lstrip("\n")))
