"""Format each cited reference once per bibliography, and decode its LaTeX cheaply.

Why this exists: mkdocs-bibtex 4.4.0 (archived upstream) formats a reference with pybtex every
time a page cites it (``SimpleRegistry.reference_text``), and pybtex decodes every name and field
from LaTeX with latexcodec each time. On a 300-page synthetic site with 10 citations a page that
was two thirds of what mkdocs-bibtex added to the build (bench/README.md). This is the one place
that caches mkdocs-bibtex's output:

1. The registry's ``reference_text`` is memoised per citation key. The memo lives on the registry
   object, which mkdocs-bibtex replaces whenever a bibliography file changes (also under
   ``mkdocs serve``), so an edited ``references.bib`` is never served from a stale memo.
2. pybtex's ``Text.from_latex`` is memoised per string (``parse_latex``; pybtex's rich text is
   immutable: every operation returns a new object), and decodes through ``decode_latex``, which
   skips latexcodec for strings it would return unchanged (plain text: no backslash, ``~``,
   ``--``, quote ligatures, comment or math characters, no leading or doubled spaces). Journal
   names, years and many author names repeat across a bibliography.

3. ``fast_reference_text`` renders the entry types and fields our bibliography uses (article,
   techreport, misc; author, title, journal, volume, number, pages, ...) with plain string
   operations that follow pybtex's plain style and markdown backend step by step, instead of
   pybtex's template engine (most of what formatting still cost). Anything it cannot guarantee
   (another entry type, a field it does not know, editors, LaTeX left after decoding, an empty
   field, a page range ending in a dash) returns None and the entry goes through pybtex.

4. ``references.bib`` is parsed once, not twice: references_checks parses it first (bibtexparser,
   for line numbers), and mkdocs-bibtex's pybtex parse of the same bytes is built from that parse
   (``shared_bibliography``: pybtex's own ``Entry`` and ``Person``, values as pybtex normalises
   them). A file with ``@string`` macros, a ``@preamble``, a bare macro or a concatenation, or one
   that changed since, is parsed by pybtex as before. Installed by ``on_startup``, before
   mkdocs-bibtex's ``on_config`` reads the file.

None of this changes a byte of output: tests/test_bibtex_cache.py builds a site with and without
this hook and compares every page, checks ``decode_latex`` and ``parse_latex`` against latexcodec
and pybtex, and formats every entry of the real, fixture and benchmark bibliographies (and tricky
cases) both through ``fast_reference_text`` and through mkdocs-bibtex, comparing the strings;
tests/test_shared_parse.py compares ``shared_bibliography`` with pybtex's parse of each of them.

It relies on the internals of the exact versions in ``WRAPPED_VERSIONS``; any other installed
version stops the build until this file has been re-verified against it.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import importlib.metadata
import re
from collections.abc import Callable
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
import mkdocs.plugins
import mkdocs_bibtex.registry
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.registry import SimpleRegistry
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.markup import LaTeXParser
from pybtex.richtext import Protected, String, Text
from pybtex.textutils import normalize_whitespace

import references

# The distributions whose internals this hook wraps, at the versions it was verified against.
WRAPPED_VERSIONS = {"mkdocs-bibtex": "4.4.0", "pybtex": "0.26.1", "latexcodec": "3.0.1"}

# What makes latexcodec change a string: control sequences, comments, parameters, math, ties,
# the ligatures in its table (-- --- `` '' !` ?` ,,), tabs and newlines, leading or doubled spaces.
LATEX_SPECIAL = re.compile(r"[\\%#$~\n\t]|--|''|``|!`|\?`|,,|  |^ ")
# What latexcodec decodes the same alone as in its text: a braced group that starts with a control
# sequence, with at most one level of braces inside ({\\~a}, {\\"O}, {\\v{r}}, {\\'\\i}, {\\ae}), and
# a '--' between letters or digits (a page range, 100--110).
LATEX_UNIT = re.compile(r"\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)?\}|(?<=[0-9A-Za-z])--(?=[0-9A-Za-z])")

PYBTEX_FROM_LATEX = Text.__dict__["from_latex"]
PYBTEX_PARSE_FILE = mkdocs_bibtex.registry.parse_file


# --- Hooks -------------------------------------------------------------------------------------


def on_startup(*, command: str, dirty: bool) -> None:
    """Before any build reads references.bib: let mkdocs-bibtex reuse references_checks' parse of it."""
    install_shared_parse()


