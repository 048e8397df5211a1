"""The graded claim form editors write by hand: find `/// claim` blocks, check them, render them.

A claim looks like this (CONTRIBUTING.md, "6. Write a graded claim"):

    /// claim | scs-radicular-leg-pain
    topic: Spinal cord stimulation
    certainty: low
    evidence: RCT
    population: direct
    risk-of-bias: down 2 — open-label with a patient-reported outcome; industry-sponsored

    Claim text in Markdown with at least one citation [@kumar2007process].
    ///

The GRADE options (evidence, design, population and one line per domain that moves the rating)
are checked here and computed by grade.py; the stated certainty must be the one they give.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import MappingProxyType

import markdown as python_markdown
from markupsafe import Markup
from mkdocs.utils.meta import YAML_RE

from . import grade, regions
from .bibtex_adapter import citation_blocks
from .citations import join_citation_lines
from .claims_model import Claim, Term, Vocabulary, load_vocabulary
from .claims_outcomes import OUTCOME_OPTIONS
from .problems import Problem

GRADE_DOMAINS = tuple(term.value for term in load_vocabulary().domain)
# The option grid's figures (grid-option, benefit, harm, involves) are read by claims_outcomes.py.
OPTIONS = (
    "topic",
    "certainty",
    "evidence",
    "design",
    "population",
    *GRADE_DOMAINS,
    "direction",
    "verdict",
    "claimed-by",
    "conflicted",
    *OUTCOME_OPTIONS,
)
# Options whose value must be one of the vocabulary's terms, and how a message names them.
VOCABULARY_OPTIONS = MappingProxyType(
    {
        "certainty": "certainty",
        "evidence": "evidence kind",
        "design": "design",
        "direction": "direction",
        "verdict": "verdict",
    }
)

BLOCK_OPENING = re.compile(r"^(?P<indent>[ \t]*)///[ \t]*(?P<name>[^\s|]+)[ \t]*(?P<rest>.*?)[ \t]*$")
BLOCK_CLOSING = re.compile(r"^[ \t]*///[ \t]*$")
OPTION_LINE = re.compile(r"^(?P<name>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
# A GRADE domain may be written as readers say it: 'risk of bias: down 1 — ...'.
DOMAIN_LINE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z -]*?)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
CHANGE_START = re.compile(r"^(?:down|up|none|lower|raise|minus|plus|[-+]\d)\b", re.IGNORECASE)
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
    unknown_domains: bool = False  # a line looked like a GRADE change of an unknown domain

    @property
    def name(self) -> str:
        """How messages refer to the claim."""
        return f"claim '{self.written_id}'" if self.written_id else "this claim"


# --- Finding blocks ----------------------------------------------------------------------------


def block_openings(lines: list[str], code: frozenset[int]) -> Iterator[tuple[int, re.Match]]:
    """(0-based line index, match) of every `/// name` block opening outside the `code` lines, in order."""
    for index, line in enumerate(lines):
        if index not in code and (opening := BLOCK_OPENING.match(line)):
            yield index, opening


def find_claim_blocks(markdown: str, *, first_line: int = 1) -> tuple[list[ClaimBlock], list[Problem]]:
    """Every closed `/// claim` block in a page body, and the problems of the form itself.

    Lines inside fenced code blocks are never claims (a page may show the form as an example).
    `first_line` is the author's line number of the body's first line.
    """
    lines = markdown.split("\n")
    blocks: list[ClaimBlock] = []
    problems: list[Problem] = []
    code = regions.code_lines(markdown)
    resume = 0  # the line after the last block read: openings before it are inside that block
    for index, opening in block_openings(lines, code):
        if index < resume:
            continue
        name = opening["name"]
        line_number = first_line + index
        if name != "claim":
            if _looks_like_claim(name):
                problems.append(Problem.at_line(line_number, f"unknown block '/// {name}' — write '/// claim | <id>'"))
            continue
        if opening["indent"]:
            problems.append(
                Problem.at_line(
                    line_number,
                    "a claim must start at the beginning of a line, outside tabs and admonitions"
                    " — move it out of the tab or admonition and remove the indentation",
                )
            )
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
            resume = closing if closing is not None else len(lines)
            continue
        block = ClaimBlock(first=index, last=closing, line=line_number, id=claim_id, written_id=written_id)
        problems.extend(_read_body(block, lines[index + 1 : closing], first_line + index + 1))
        blocks.append(block)
        resume = closing + 1
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
        option = _domain_line(line) or OPTION_LINE.match(line)
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
            problems.append(Problem.at_line(body_line + offset, _unknown_option(name, value, named)))
            block.unknown_domains = block.unknown_domains or bool(CHANGE_START.match(value.strip()))
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


def _domain_line(line: str) -> dict[str, str] | None:
    """A GRADE domain line, its name in the option form ('Risk of bias' -> 'risk-of-bias'), or None."""
    match = DOMAIN_LINE.match(line)
    if match is None:
        return None
    name = "-".join(match["name"].lower().split())
    return {"name": name, "value": match["value"]} if name in GRADE_DOMAINS else None


def _unknown_option(name: str, value: str, named: str) -> str:
    """The message for an unknown option; one whose value is a GRADE change is an unknown domain."""
    if CHANGE_START.match(value.strip()):
        closest = difflib.get_close_matches("-".join(name.lower().split()), GRADE_DOMAINS, n=1, cutoff=0.5)
        hint = f" (closest: '{closest[0]}')" if closest else ""
        return f"unknown GRADE domain '{name}' in {named} — use one of: {', '.join(GRADE_DOMAINS)}{hint}"
    closest = difflib.get_close_matches(name.lower(), OPTIONS, n=1, cutoff=0.6)
    hint = f" (closest: '{closest[0]}')" if closest else ""
    return f"unknown option '{name}' in {named} — use one of: {', '.join(OPTIONS)}{hint}"


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
    grading = None
    if values["certainty"] is not None:
        grading = read_grading(block, vocabulary, values, problems)
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
        grading=grading,
        plain_text=markdown_to_text(block.text),
        claimed_by_text=markdown_to_text(claimed_by) if claimed_by else "",
    )
    return claim, problems


# --- GRADE domains -----------------------------------------------------------------------------


def read_grading(
    block: ClaimBlock, vocabulary: Vocabulary, values: dict[str, str | None], problems: list[Problem]
) -> grade.Grading | None:
    """How a graded claim's certainty is reached, or None (with problems) when its domains are incomplete.

    The stated certainty must be the one the domains give; the message shows both and the sum.
    """
    named = block.name
    found: list[Problem] = []
    design = _design(block, vocabulary, values, named, found)
    population, who = _population(block, vocabulary, design, named, found)
    changes = _changes(block, vocabulary, design, named, found)
    if design is not None and population == "indirect" and who:
        lowered = any(change.domain == "indirectness" and change.levels < 0 for change in changes)
        if not lowered and "indirectness" not in _bad_domains(found, block):
            found.append(
                Problem.at_line(
                    block.options["population"][1],
                    f"{named} rests on an indirect population ({who}) but is not rated down for indirectness"
                    f" — add 'indirectness: down 1 — {who}' (any population other than people with persistent"
                    " pain after spine surgery is rated down at least one level)",
                )
            )
    problems.extend(found)
    if found or design is None or block.unknown_domains:
        return None  # without every domain, the computed level would be a guess
    design_term = vocabulary.term("design", design)
    levels = vocabulary.values("certainty")
    certainty, outside = grade.computed_level(levels, design_term.start, changes)
    stated, stated_line = values["certainty"], block.options["certainty"][1]
    if certainty != stated:
        problems.append(
            Problem.at_line(
                stated_line,
                f"{named} states certainty '{stated}' but its GRADE domains give '{certainty}'"
                f" ({grade.computation(design_term.start, design_term.label, changes, certainty, outside)})"
                f" — write 'certainty: {certainty}', or correct the domains",
            )
        )
        return None
    label = vocabulary.term("certainty", certainty).label
    return grade.Grading(
        design=design,
        design_label=design_term.label,
        start=design_term.start,
        population=population,
        population_who=who,
        changes=tuple(changes),
        certainty=certainty,
        explanation=grade.explanation(label, design_term.start, design_term.label, changes, outside, levels=levels),
    )


def _design(
    block: ClaimBlock, vocabulary: Vocabulary, values: dict[str, str | None], named: str, found: list[Problem]
) -> str | None:
    """The design the evidence rests on: fixed by the evidence kind, or named by `design:` where it is not."""
    if values["evidence"] is None:
        if "evidence" not in block.options:
            found.append(
                Problem.at_line(
                    block.options["certainty"][1],
                    f"{named} has no evidence kind — add 'evidence: <kind>' with one of:"
                    f" {_listed(vocabulary, 'evidence')} (it fixes where the certainty starts)",
                )
            )
        return None
    kind = vocabulary.term("evidence", values["evidence"])
    if "design" in block.options and values["design"] is None:
        return None  # an empty or unknown design was reported with the vocabulary options
    design = values["design"]
    evidence_line = block.options["evidence"][1]
    if design is None:
        if len(kind.designs) == 1:
            return kind.designs[0]
        found.append(
            Problem.at_line(
                evidence_line,
                f"{named} rests on a {kind.label.lower()}, which starts where the evidence behind it starts"
                f" — add 'design: <one of: {', '.join(kind.designs)}>'",
            )
        )
        return None
    if design in kind.designs:
        return design
    line = block.options["design"][1]
    if len(kind.designs) == 1:
        message = (
            f"'design: {design}' in {named} contradicts 'evidence: {kind.value}', whose design is {kind.designs[0]}"
            " — remove the 'design' line, or correct the evidence kind"
        )
    else:
        message = (
            f"design '{design}' does not fit 'evidence: {kind.value}' in {named}"
            f" — use one of: {', '.join(kind.designs)}"
        )
    found.append(Problem.at_line(line, message))
    return None


def _population(
    block: ClaimBlock, vocabulary: Vocabulary, design: str | None, named: str, found: list[Problem]
) -> tuple[str | None, str]:
    """(direct | indirect | None, whom the evidence was gathered in) from `population:`."""
    example = "'population: indirect — people with chronic low back pain who had not had spine surgery'"
    if "population" not in block.options:
        if design is not None and design != "none":
            found.append(
                Problem.at_line(
                    block.options["certainty"][1],
                    f"{named} does not say whom its evidence was gathered in — add 'population: direct' (people"
                    f" with persistent pain after spine surgery) or {example}",
                )
            )
        return None, ""
    written, line = block.options["population"]
    kind, who = grade.parse_population(written)
    term = vocabulary.find("population", kind)
    if term is None:
        closest = vocabulary.closest("population", kind)
        hint = f" (closest: '{closest}')" if closest else ""
        found.append(
            Problem.at_line(
                line,
                f"unknown population '{written}' in {named} — write 'population: direct' or"
                f" 'population: indirect — <who was studied>'{hint}",
            )
        )
        return None, ""
    if term.value == "indirect" and not who:
        found.append(
            Problem.at_line(
                line, f"{named} has an indirect population but does not say who was studied — write {example}"
            )
        )
    return term.value, who


def _changes(
    block: ClaimBlock, vocabulary: Vocabulary, design: str | None, named: str, found: list[Problem]
) -> list[grade.Change]:
    """Every GRADE domain the claim records, in the vocabulary's order, each with its reason."""
    changes = []
    for term in vocabulary.domain:
        if term.value not in block.options:
            continue
        written, line = block.options[term.value]
        change = _change(term, written, named)
        if isinstance(change, str):
            found.append(Problem.at_line(line, change))
            continue
        if change.levels > 0 and design is not None and design != "observational":
            found.append(
                Problem.at_line(
                    line,
                    f"{named} is rated up for {term.label}, but only observational evidence is rated up"
                    f" (this claim's design is {design}) — remove the '{term.value}' line",
                )
            )
            continue
        changes.append(change)
    return changes


