"""Text the build does not give to a LaTeX reader reads the same as the libraries would read it.

references.PLAIN_LATEX names the text (most names, years, volumes, journals) that latex_to_text, the
downloads' decode_latex and the reference style's rich_text take as written instead of asking pybtex
or latexcodec. Every expected value here comes from the libraries themselves, on every short string
over an alphabet that mixes the allowed marks with LaTeX's active ones, and on every field and name
of the bibliographies.
"""

from __future__ import annotations

import codecs
import itertools
import random
import sys
from pathlib import Path

import pytest
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import parse_string
from pybtex.richtext import Text
from pybtex.style.template import field as pybtex_field

from pls import bibliography_downloads, reference_style, references

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import synthetic_bib  # noqa: E402

# Letters, digits and the marks PLAIN_LATEX allows, and what LaTeX treats specially (commands, groups,
# comments, ligatures, ties, spaces).
ALLOWED = "aZ0 .:;()/+=*@[]!?-,'"
ALPHABET = ALLOWED + '~%{}\\`"$&#_^<>\t\n|'


def pybtex_text(latex: str) -> str:
    return Text.from_latex(latex).render(PlainTextBackend()).strip()


def latexcodec_text(latex: str) -> str:
    return codecs.decode(latex, "ulatex")


def bibliography_strings(text: str) -> list[str]:
    """Every field value and every part of every name in a BibTeX text, as pybtex parsed them."""
    strings = []
    for entry in parse_string(text, "bibtex").entries.values():
        strings += entry.fields.values()
        for person in itertools.chain.from_iterable(entry.persons.values()):
            strings += [" ".join(person.first_names + person.middle_names), " ".join(person.last_names)]
    return strings


def short_strings() -> list[str]:
    """Every string of one to three characters over ALPHABET."""
    return ["".join(chars) for length in (1, 2, 3) for chars in itertools.product(ALPHABET, repeat=length)]


@pytest.mark.parametrize(
    "text",
    ["Kumar", "Smith, J.", "2007", "Pain", "132(1-2):179", "Evidence-Based Interventions", "O'Brien", "N Engl J Med"],
)
def test_common_plain_text_takes_the_short_way(text):
    assert references.PLAIN_LATEX.fullmatch(text)


@pytest.mark.parametrize(
    "text",
    ["179--88", "a ,, b", "''quoted''", "50% of", "x~y", "a  b", " lead", "tail ", "{FBSS}", "Jo{\\~a}", "a\nb", "$x$"],
)
def test_latex_that_reads_differently_goes_to_the_libraries(text):
    assert not references.PLAIN_LATEX.fullmatch(text)


def test_every_short_string_taken_the_short_way_reads_as_the_libraries_read_it():
    taken = [text for text in short_strings() if references.PLAIN_LATEX.fullmatch(text)]
    assert len(taken) > 5000  # the alphabet's allowed part, combined
    wrong = [
        text
        for text in taken
        if references.latex_to_text(text) != pybtex_text(text)
        or bibliography_downloads.decode_latex(text) != latexcodec_text(text)
        or reference_style.rich_text(text) != Text.from_latex(text)
    ]
    assert wrong == []


def test_every_string_of_the_bibliographies_reads_as_the_libraries_read_it():
    strings = bibliography_strings((ROOT / "references.bib").read_text(encoding="utf-8"))
    strings += bibliography_strings(synthetic_bib(300, random.Random(13)))
    assert sum(1 for text in strings if references.PLAIN_LATEX.fullmatch(text)) > len(strings) // 2
    assert [text for text in strings if references.latex_to_text(text) != pybtex_text(text)] == []
    assert [text for text in strings if bibliography_downloads.decode_latex(text) != latexcodec_text(text)] == []
    assert [text for text in strings if reference_style.rich_text(text) != Text.from_latex(text)] == []


def test_every_entry_is_formatted_as_with_pybtexs_own_field_template_and_reader(monkeypatch):
    text = (ROOT / "references.bib").read_text(encoding="utf-8") + synthetic_bib(300, random.Random(13))
    entries = list(parse_string(text, "bibtex").entries.values())
    style = reference_style.VancouverStyle()
    ours = [reference_style.format_markdown(entry, style) for entry in entries]
    monkeypatch.setattr(reference_style, "rich_text", Text.from_latex)
    monkeypatch.setattr(reference_style, "entry_field", pybtex_field)
    assert ours == [reference_style.format_markdown(entry, style) for entry in entries]


def test_random_longer_strings_read_as_the_libraries_read_them():
    rng = random.Random(20261202)
    strings = ["".join(rng.choice(ALLOWED) for _ in range(rng.randint(4, 30))) for _ in range(3000)]
    taken = [text for text in strings if references.PLAIN_LATEX.fullmatch(text)]
    assert len(taken) > 300
    assert [text for text in taken if references.latex_to_text(text) != pybtex_text(text)] == []
    assert [text for text in taken if bibliography_downloads.decode_latex(text) != latexcodec_text(text)] == []
