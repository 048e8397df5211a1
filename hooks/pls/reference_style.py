"""The site's reference style: NLM/Vancouver, as medical readers expect it, written as a pybtex style.

Why this exists: mkdocs-bibtex formats with pybtex's "plain" style ("Krishna Kumar, Rod S. Taylor,
... Spinal cord stimulation .... *Pain*, 132:179–188, 2007."), which is not how medical literature
is cited. This style gives the NLM form:

    Kumar K, Taylor RS, Jacques L, et al. Title. Pain. 2007;132(1-2):179-88.

It is a pybtex style class (pybtex.style.formatting.BaseStyle) built from pybtex's own templates
(pybtex.style.template), so pybtex does the LaTeX decoding, the punctuation and the Markdown output;
only the NLM rules are ours: authors as surname and initials, more than six authors cut to three and
"et al.", page ranges with the repeated digits of the last page left out (179-88). A field or name
that reads as written (references.PLAIN_LATEX: most names, years and journals) is taken as text
without pybtex's LaTeX reader (`rich_text`); that reader is most of what formatting costs.
DOI and PubMed links are added after the text (references.reference_markdown), as for every style.
"""

from __future__ import annotations

import re

from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.template import FieldIsMissing, join, node, optional, sentence, words

from .references import PLAIN_LATEX

STYLE_NAME = "pls-vancouver"
# NLM: list up to six authors; with more, the first three and "et al.".
MAX_AUTHORS = 6
AUTHORS_WHEN_CUT = 3
NAME_PARTS = re.compile(r"[\s~\-]+")


def initials(given_names: list[str]) -> str:
    """'Rod S.' -> 'RS', 'Jean-Pierre' -> 'JP': the first letter of each given name, no periods."""
    letters = []
    for name in given_names:
        letters.extend(part[0] for part in NAME_PARTS.split(name.replace(".", " ")) if part)
    return "".join(letters).upper()


def rich_text(latex: str) -> Text:
    """pybtex's rich text of a field or name part (Text.from_latex); text that reads as written is taken as it is."""
    return Text(latex) if PLAIN_LATEX.fullmatch(latex) else Text.from_latex(latex)


def vancouver_name(person) -> str:
    """'Kumar K', 'Taylor RS', 'van Tulder MW': surname as written, then initials."""
    surname = " ".join(str(rich_text(part)) for part in person.prelast_names + person.last_names)
    given = [str(rich_text(part)) for part in person.first_names + person.middle_names]
    lineage = " ".join(str(rich_text(part)) for part in person.lineage_names)
    return " ".join(part for part in (surname, initials(given), lineage) if part)


def nlm_pages(pages: str) -> str:
    """'179--188' -> '179-88', '1001-1010' -> '1001-10', 'e12-e19' -> 'e12-9', '5' -> '5'."""
    parts = [part for part in re.split(r"\s*[-\u2013\u2014]+\s*", pages.strip()) if part]
    if len(parts) != 2:
        return pages.strip()
    first, last = parts
    prefix = re.match(r"\D*", first).group(0)
    if prefix and last.startswith(prefix):
        last = last[len(prefix) :]
        first_digits = first[len(prefix) :]
    else:
        first_digits = first
    if first_digits == last:
        return first
    if first_digits.isdigit() and last.isdigit() and len(first_digits) == len(last):
        common = 0
        while common < len(last) - 1 and first_digits[common] == last[common]:
            common += 1
        last = last[common:]
    return f"{first}-{last}"


@node
def authors(children, context, role="author"):
    """The authors in NLM form: 'Kumar K, Taylor RS, Jacques L, et al'; BibTeX's 'and others' is 'et al'."""
    persons = context["entry"].persons.get(role)
    if not persons:
        return Text()
    named = [person for person in persons if str(person) != "others"]
    cut = len(named) > MAX_AUTHORS
    shown = named[:AUTHORS_WHEN_CUT] if cut else named
    listing = [vancouver_name(person) for person in shown]
    if cut or len(named) < len(persons):
        listing.append("et al")
    return Text(", ".join(listing))


@node
def volume_issue_pages(children, context):
    """';132(1-2):179-88' after the year, each part only where the entry has it."""
    fields = context["entry"].fields
    text = ""
    if "volume" in fields:
        text += f";{rich_text(fields['volume'])}"
        if "number" in fields:
            text += f"({rich_text(fields['number'])})"
    if "pages" in fields:
        text += f":{nlm_pages(str(rich_text(fields['pages'])))}"
    return Text(text)


@node
def who(children, context):
    """The authors, or for a guideline or report without them, the organisation that wrote it."""
    entry = context["entry"]
    if entry.persons.get("author"):
        return authors.format_data(context)
    for name in ("organization", "institution"):
        if name in entry.fields:
            return rich_text(entry.fields[name])
    raise FieldIsMissing("author", entry)


@node
def entry_field(children, context, name):
    """A field's rich text (`rich_text`), as pybtex's own `field` template gives it (FieldIsMissing when the entry lacks it)."""
    entry = context["entry"]
    if name not in entry.fields:
        raise FieldIsMissing(name, entry)
    return rich_text(entry.fields[name])


@node
def link(children, context, name):
    """A field's web address as a Markdown link to itself."""
    address = context["entry"].fields.get(name)
    if not address:
        raise FieldIsMissing(name, context["entry"])
    return Text(HRef(address, address))


def place_publisher_year(publisher_field: str):
    """'London: National Institute for Health and Care Excellence; 2016.' (NLM: place, publisher, year)."""
    return sentence(sep="; ")[
        join(sep=": ")[optional[entry_field("address")], entry_field(publisher_field)], entry_field("year")
    ]


class VancouverStyle(BaseStyle):
    """pybtex style: NLM/Vancouver references (articles, reports and guidelines, books, anything else)."""

    default_sorting_style = "none"

    def format_entry(self, label, entry, bib_data=None):
        """pybtex's BaseStyle.format_entry, with a generic template for types without their own."""
        get_template = getattr(self, f"get_{entry.type}_template", self.get_misc_template)
        text = get_template(entry).format_data({"entry": entry, "style": self, "bib_data": bib_data})
        return FormattedEntry(entry.key, text, label)

    def get_article_template(self, entry):
        return toplevel[
            sentence[who],
            sentence[entry_field("title")],
            sentence[entry_field("journal")],
            sentence[join[entry_field("year"), volume_issue_pages]],
            available_from,
        ]

    def get_techreport_template(self, entry):
        return toplevel[
            sentence[who],
            sentence[entry_field("title")],
            place_publisher_year("institution"),
            optional[sentence[words["Report No.:", entry_field("number")]]],
            available_from,
        ]

    def get_book_template(self, entry):
        return toplevel[
            sentence[who], sentence[entry_field("title")], place_publisher_year("publisher"), available_from
        ]

    def get_misc_template(self, entry):
        return toplevel[
            optional[sentence[who]],
            optional[sentence[entry_field("title")]],
            sentence(sep="; ")[optional[entry_field("howpublished")], optional[entry_field("year")]],
            available_from,
        ]


available_from = optional[sentence[words["Available from:", link("url")]]]


def format_markdown(entry, style: VancouverStyle | None = None) -> str:
    """One pybtex entry as Markdown in this style (pybtex's Markdown backend), on one line.

    Pass one `style` for many entries: making a pybtex style looks its plugins up (milliseconds).
    """
    text = (style or VancouverStyle()).format_entry("", entry).text.render(MarkdownBackend())
    return " ".join(text.split())