def _change(term: Term, written: str, named: str) -> grade.Change | str:
    """One domain's change, or the message saying how to write it."""
    name, moves, most = term.value, term.moves, term.most
    allowed = f"'{moves} 1'" + (f" or '{moves} 2'" if most > 1 else "")
    form = f"'{name}: {moves} 1 — <reason>'"
    considered = f"'{name}: none — <reason>' for a domain considered and not changed"
    parsed = grade.parse_change(written)
    if parsed is None or (parsed[0] == "none" and parsed[1] is not None):
        return f"'{name}: {written}' in {named} is not a GRADE change — write {form} ({allowed}), or {considered}"
    move, levels, reason = parsed
    if move != "none" and move != moves:
        verb = "lower" if moves == "down" else "raise"
        return f"{term.label} can only {verb} the certainty, not '{written}', in {named} — write {form} ({allowed})"
    if move != "none" and levels is None:
        return f"'{name}: {written}' in {named} does not say by how many levels — write {form} ({allowed})"
    if move != "none" and not 1 <= levels <= most:
        most_levels = f"{most} level{'s' if most > 1 else ''}"
        return f"{term.label} moves the certainty by at most {most_levels}, not {levels}, in {named} — write {form} ({allowed})"
    if not reason:
        written_move = "none" if move == "none" else f"{move} {levels}"
        return f"'{name}: {written_move}' in {named} gives no reason — add it after a dash: '{name}: {written_move} — <reason>'"
    signed = 0 if move == "none" else (-levels if move == "down" else levels)
    return grade.Change(domain=name, label=term.label, levels=signed, reason=reason)


