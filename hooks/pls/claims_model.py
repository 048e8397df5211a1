"""What a graded claim is: its controlled vocabulary and the record every claims output shares.

The vocabulary (certainty levels, evidence kinds, directions of effect, verdicts, and the GRADE
designs, populations and domains a claim's certainty is computed from) lives in
claims_vocabulary.yml beside this file, so changing a label or adding an evidence kind needs no code.
The claim form parser (claims_form.py), the register, the evidence map and claims.json all read the
same `Claim` record, so they cannot disagree about a claim.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .grade import Grading

VOCABULARY_FILE = Path(__file__).resolve().parent / "claims_vocabulary.yml"
VOCABULARY_KINDS = ("certainty", "evidence", "direction", "verdict", "design", "population", "domain")


@dataclass(frozen=True)
class Term:
    """One allowed value: what editors write (`value`) and what readers see (`label`)."""

    value: str
    label: str
    symbols: str = ""
    designs: tuple[str, ...] = ()  # evidence kinds: the designs they can rest on, the default first
    start: str = ""  # designs: the certainty level the evidence starts at
    moves: str = ""  # GRADE domains: 'down' or 'up'
    most: int = 0  # GRADE domains: how many levels one domain can move

    @property
    def css_name(self) -> str:
        """The value as a CSS class suffix: 'very low' -> 'very-low', 'model/laboratory' -> 'model-laboratory'."""
        return "-".join(self.value.lower().replace("/", " ").split())


@dataclass(frozen=True)
class Vocabulary:
    """The allowed values of each claim option, in their meaningful order."""

    certainty: tuple[Term, ...]
    evidence: tuple[Term, ...]
    direction: tuple[Term, ...]
    verdict: tuple[Term, ...]
    design: tuple[Term, ...] = ()
    population: tuple[Term, ...] = ()
    domain: tuple[Term, ...] = ()

    def terms(self, kind: str) -> tuple[Term, ...]:
        return getattr(self, kind)

    def values(self, kind: str) -> list[str]:
        return [term.value for term in self.terms(kind)]

    def find(self, kind: str, written: str) -> Term | None:
        """The term an editor meant, ignoring case and repeated spaces ('Very  Low' -> 'very low')."""
        wanted = _normalise(written)
        for term in self.terms(kind):
            if _normalise(term.value) == wanted:
                return term
        return None

    def closest(self, kind: str, written: str) -> str | None:
        """The allowed value nearest to a misspelt one, for the fix in a message."""
        by_normalised = {_normalise(value): value for value in self.values(kind)}
        matches = difflib.get_close_matches(_normalise(written), list(by_normalised), n=1, cutoff=0.6)
        return by_normalised[matches[0]] if matches else None

    def term(self, kind: str, value: str) -> Term:
        term = self.find(kind, value)
        if term is None:
            raise KeyError(f"{value!r} is not a {kind} in {VOCABULARY_FILE.name}")
        return term

    def certainty_rank(self, value: str) -> int:
        """Strength of a certainty level: the weakest is 1, the strongest is the number of levels."""
        levels = self.values("certainty")
        return len(levels) - levels.index(self.term("certainty", value).value)


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read claims_vocabulary.yml (once per build, by claims.start_claims)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(**{kind: tuple(_term(item) for item in data[kind]) for kind in VOCABULARY_KINDS})


def _term(item: dict) -> Term:
    values = {key: str(value) for key, value in item.items() if key not in ("designs", "most")}
    return Term(
        **values, designs=tuple(str(design) for design in item.get("designs", ())), most=int(item.get("most", 0))
    )


@dataclass
class Claim:
    """A graded claim as written in a page, with the canonical vocabulary values."""

    id: str
    topic: str
    certainty: str | None
    text: str  # Markdown, citations included, as the editor wrote it
    citations: tuple[str, ...]
    source: str  # the page's path inside docs/, e.g. 'treatment/advanced.md'
    line: int  # line of the opening `/// claim` in that file
    evidence: str | None = None
    direction: str | None = None
    verdict: str | None = None
    claimed_by: str | None = None
    conflicted: bool = False
    grading: Grading | None = None  # how the certainty was reached (hooks/pls/grade.py)
    # Filled in by the hook once the page is known.
    page_url: str = ""
    page_title: str = ""
    plain_text: str = ""
    claimed_by_text: str = ""

    @property
    def anchor(self) -> str:
        return f"claim-{self.id}"


def topic_key(topic: str) -> str:
    """Topics group the register and the map regardless of case and spacing."""
    return _normalise(topic)
