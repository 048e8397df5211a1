"""GRADE from a claim's domains, as pure functions: how a change is read, the level it gives, the words."""

import pytest

from pls import grade
from pls.grade import Change

LEVELS = ["high", "moderate", "low", "very low"]


def _change(domain: str, label: str, levels: int, reason: str = "a reason") -> Change:
    return Change(domain=domain, label=label, levels=levels, reason=reason)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("down 1 — n = 50", ("down", 1, "n = 50")),
        ("down 2 - not blinded; industry-sponsored", ("down", 2, "not blinded; industry-sponsored")),
        ("Down one: people without prior surgery", ("down", 1, "people without prior surgery")),
        ("down 1 (n = 50)", ("down", 1, "n = 50")),
        ("up 1 – odds rose with each operation", ("up", 1, "odds rose with each operation")),
        ("none — 1,842 people", ("none", None, "1,842 people")),
        ("down 1", ("down", 1, "")),
        ("down — not blinded", ("down", None, "not blinded")),
        ("down 3 — far too many", ("down", 3, "far too many")),
    ],
)
def test_a_change_is_read_with_or_without_its_dash(written, expected):
    assert grade.parse_change(written) == expected


@pytest.mark.parametrize("written", ["serious — n = 50", "lowered 1 — x", "-1 — x", ""])
def test_anything_else_is_not_a_change(written):
    assert grade.parse_change(written) is None


def test_population_is_read_with_whom_it_describes():
    assert grade.parse_population("indirect — people with sciatica of under a year") == (
        "indirect",
        "people with sciatica of under a year",
    )
    assert grade.parse_population("direct") == ("direct", "")
    assert grade.parse_population("Indirect (nurses, no patients)") == ("indirect", "nurses, no patients")


def test_each_change_moves_the_level_and_the_scale_has_ends():
    bias, imprecision = _change("risk-of-bias", "risk of bias", -1), _change("imprecision", "imprecision", -1)
    assert grade.computed_level(LEVELS, "high", []) == ("high", 0)
    assert grade.computed_level(LEVELS, "high", [bias, imprecision]) == ("low", 0)
    assert grade.computed_level(LEVELS, "low", [bias, imprecision]) == ("very low", -1)
    dose = _change("dose-response", "a dose-response", 1)
    assert grade.computed_level(LEVELS, "low", [bias, dose]) == ("low", 0)
    large = _change("large-effect", "a large effect", 2)
    assert grade.computed_level(LEVELS, "low", [large, dose]) == ("high", 1)
    considered = _change("imprecision", "imprecision", 0, "1,842 people")
    assert grade.computed_level(LEVELS, "low", [considered]) == ("low", 0)


def test_the_reasons_read_as_one_sentence():
    changes = [
        _change("indirectness", "indirectness", -1, "people without prior surgery"),
        _change("imprecision", "imprecision", -1, "n = 50"),
    ]
    assert grade.explanation("Low", "high", "randomised", changes, 0, levels=LEVELS) == (
        "Low: started high (randomised); down one for indirectness (people without prior surgery)"
        " and one for imprecision (n = 50)"
    )
    mixed = [
        _change("risk-of-bias", "risk of bias", -2, "open-label; industry-sponsored"),
        _change("imprecision", "imprecision", 0, "100 people"),
    ]
    assert grade.explanation("Low", "high", "randomised", mixed, 0, levels=LEVELS) == (
        "Low: started high (randomised); down two for risk of bias (open-label; industry-sponsored);"
        " not changed for imprecision (100 people)"
    )
    floor = [_change("risk-of-bias", "risk of bias", -1, "x"), _change("indirectness", "indirectness", -1, "y")]
    assert grade.explanation("Very low", "low", "observational", floor, -1, levels=LEVELS) == (
        "Very low: started low (observational); down one for risk of bias (x) and one for indirectness (y);"
        " a rating cannot go below very low"
    )


def test_the_sum_for_a_failure_message():
    changes = [_change("risk-of-bias", "risk of bias", -1), _change("dose-response", "a dose-response", 1)]
    assert grade.computation("low", "observational", changes, "low", 0) == (
        "starts low (observational) − 1 risk of bias + 1 a dose-response = low"
    )