def _bad_domains(found: list[Problem], block: ClaimBlock) -> set[str]:
    """Domains whose line already has a problem: no second message about them."""
    lines = {problem.line for problem in found}
    return {name for name, (_, line) in block.options.items() if line in lines}


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
    if claim.certainty and claim.grading and claim.id:
        badge = grade_disclosure(claim, vocabulary, grading_url=grading_url, abbreviate=abbreviate)
    elif claim.certainty:
        badge = certainty_badge(vocabulary.term("certainty", claim.certainty), link=grading_url)
    else:
        badge = '<span class="pls-badge pls-badge--ungraded">Certainty of evidence: not graded</span>'
    details = [badge, _detail("Topic", abbreviate(html.escape(claim.topic, quote=False)) or "not given")]
    if claim.evidence:
        details.append(_detail("Evidence", abbreviate(vocabulary.term("evidence", claim.evidence).label)))
    if claim.direction:
        details.append(_detail("Direction of effect", abbreviate(vocabulary.term("direction", claim.direction).label)))
    return " ".join(details)


def grade_disclosure(
    claim: Claim, vocabulary: Vocabulary, *, grading_url: str | None, abbreviate: Callable[[str], str]
) -> str:
    """The badge as a button that shows why the claim has its grade (hover, focus or tap; claims.js).

    Without JavaScript, and in print, the reasons are plain text after the badge; the script hides
    them until the reader asks, and keeps `aria-expanded` true to what is shown.
    """
    term = vocabulary.term("certainty", claim.certainty)
    grading = claim.grading
    why_id = f"{claim.anchor}-why"
    button = (
        f'<button type="button" class="pls-badge pls-badge--{term.css_name}" aria-expanded="true"'
        f' aria-controls="{why_id}" data-pls-grade-button>'
        '<span class="pls-visually-hidden">Certainty of evidence: </span>'
        f'<span class="pls-badge__symbols" aria-hidden="true">{term.symbols}</span> {term.label}'
        '<span class="pls-visually-hidden"> — why</span></button>'
    )
    parts = [f'<span class="pls-grade__reasons">{abbreviate(html.escape(grading.explanation, quote=False))}.</span>']
    population = population_text(grading, vocabulary)
    if population:
        parts.append(f'<span class="pls-grade__population">{abbreviate(html.escape(population, quote=False))}</span>')
    if grading_url is not None:
        parts.append(f'<a class="pls-grade__link" href="{html.escape(grading_url)}">{GRADING_TITLE}</a>')
    why = f'<span class="pls-grade__why" id="{why_id}" data-pls-grade-why>{" ".join(parts)}</span>'
    return f'<span class="pls-grade" data-pls-grade>{button}{why}</span>'


def population_text(grading, vocabulary: Vocabulary) -> str:
    """'Population: indirect (people with sciatica of under a year)'; empty when no evidence was found."""
    if grading.population is None:
        return ""
    who = grading.population_who or vocabulary.term("population", grading.population).label
    return f"Population: {grading.population} ({who})."


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
