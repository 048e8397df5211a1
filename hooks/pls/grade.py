"""GRADE certainty computed from a claim's recorded domains, and the reasons in words for readers.

Why: a certainty stated as a bare word lets two claims on the same kind of evidence get different
grades, and tells a reader nothing. A claim records where its evidence starts (its design:
randomised evidence starts high, observational evidence low), whom it was gathered in, and each
GRADE domain that moves it, with the reason. This module turns those into the certainty the rule
gives and the sentence readers see ("Low: started high (randomised); down one for indirectness
(people without prior surgery) and one for imprecision (n = 50)"). Everything here is pure text and
arithmetic, so tests call it directly; claims_form.py reads the options and reports the problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

# `down 1 — reason`, `up 2 (reason)`, `none: reason`; the dash, colon, comma or brackets are optional.
CHANGE = re.compile(
    r"^(?P<move>down|up|none)(?:[ \t]+(?P<levels>\d+|one|two))?"
    r"(?:[ \t]*(?:[\u2014\u2013:,]|-{1,2}(?=[ \t]))[ \t]*|[ \t]+|$)(?P<reason>.*)$",
    re.IGNORECASE,
)
POPULATION = re.compile(
    r"^(?P<kind>[A-Za-z]+)(?:[ \t]*(?:[\u2014\u2013:,]|-{1,2}(?=[ \t]))[ \t]*|[ \t]+|$)(?P<who>.*)$"
)
NUMBER_WORDS = MappingProxyType({"1": 1, "2": 2, "one": 1, "two": 2})
LEVEL_WORDS = MappingProxyType({1: "one", 2: "two"})


@dataclass(frozen=True)
class Change:
    """One GRADE domain as a claim records it: levels moved (-2 to +2; 0 considered, not serious)."""

    domain: str  # the option name, e.g. 'risk-of-bias'
    label: str  # how readers see it, e.g. 'risk of bias'
    levels: int
    reason: str


@dataclass(frozen=True)
class Grading:
    """How a claim's certainty was reached: the start, the population, the changes and the result."""

    design: str  # e.g. 'randomised'
    design_label: str  # completes "started high (...)"
    start: str  # the certainty level the design starts at
    population: str | None  # 'direct', 'indirect', or None when there is no evidence to describe
    population_who: str
    changes: tuple[Change, ...]
    certainty: str  # the level the rule gives
    explanation: str  # the sentence readers see: 'Low: started high (randomised); down one for ...'

    @property
    def reasons(self) -> str:
        """The explanation without the level it leads to: 'started high (randomised); down one for ...'."""
        return self.explanation.split(": ", 1)[1]


# --- Reading what the editor wrote ---------------------------------------------------------------


def parse_change(written: str) -> tuple[str, int | None, str] | None:
    """('down' | 'up' | 'none', levels or None when not given, reason) of a domain's value, or None."""
    match = CHANGE.match(written.strip())
    if match is None:
        return None
    move = match["move"].lower()
    written_levels = (match["levels"] or "").lower()
    levels = NUMBER_WORDS.get(written_levels, int(written_levels) if written_levels.isdigit() else None)
    return move, levels, _unbracket(match["reason"])


def parse_population(written: str) -> tuple[str, str]:
    """(the population kind as written, lower case; whom it describes) of a `population` value."""
    match = POPULATION.match(written.strip())
    if match is None:
        return written.strip().lower(), ""
    return match["kind"].lower(), _unbracket(match["who"])


def _unbracket(text: str) -> str:
    text = " ".join(text.split())
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


# --- The rule --------------------------------------------------------------------------------------


def computed_level(levels: Sequence[str], start: str, changes: Sequence[Change]) -> tuple[str, int]:
    """The certainty the rule gives, and how far the raw sum fell outside the scale (-: below, +: above).

    `levels` is the certainty scale strongest first ('high' ... 'very low'). Each change moves the
    rating by its levels; a rating cannot go below the weakest level or above the strongest.
    """
    weakest = len(levels) - 1
    index = levels.index(start) - sum(change.levels for change in changes)  # index 0 is the strongest
    if index > weakest:
        return levels[weakest], weakest - index
    if index < 0:
        return levels[0], -index
    return levels[index], 0


def explanation(
    certainty_label: str,
    start: str,
    design_label: str,
    changes: Sequence[Change],
    outside: int,
    *,
    levels: Sequence[str],
) -> str:
    """The reasons in words: 'Low: started high (randomised); down one for risk of bias (not blinded)'."""
    parts = [f"started {start} ({design_label})"]
    downs = [change for change in changes if change.levels < 0]
    ups = [change for change in changes if change.levels > 0]
    unchanged = [change for change in changes if change.levels == 0]
    if downs:
        parts.append("down " + _listed([f"{LEVEL_WORDS[-c.levels]} for {_domain(c)}" for c in downs]))
    if ups:
        parts.append("up " + _listed([f"{LEVEL_WORDS[c.levels]} for {_domain(c)}" for c in ups]))
    if unchanged:
        parts.append("not changed for " + _listed([_domain(c) for c in unchanged]))
    if outside < 0:
        parts.append(f"a rating cannot go below {levels[-1]}")
    elif outside > 0:
        parts.append(f"a rating cannot go above {levels[0]}")
    return f"{certainty_label}: " + "; ".join(parts)


def _domain(change: Change) -> str:
    return f"{change.label} ({change.reason})" if change.reason else change.label


def _listed(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def computation(start: str, design_label: str, changes: Sequence[Change], result: str, outside: int) -> str:
    """The sum for a failure message: 'starts high (randomised) − 1 risk of bias − 1 imprecision = low'."""
    steps = [f"starts {start} ({design_label})"]
    for change in changes:
        if change.levels:
            sign = "−" if change.levels < 0 else "+"
            steps.append(f"{sign} {abs(change.levels)} {change.label}")
    if outside < 0:
        result += ", the lowest level"
    elif outside > 0:
        result += ", the highest level"
    return " ".join(steps) + f" = {result}"