@mkdocs.plugins.event_priority(-100)  # after mkdocs-bibtex (0) has (re)built its registry
def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    """Check the wrapped versions, then cache the registry's reference text for this build."""
    check_versions(importlib.metadata.version)
    plugin = config.plugins.get("bibtex")
    if plugin is None:
        raise PluginError(
            "mkdocs.yml: hooks/bibtex_cache.py caches the 'bibtex' plugin's output, but that plugin "
            "is not configured — add 'bibtex' under plugins: or remove the hook from hooks:"
        )
    install_fast_latex_decoding()
    cache_reference_text(plugin.registry)
    return config


# --- Helper functions --------------------------------------------------------------------------


def check_versions(installed_version: Callable[[str], str]) -> None:
    """Raise PluginError unless every wrapped distribution is at the verified version."""
    for distribution, verified in WRAPPED_VERSIONS.items():
        installed = installed_version(distribution)
        if installed != verified:
            raise PluginError(
                f"hooks/bibtex_cache.py: {distribution} {installed} is installed, but this cache was "
                f"verified against {distribution} {verified} — re-verify the cache against the new "
                f"version (run tests/test_bibtex_cache.py and bench/run.py), then update WRAPPED_VERSIONS"
            )


class ReferenceTextCache:
    """A registry's ``reference_text``, memoised by citation key; the fast path's HTML kept beside it.

    ``format_fast(citation)`` gives (markdown, html or None) for what the fast formatter renders, or
    None for pybtex's ``format_reference``. ``html(key)`` is the HTML of the text given for ``key``
    when the fast path made it (reference_html then has nothing to convert).
    """

    def __init__(self, format_reference: Callable, format_fast: Callable = lambda citation: None) -> None:
        self.format_reference = format_reference
        self.format_fast = format_fast
        self.texts: dict[str, str] = {}
        self.htmls: dict[str, str] = {}

    def __call__(self, citation) -> str:
        text = self.texts.get(citation.key)
        if text is None:
            fast = self.format_fast(citation)
            if fast is None:
                text = self.format_reference(citation)
            else:
                text, html = fast
                if html is not None:
                    self.htmls[citation.key] = html
            self.texts[citation.key] = text
        return text

    def html(self, key: str) -> str | None:
        return self.htmls.get(key)


def cache_reference_text(registry) -> None:
    """Memoise ``registry.reference_text`` (fast path first) unless this registry is already cached.

    A registry that is already cached is the one of the previous build: mkdocs-bibtex keeps it
    only while no bibliography file changed, so its formatted texts are still current.
    """
    if not isinstance(registry, SimpleRegistry):
        return  # PandocRegistry keeps its own cache
    if isinstance(registry.__dict__.get("reference_text"), ReferenceTextCache):
        return
    registry.reference_text = ReferenceTextCache(registry.reference_text, fast_formatter(registry))


def fast_formatter(registry) -> Callable:
    """(markdown, html) of a citation's entry by ``fast_reference``, or None: it goes to pybtex."""

    def format_fast(citation):
        entry = registry.bib_data.entries.get(citation.key)
        return fast_reference(entry) if entry is not None else None

    return format_fast


@functools.lru_cache(maxsize=65536)
def decode_latex(latex: str) -> str:
    """latexcodec's decoding of ``latex`` (the "ulatex" codec), skipped where it is the identity.

    A name such as ``Jo{\\~a}o M{\\"u}ller`` or a page range ``100--110`` is plain text around a few
    LaTeX units (``LATEX_UNIT``): where the text outside them has nothing latexcodec would change,
    each unit is decoded on its own (memoised: the same few accents recur across a bibliography)
    and the text kept as it is.
    """
    if LATEX_SPECIAL.search(latex) is None:
        return latex
    if LATEX_SPECIAL.search(LATEX_UNIT.sub("x", latex)) is None:
        return LATEX_UNIT.sub(lambda unit: decode_latex_unit(unit.group(0)), latex)
    return codecs.decode(latex, "ulatex")


@functools.lru_cache(maxsize=4096)
def decode_latex_unit(unit: str) -> str:
    return codecs.decode(unit, "ulatex")


@functools.lru_cache(maxsize=65536)
def parse_latex(latex: str) -> Text:
    """pybtex's ``Text.from_latex``, memoised: the same string always gives the same rich text."""
    return LaTeXParser(decode_latex(latex)).parse()


def _from_latex(cls, latex: str) -> Text:
    return parse_latex(latex)


def install_fast_latex_decoding() -> None:
    """Make pybtex parse LaTeX through ``parse_latex`` (same result, memoised)."""
    Text.from_latex = classmethod(_from_latex)


def uninstall_fast_latex_decoding() -> None:
    """Restore pybtex's own ``Text.from_latex``."""
    Text.from_latex = PYBTEX_FROM_LATEX


