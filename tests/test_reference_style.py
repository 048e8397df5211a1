"""The site's NLM/Vancouver reference style (hooks/pls/reference_style.py). Expected texts are written by hand."""

from __future__ import annotations

import markdown
import pytest
from pybtex.database import parse_string

from pls import reference_style


def _text(bibtex: str) -> str:
    """The reference as a reader sees it: the style's Markdown, converted, tags stripped."""
    entry = next(iter(parse_string(bibtex, "bibtex").entries.values()))
    html = markdown.markdown(reference_style.format_markdown(entry))
    return html.removeprefix("<p>").removesuffix("</p>")


def test_the_issue_example_article():
    bib = r"""@article{kumar2007,
      author = {Kumar, Krishna and Taylor, Rod S. and Jacques, Line and Eldabe, Sam and Meglio, Mario
                and Molet, Joan and Thomson, Simon},
      title = {Title}, journal = {Pain}, year = {2007}, volume = {132}, number = {1-2}, pages = {179--188},
    }"""
    assert _text(bib) == "Kumar K, Taylor RS, Jacques L, et al. Title. Pain. 2007;132(1-2):179-88."


def test_six_authors_are_all_listed_and_and_others_is_et_al():
    six = "A, Ann and B, Bob and C, Cy and D, Di and E, Ed and F, Flo"
    bib = f"@article{{k, author = {{{six}}}, title = {{T}}, journal = {{J}}, year = {{2001}}}}"
    assert _text(bib) == "A A, B B, C C, D D, E E, F F. T. J. 2001."
    bib = "@article{k, author = {Bosy, Dan and others}, title = {T?}, journal = {J}, year = {2010}, pages = {5}}"
    assert _text(bib) == "Bosy D, et al. T? J. 2010:5."


def test_names_keep_accents_particles_and_hyphenated_initials():
    bib = (
        r"@article{k, author = {M{\"u}ller, Jean-Pierre and van Tulder, Maurits W. and Garc{\'\i}a, Jos{\'e}},"
        r" title = {T}, journal = {J}, year = {2019}}"
    )
    assert _text(bib) == "Müller JP, van Tulder MW, García J. T. J. 2019."


def test_a_guideline_by_an_organisation():
    bib = r"""@techreport{nice,
      institution = {National Institute for Health and Care Excellence},
      title = {Low back pain and sciatica in over 16s: assessment and management},
      address = {London}, year = {2016}, number = {NG59}, url = {https://www.nice.org.uk/guidance/ng59},
    }"""
    assert _text(bib) == (
        "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: assessment and"
        " management. London: National Institute for Health and Care Excellence; 2016. Report No.: NG59."
        ' Available from: <a href="https://www.nice.org.uk/guidance/ng59">https://www.nice.org.uk/guidance/ng59</a>.'
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("179--188", "179-88"),
        ("1001-1010", "1001-10"),
        ("98--106", "98-106"),
        ("e12-e19", "e12-9"),
        ("316--326", "316-26"),
        ("5", "5"),
        ("CD014789", "CD014789"),
        ("100-100", "100"),
    ],
)
def test_page_ranges_leave_out_the_repeated_digits(written, expected):
    assert reference_style.nlm_pages(written) == expected


def test_an_article_without_author_or_journal_cannot_be_formatted():
    from pybtex.style.template import FieldIsMissing

    for bib in (
        "@article{k, title = {T}, journal = {J}, year = {2007}}",
        "@article{k, author = {A, B}, title = {T}, year = {2007}}",
    ):
        entry = next(iter(parse_string(bib, "bibtex").entries.values()))
        with pytest.raises(FieldIsMissing):
            reference_style.format_markdown(entry)
