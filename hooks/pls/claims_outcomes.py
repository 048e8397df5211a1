"""The figures a graded claim gives an option grid: read from the claim's options and checked.

Why this exists: a patient comparing treatments needs each option's benefit and harms as natural
frequencies ("48 in 100 people"), side by side. Those figures already live in the graded claims,
with their sources and certainty; written once more as structured options on the same claim, the
option grid (option_grid.py) is built from them and cannot disagree with the claim. A claim gives
figures like this (CONTRIBUTING.md, "Give a claim's figures to an option grid"):

    benefit: at least half less leg pain | stimulation: 48% | usual medical care: 9% | at 6 months
    harm: a problem with the device | 32% | usual medical care: not known | by 12 months
    involves: a trial of stimulation first, then an operation to implant the device

Each figure must appear, as written, in the claim's own text (where its citation is), so a figure
can only come from what the claim states; `not known` is always allowed. Everything here is a pure
function of the claim block's options; problems carry the author's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

BENEFIT = "benefit"
HARM = "harm"
INVOLVES = "involves"
# The claim options this module reads; claims_form accepts them in a claim's header, so they are
# defined before claims_form is imported (it imports this module for them).
OUTCOME_OPTIONS = (BENEFIT, HARM, INVOLVES)

from . import claims_form  # noqa: E402 - after OUTCOME_OPTIONS, which claims_form reads at import

if TYPE_CHECKING:
    from .claims_form import ClaimBlock, Problem

NOT_KNOWN = "not known"
OUTCOME_FORM = "<what> | [<option>:] <frequency> | <comparator>: <frequency> | <when>"
OUTCOME_EXAMPLE = "at least half less leg pain | 48 in 100 | usual medical care: 9 in 100 | at 6 months"
FREQUENCY_FORMS = (
    "'N in D' (e.g. '48 in 100'), 'N of D' (e.g. '18 of 102'), a percentage (e.g. '48%'),"
    " a proportion (e.g. '0.46') or 'not known'"
)

_COUNT = re.compile(r"^(?P<count>\d+)\s+(?P<word>in|of)\s+(?P<denominator>\d+)$")
_PERCENT = re.compile(r"^(?P<percent>\d+(?:\.\d+)?)\s*%$")
_PROPORTION = re.compile(r"^(?P<proportion>0?\.\d+|0|1(?:\.0+)?)$")
_NUMBERISH = re.compile(r"^[\d.,]+\s*(?:in|of|/|%)?\s*[\d.,]*$")


@dataclass(frozen=True)
class Frequency:
    """How many people out of a group, as the claim states it (`written`), or not known (`share` None)."""

    written: str
    share: float | None = None  # people per 100, unrounded
    count: int | None = None  # when written as 'N in D' / 'N of D'
    denominator: int | None = None

    @property
    def known(self) -> bool:
        return self.share is not None

    @property
    def per_hundred(self) -> int:
        """Icons to fill out of 100 (half up: 13.5 -> 14)."""
        return int(self.share + 0.5) if self.share is not None else 0

    @property
    def exact(self) -> bool:
        """True when the figure is a whole number out of 100, so "about" would be wrong."""
        return self.share is not None and float(self.per_hundred) == self.share

    def in_words(self) -> str:
        """'48 in 100', 'about 14 in 100', '18 of 102 (about 18 in 100)' or 'not known'."""
        if self.share is None:
            return NOT_KNOWN
        hundred = f"{'' if self.exact else 'about '}{self.per_hundred} in 100"
        if self.count is not None and self.denominator != 100:
            return f"{self.count} of {self.denominator} (about {self.per_hundred} in 100)"
        return hundred


@dataclass(frozen=True)
class Outcome:
    """One outcome of an option against its comparator: what was measured, how often, and when."""

    what: str
    option: Frequency
    option_label: str | None  # how the outcome names the option's group, when it does
    comparator: str
    comparator_frequency: Frequency
    when: str
    line: int


@dataclass(frozen=True)
class GridFigures:
    """What one claim gives an option grid (the grid names the claim by its id)."""

    claim_id: str
    source: str  # the claim's page, e.g. 'treatment/second-line.md'
    line: int  # the claim's opening line
    benefit: Outcome | None = None
    harm: Outcome | None = None
    involves: str | None = None


# --- Reading a claim's grid options ------------------------------------------------------------


def read_grid_figures(block: ClaimBlock, *, source: str) -> tuple[GridFigures | None, list[Problem]]:
    """The claim's grid figures (None when it gives none), and everything wrong with them."""
    problems: list[Problem] = []
    if not any(name in block.options for name in OUTCOME_OPTIONS):
        return None, problems
    named = block.name
    outcomes: dict[str, Outcome | None] = {}
    for name in (BENEFIT, HARM):
        outcomes[name] = None
        if name in block.options:
            value, line = block.options[name]
            outcomes[name] = read_outcome(value, line, name=name, named=named, claim_text=block.text, problems=problems)
    involves = None
    if INVOLVES in block.options:
        involves, line = block.options[INVOLVES]
        if not involves:
            problems.append(
                claims_form.Problem.at_line(
                    line, f"option 'involves' in {named} is empty — say what the option involves, or remove the line"
                )
            )
            involves = None
    figures = GridFigures(
        claim_id=block.id or "",
        source=source,
        line=block.line,
        benefit=outcomes[BENEFIT],
        harm=outcomes[HARM],
        involves=" ".join(involves.split()) if involves else None,
    )
    return figures, problems