# --- One parse of references.bib -------------------------------------------------------------


def install_shared_parse() -> None:
    """mkdocs-bibtex's registry reads bib files through ``parse_file_shared`` (pybtex's, unless shared)."""
    mkdocs_bibtex.registry.parse_file = parse_file_shared


def uninstall_shared_parse() -> None:
    mkdocs_bibtex.registry.parse_file = PYBTEX_PARSE_FILE


def parse_file_shared(file, *args, **kwargs) -> BibliographyData:
    """pybtex's ``parse_file``; for the file references_checks has just parsed, built from that parse."""
    shared = None if args or kwargs else shared_bibliography(Path(file), references.current_references())
    return shared if shared is not None else PYBTEX_PARSE_FILE(file, *args, **kwargs)


def shared_bibliography(path: Path, database: references.ReferenceDatabase) -> BibliographyData | None:
    """What pybtex's ``parse_file(path)`` gives, from ``database``; None unless it is the same file, unchanged."""
    if database.source is None or database.has_macros_or_preamble or database.fatal_problems:
        return None
    try:
        if path.resolve() != database.source or hashlib.sha256(path.read_bytes()).hexdigest() != database.source_digest:
            return None
    except OSError:
        return None
    entries = {}
    for key, reference in database.entries.items():
        entry = pybtex_entry(reference)
        if entry is None:
            return None
        entries[key] = entry
    return BibliographyData(entries=entries)


def pybtex_entry(reference: references.Reference) -> Entry | None:
    """pybtex's ``Entry`` for one parsed entry (its parser's ``process_entry``), or None if unsure."""
    fields, persons = [], {}
    for name, value, enclosing in reference.written_fields:
        if enclosing not in ("{", '"') and not value.isdigit():
            return None  # a macro or a concatenation: pybtex substitutes and joins them
        value = normalize_whitespace(value)
        if name.lower() in PERSON_ROLES:
            names = [Person(person) for person in split_name_list(value)]
            if names:
                persons.setdefault(name, []).extend(names)
        else:
            fields.append((name, value))
    return Entry(reference.written_type, fields=fields, persons=persons)


PERSON_ROLES = frozenset(role.lower() for role in Person.valid_roles)


# --- The fast formatter ------------------------------------------------------------------------
#
# A rendered piece is (markdown, plain, html): the markdown pybtex's markdown backend would write;
# the plain text, whose last character decides whether a sentence gets its period (pybtex's
# ``is_terminated``); and the HTML Python-Markdown makes of that markdown, or None where the fast
# path cannot be sure of it (a link address it would read differently). An empty piece is
# ("", "", ""), like pybtex's empty Text, which joins skip.

# pybtex.backends.markdown.Backend.format_str: xml.sax.saxutils.escape, then a backslash before
# each of its SPECIAL_CHARS (the backslash itself first, so a character-wise table is the same).
MARKDOWN_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{char: "\\" + char for char in "\\`*_{}[]()#+-.!"}}
)
TERMINATORS = (".", "?", "!")
# Fields the plain style reads, per entry type (pybtex.style.formatting.unsrt); fields it never
# reads for any type and that the fast path may ignore; anything else sends the entry to pybtex.
READ_FIELDS = {
    "article": frozenset({"title", "journal", "volume", "number", "pages", "month", "year", "note", "url", "doi"}),
    "techreport": frozenset(
        {"title", "type", "number", "institution", "address", "month", "year", "note", "url", "doi"}
    ),
    "misc": frozenset({"title", "howpublished", "month", "year", "note", "url", "doi"}),
}
IGNORED_FIELDS = frozenset({"annotation", "pmid", "pmcid", "abstract", "keywords", "issn", "language"})
DASHES = re.compile(r"-+")
# Link addresses whose Markdown link Python-Markdown turns into exactly href="<address>": no
# spaces, quotes, brackets, parentheses, angle brackets, backslashes or entity-like '&...;'.
PLAIN_LINK_ADDRESS = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$*+,;=%&-]+")
ENTITY_LIKE = re.compile(r"&#?\w+;")
EMPTY = ("", "", "")


class NotFastPath(Exception):
    """The entry needs something the fast formatter does not reproduce: use pybtex."""


def markdown(text: str) -> str:
    return text.translate(MARKDOWN_ESCAPES)


def html_text(text: str) -> str:
    """What Python-Markdown writes for ``markdown(text)``: the escapes undone, & < > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link_piece(address: str, text: str, plain: str) -> tuple[str, str, str | None]:
    """A Markdown link ``[markdown(text)](address)``, and its HTML when the address is plain."""
    plain_address = PLAIN_LINK_ADDRESS.fullmatch(address) and not ENTITY_LIKE.search(address)
    link_html = f'<a href="{html_text(address)}">{html_text(text)}</a>' if plain_address else None
    return (f"[{markdown(text)}]({address})", plain, link_html)


@functools.lru_cache(maxsize=65536)
def latex_segments(latex: str) -> tuple[tuple[bool, str], ...]:
    """A field's rich text as (protected, text) segments, if it is only strings and braced groups."""
    decoded = decode_latex(latex)
    if "{" not in decoded and "}" not in decoded:  # pybtex's LaTeXParser gives Text(String(decoded))
        if not decoded or "\\" in decoded:
            raise NotFastPath(latex)
        return ((False, decoded),)
    segments = []
    for part in parse_latex(latex).parts:
        if type(part) is String:
            segments.append((False, part.value))
        elif type(part) is Protected:
            segments.append((True, _protected_text(part)))
        else:
            raise NotFastPath(latex)
    if not segments or any("\\" in text for _, text in segments):
        raise NotFastPath(latex)  # empty, or a LaTeX command latexcodec left alone
    return tuple(segments)


def _protected_text(protected: Protected) -> str:
    texts = []
    for part in protected.parts:
        if type(part) is String:
            texts.append(part.value)
        elif type(part) is Protected:
            texts.append(_protected_text(part))
        else:
            raise NotFastPath(str(protected))
    return "".join(texts)


def latex_text(latex: str) -> str:
    return "".join(text for _, text in latex_segments(latex))


def text_piece(text: str) -> tuple[str, str, str]:
    return (markdown(text), text, html_text(text))


def join_pieces(pieces, sep: str = "", sep2: str | None = None, last_sep: str | None = None):
    """pybtex.style.template.join: empty pieces dropped, then sep / sep2 (two) / last_sep (last)."""
    pieces = [piece for piece in pieces if piece[1]]
    if len(pieces) <= 1:
        return pieces[0] if pieces else EMPTY
    if len(pieces) == 2:
        separators = [sep2 if sep2 is not None else sep]
    else:
        separators = [sep] * (len(pieces) - 2) + [last_sep if last_sep is not None else sep]
    rendered, plain, html = [pieces[0][0]], [pieces[0][1]], [pieces[0][2]]
    for separator, piece in zip(separators, pieces[1:], strict=True):
        rendered += [markdown(separator), piece[0]]
        plain += [separator, piece[1]]
        html += [html_text(separator), piece[2]]
    return ("".join(rendered), "".join(plain), None if None in html else "".join(html))


def sentence(*pieces):
    """pybtex's sentence: joined with ', ', then a period unless it ends with . ? or !"""
    rendered, plain, html = join_pieces(pieces, ", ")
    if plain and not plain.endswith(TERMINATORS):
        return (rendered + markdown("."), plain + ".", None if html is None else html + ".")
    return (rendered, plain, html)


class FastEntry:
    """One pybtex entry, read the way the plain style's ``field`` and ``optional_field`` read it."""

    def __init__(self, entry) -> None:
        self.entry = entry
        self.fields = {name.lower(): value for name, value in entry.fields.items()}

    def has(self, name: str) -> bool:
        return name in self.fields

    def field(self, name: str) -> tuple[str, str, str]:
        if name not in self.fields:
            raise NotFastPath(name)  # pybtex raises FieldIsMissing: let it
        return text_piece(latex_text(self.fields[name]))

    def optional(self, name: str):
        return self.field(name) if name in self.fields else EMPTY

    def raw(self, name: str) -> str:
        value = self.fields[name]
        if not value:
            raise NotFastPath(name)
        return value

    def title(self) -> tuple[str, str, str]:
        """``field('title', apply_func=Text.capitalize)``: first character up, the rest down, braces kept."""
        if "title" not in self.fields:
            raise NotFastPath("title")
        texts = []
        for index, (protected, text) in enumerate(latex_segments(self.fields["title"])):
            if protected:
                texts.append(text)
            elif index == 0:
                texts.append(text[:1].upper() + text[1:].lower())
            else:
                texts.append(text.lower())
        return text_piece("".join(texts))

    def date(self):
        return join_pieces([self.optional("month"), self.field("year")], " ")

    def authors(self):
        """``names('author', sep=', ', sep2=' and ', last_sep=', and ')`` with the plain name style."""
        persons = self.entry.persons.get("author")
        if not persons:
            raise NotFastPath("author")
        return join_pieces([text_piece(person_name(person)) for person in persons], ", ", " and ", ", and ")

    def web_refs(self):
        pieces = []
        if self.has("url"):
            url = self.raw("url")
            link = link_piece(url, url, url)
            pieces.append(("URL: " + link[0], f"URL: {url}", None if link[2] is None else "URL: " + link[2]))
        if self.has("doi"):
            doi = self.raw("doi")
            pieces.append(link_piece(f"https://doi.org/{doi}", "doi:" + doi, f"doi:{doi}"))
        return sentence(*pieces)