def read_outcome(
    value: str, line: int, *, name: str, named: str, claim_text: str, problems: list[Problem]
) -> Outcome | None:
    """A `benefit:` or `harm:` value, `what | frequency | comparator: frequency | when`, or None (with problems)."""
    parts = [part.strip() for part in value.split("|")]
    if len(parts) != 4:
        problems.append(
            claims_form.Problem.at_line(
                line,
                f"option '{name}' in {named} has {len(parts)} part{'s' if len(parts) != 1 else ''}, not 4"
                f" — write '{name}: {OUTCOME_FORM}', e.g. '{name}: {OUTCOME_EXAMPLE}'",
            )
        )
        return None
    what, option_written, comparator_part, when = parts
    before = len(problems)
    for part, label in ((what, "what was measured"), (when, "when it was measured")):
        if not part:
            problems.append(
                claims_form.Problem.at_line(
                    line, f"option '{name}' in {named} does not say {label} — fill that part, or write 'not known'"
                )
            )
    comparator, colon, comparator_written = comparator_part.rpartition(":")
    comparator, comparator_written = comparator.strip(), comparator_written.strip()
    if not colon or not comparator:
        problems.append(
            claims_form.Problem.at_line(
                line,
                f"option '{name}' in {named} names no comparator — write the third part as"
                " '<comparator>: <frequency>', e.g. 'usual medical care: 9 in 100' (or 'usual medical care: not known')",
            )
        )
        return None
    option_label, _, option_figure = option_written.rpartition(":")
    option_frequency = read_frequency(
        option_figure.strip(), line, name=name, named=named, claim_text=claim_text, problems=problems
    )
    comparator_frequency = read_frequency(
        comparator_written, line, name=name, named=named, claim_text=claim_text, problems=problems
    )
    if len(problems) > before or option_frequency is None or comparator_frequency is None:
        return None
    return Outcome(
        what=what,
        option=option_frequency,
        option_label=option_label.strip() or None,
        comparator=comparator,
        comparator_frequency=comparator_frequency,
        when=when,
        line=line,
    )


def read_frequency(
    written: str, line: int, *, name: str, named: str, claim_text: str, problems: list[Problem]
) -> Frequency | None:
    """One frequency: 'N in D', 'N of D', 'P%' or 'not known'; it must appear as written in the claim's text."""
    written = " ".join(written.split())
    if written.casefold() == NOT_KNOWN:
        return Frequency(written=NOT_KNOWN)
    count = _COUNT.match(written)
    percent = _PERCENT.match(written)
    proportion = _PROPORTION.match(written)
    if count is None and percent is None and proportion is None:
        kind = "is not a frequency" if _NUMBERISH.match(written) else "is not a number"
        problems.append(
            claims_form.Problem.at_line(
                line, f"frequency '{written}' in option '{name}' of {named} {kind} — write {FREQUENCY_FORMS}"
            )
        )
        return None
    if count is not None:
        numerator, denominator = int(count["count"]), int(count["denominator"])
        if denominator == 0:
            problems.append(
                claims_form.Problem.at_line(
                    line,
                    f"frequency '{written}' in option '{name}' of {named} is out of 0 people"
                    " — write how many people the group had",
                )
            )
            return None
        if numerator > denominator:
            problems.append(
                claims_form.Problem.at_line(
                    line,
                    f"frequency '{written}' in option '{name}' of {named} counts more people ({numerator})"
                    f" than the group has ({denominator}) — check the figures against the source",
                )
            )
            return None
        frequency = Frequency(
            written=written, share=100 * numerator / denominator, count=numerator, denominator=denominator
        )
    elif proportion is not None:
        frequency = Frequency(written=written, share=100 * float(proportion["proportion"]))
    else:
        share = float(percent["percent"])
        if share > 100:
            problems.append(
                claims_form.Problem.at_line(
                    line,
                    f"frequency '{written}' in option '{name}' of {named} is more than 100% — check the figure against the source",
                )
            )
            return None
        frequency = Frequency(written=written, share=share)
    if not stated_in(written, claim_text):
        problems.append(
            claims_form.Problem.at_line(
                line,
                f"frequency '{written}' in option '{name}' of {named} is not stated in the claim's text"
                " — write the figure, as the source gives it, in the claim text next to its citation, or write 'not known'",
            )
        )
        return None
    return frequency


def stated_in(written: str, text: str) -> bool:
    """Whether a figure appears in a claim's text as written ('9%' is not found inside '59%' or '9.5%')."""
    pattern = r"\s+".join(re.escape(word) for word in written.split())
    return re.search(rf"(?<![\d.]){pattern}(?![\d]|\.\d)", text) is not None