def person_name(person) -> str:
    """pybtex's plain name style, {ff~}{vv~}{ll}{, jj}; its ties render as spaces in markdown."""
    first = " ".join(latex_text(name) for name in person.first_names + person.middle_names)
    prelast = " ".join(latex_text(name) for name in person.prelast_names)
    last = " ".join(latex_text(name) for name in person.last_names)
    lineage = " ".join(latex_text(name) for name in person.lineage_names)
    if not last:
        raise NotFastPath(str(person))
    return f"{first + ' ' if first else ''}{prelast + ' ' if prelast else ''}{last}{', ' + lineage if lineage else ''}"


def pages_piece(fast: FastEntry) -> tuple[str, str, str]:
    """``field('pages', apply_func=dashify)``: every run of hyphens becomes an en dash symbol."""
    text = latex_text(fast.fields["pages"])
    if text.startswith("-") or text.endswith("-"):
        raise NotFastPath("pages")  # a symbol at either end changes how pybtex joins and terminates
    parts = DASHES.split(text)
    return ("&ndash;".join(markdown(part) for part in parts), text, "&ndash;".join(html_text(part) for part in parts))


def article_blocks(fast: FastEntry) -> list:
    volume_and_pages = EMPTY
    if fast.has("pages"):
        pages = pages_piece(fast)
        if fast.has("volume"):
            number = (
                join_pieces([text_piece("("), fast.field("number"), text_piece(")")]) if fast.has("number") else EMPTY
            )
            volume_and_pages = join_pieces([fast.field("volume"), number, text_piece(":"), pages])
        else:
            volume_and_pages = join_pieces([text_piece("pages"), pages], " ")
    journal = fast.field("journal")
    return [
        sentence(fast.authors()),
        sentence(fast.title()),
        sentence((f"*{journal[0]}*", journal[1], f"<em>{journal[2]}</em>"), volume_and_pages, fast.date()),
        sentence(fast.optional("note")),
        fast.web_refs(),
    ]


def techreport_blocks(fast: FastEntry) -> list:
    report_type = fast.field("type") if fast.has("type") else text_piece("Technical Report")
    return [
        sentence(sentence(fast.authors())),
        sentence(fast.title()),
        sentence(
            join_pieces([report_type, fast.optional("number")], " "),
            fast.field("institution"),
            fast.optional("address"),
            fast.date(),
        ),
        sentence(fast.optional("note")),
        fast.web_refs(),
    ]


def misc_blocks(fast: FastEntry) -> list:
    return [
        sentence(fast.authors()) if fast.entry.persons.get("author") else EMPTY,
        sentence(fast.title()) if fast.has("title") else EMPTY,
        sentence(fast.optional("howpublished"), fast.date() if fast.has("year") else EMPTY),
        sentence(fast.optional("note")),
        fast.web_refs(),
    ]


BLOCKS = {"article": article_blocks, "techreport": techreport_blocks, "misc": misc_blocks}


def fast_reference_text(entry) -> str | None:
    """``SimpleRegistry.reference_text`` for ``entry`` without pybtex's templates, or None if unsure."""
    rendered = fast_reference(entry)
    return None if rendered is None else rendered[0]


def fast_reference_html(entry) -> str | None:
    """The HTML Python-Markdown makes of ``fast_reference_text(entry)``, or None if unsure."""
    rendered = fast_reference(entry)
    return None if rendered is None else rendered[1]


def fast_reference(entry) -> tuple[str, str | None] | None:
    """(markdown, html) of an entry; None if the fast path is unsure of the markdown (html may be None alone)."""
    blocks = BLOCKS.get(entry.type)
    if blocks is None or set(entry.persons) - {"author"}:
        return None
    fields = {name.lower() for name in entry.fields}
    if not fields <= READ_FIELDS[entry.type] | IGNORED_FIELDS:
        return None
    try:
        rendered, _, html = join_pieces(blocks(FastEntry(entry)), "\n")
    except NotFastPath:
        return None
    # mkdocs-bibtex 4.4.0's own clean-up of the rendered text (SimpleRegistry.reference_text).
    rendered = rendered.replace("\n", " ")
    rendered = rendered.replace("\\(", "(").replace("\\)", ")").replace("\\.", ".")
    return rendered, (None if html is None else html.replace("\n", " "))
