"""references.bib, read once per build: every entry with its line number, and every problem in the file.

Why this exists: mkdocs-bibtex reads references.bib through pybtex, which prints a traceback on a
duplicate key or a syntax error, silently skips an entry whose '@' is missing, and knows no line
numbers. We parse the file first with bibtexparser 2 (its blocks keep their line numbers, and it
reports duplicates and unparseable blocks instead of raising) so the hooks can say
`references.bib:<line>: what is wrong — how to fix it`, and keep from pybtex every entry it would
choke on (`leave_out_unreadable`).

The pipeline's first on_config step parses the file into the build's state (`build.references`)::

    database = build.references
    entry = database.get("kumar2007process")         # None for an unknown key
    entry.doi, entry.doi_url, entry.pmid, entry.pubmed_url, entry.url, entry.annotation, entry.short_label
    entry.line                                       # for 'references.bib:<line>' messages

Pure functions for tests and tools: `parse_references(text)`, `load_references(path)`, `check_reference`.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import bibtexparser
from bibtexparser import model
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from .problems import Problem

# Keys our pages may cite: the contract's lowercase letters, digits, '-' and '_'.
CITABLE_KEY = re.compile(r"[a-z0-9_-]+")
# What mkdocs-bibtex 4.4.0 reads as a key ([\w-]+): it stops at the first other character.
BIBTEX_PLUGIN_KEY = re.compile(r"[\w-]+")
DOI = re.compile(r"10\.\d{4,9}/\S+")
PMID = re.compile(r"[1-9]\d{0,8}")
URL = re.compile(r"https?://\S+")
AUTHOR_FIELDS = ("author", "organization", "institution")
LINK_FIELDS = ("doi", "pmid", "url")
PERSON_FIELDS = ("author", "editor")
# Month names are the only macros pybtex defines itself; any other bare word is an undefined macro.
PREDEFINED_MACROS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
BARE_MACRO = re.compile(r"[A-Za-z][\w:.+/-]*")
FIELD_START = re.compile(r"\s*[A-Za-z][\w-]*\s*=")
# A Markdown link to a plain-HTTP address: shown as text, since readers are only sent to https pages.
PLAIN_HTTP_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>http://[^)\s]+)\)")
# Text that LaTeX readers (pybtex, latexcodec) read as written: ASCII letters and digits, single
# spaces between words, and marks that open no command, group, comment, space or ligature ('-', ','
# and "'" never doubled: '--', ',,' and "''" are ligatures). Most names, years, volumes and journals
# are such text; skipping the LaTeX reader for them is most of a cold build's decoding time.
# tests/test_plain_latex.py holds this to both libraries.
_PLAIN_CHARACTER = r"(?:[A-Za-z0-9.:;()/+=*@\[\]!?]|[-,'](?![-,']))"
PLAIN_LATEX = re.compile(rf"{_PLAIN_CHARACTER}+(?: {_PLAIN_CHARACTER}+)*")


# --- Links to a record: the one place a DOI or PMID becomes an address ---------------------------


def doi_url(doi: str) -> str:
    """https://doi.org/<doi>, the DOI percent-encoded where a URL needs it."""
    return f"https://doi.org/{quote(doi, safe='/:;()[]._-')}"


def pubmed_url(pmid: str) -> str:
    """https://pubmed.ncbi.nlm.nih.gov/<pmid>/"""
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


# --- Data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """One entry of references.bib. Field names are lowercase; values are the raw (LaTeX) text."""

    key: str
    entry_type: str
    line: int
    fields: Mapping[str, str]
    field_lines: Mapping[str, int]
    text: str = ""  # the entry as written in the file (the reference cache's key)

    def value(self, name: str) -> str | None:
        text = self.fields.get(name, "").strip()
        return text or None

    @property
    def doi(self) -> str | None:
        return self.value("doi")

    @property
    def pmid(self) -> str | None:
        return self.value("pmid")

    @property
    def url(self) -> str | None:
        return self.value("url")

    @property
    def doi_url(self) -> str | None:
        return doi_url(self.doi) if self.doi else None

    @property
    def pubmed_url(self) -> str | None:
        return pubmed_url(self.pmid) if self.pmid else None

    @functools.cached_property
    def annotation(self) -> str | None:
        """The one-line `annotation` (study design and size, e.g. 'RCT, n = 100') as plain text."""
        text = self.value("annotation")
        return plain_text(text) if text else None

    @property
    def title(self) -> str | None:
        text = self.value("title")
        return plain_text(text) if text else None

    @functools.cached_property
    def short_label(self) -> str:
        """A short name for readers: 'Kumar et al. 2007', 'North and Kidd 2005', '<organisation> 2016'."""
        surnames = []
        for name in split_name_list(" ".join((self.value("author") or self.value("editor") or "").split())):
            try:
                surnames.append(latex_to_text(" ".join(Person(name).last_names)))
            except PybtexError:
                surnames.append(plain_text(name))
        if not surnames:
            who = latex_to_text(self.value("organization") or self.value("institution") or "") or self.key
        elif len(surnames) == 1:
            who = surnames[0]
        elif len(surnames) == 2 and surnames[1] != "others":
            who = f"{surnames[0]} and {surnames[1]}"
        else:
            who = f"{surnames[0]} et al."
        return f"{who} {self.value('year') or ''}".strip()


@dataclass
class ReferenceDatabase:
    """Every entry of one references.bib, and what is wrong with the file.

    `formatted` and `unformattable` are filled once mkdocs-bibtex is configured (pipeline step
    `format_references`): each key's Markdown text in the site's style, or why it cannot be formatted.
    """

    display_path: str = "references.bib"
    entries: dict[str, Reference] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    formatted: dict[str, str] = field(default_factory=dict)
    unformattable: dict[str, str] = field(default_factory=dict)
    # The file's @string and @preamble blocks as written: every entry's text may depend on them.
    shared_text: str = ""

    def get(self, key: str) -> Reference | None:
        return self.entries.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def key_ignoring_case(self, key: str) -> str | None:
        """The key that equals `key` but for letter case, if there is one."""
        folded = key.casefold()
        return next((existing for existing in self.entries if existing.casefold() == folded), None)

    def closest_key(self, key: str) -> str | None:
        """The most similar existing key (difflib), for 'did you mean' hints."""
        matches = difflib.get_close_matches(key, list(self.entries), n=1, cutoff=0.6)
        return matches[0] if matches else None

    def location(self, line: int) -> str:
        return f"{self.display_path}:{line}"

    @property
    def fatal_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.fatal]


def leave_out_unreadable(database: ReferenceDatabase) -> list[str]:
    """Drop each entry holding a line of a fatal problem (pybtex would stop on it); the keys dropped.

    A block bibtexparser could not read at all is no entry already; what is left reads in pybtex.
    """
    lines = {problem.line for problem in database.fatal_problems}
    dropped = [
        key
        for key, entry in database.entries.items()
        if any(entry.line <= line <= entry.line + entry.text.count("\n") for line in lines)
    ]
    for key in dropped:
        del database.entries[key]
    return dropped


# --- Parsing -----------------------------------------------------------------------------------


def load_references(path: Path, display_path: str = "references.bib") -> ReferenceDatabase:
    """Parse a references.bib file (see parse_references); a missing file is one fatal problem."""
    if not path.exists():
        database = ReferenceDatabase(display_path=display_path)
        database.problems.append(
            Problem.at_line(1, f"file not found at {path} — create it or fix 'bib_file' in mkdocs.yml", fatal=True)
        )
        return database
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text reads it
    return parse_references(text, display_path)


def parse_references(text: str, display_path: str = "references.bib") -> ReferenceDatabase:
    """Parse BibTeX text into entries (by key) and problems, each with its 1-based line number."""
    database = ReferenceDatabase(display_path=display_path)
    with _quiet_bibtexparser():
        library = bibtexparser.parse_string(text)

    for block in library.blocks:
        if isinstance(block, model.Entry):
            _add_entry(database, block)
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            first = database.entries.get(block.key)
            first_line = first.line if first else _line(block.previous_block)
            database.problems.append(
                Problem.at_line(
                    _line(block),
                    f"duplicate key '{block.key}' (first defined at line {first_line}) — rename or remove one of the two entries",
                    fatal=True,
                )
            )
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            names = ", ".join(f"'{name}'" for name in sorted(_duplicate_field_names(entry)))
            database.problems.append(
                Problem.at_line(
                    _line(block),
                    f"entry '{entry.key}' has the field {names} more than once — keep one of them",
                    fatal=True,
                )
            )
            _add_entry(database, entry)
        elif isinstance(block, model.ParsingFailedBlock):
            database.problems.append(_malformed_block_problem(block, text))
        elif isinstance(block, (model.String, model.Preamble)):
            database.shared_text += (block.raw or "") + "\n"
        elif isinstance(block, model.ImplicitComment):
            problem = _stray_text_problem(block)
            if problem:
                database.problems.append(problem)

    _check_keys_differing_in_case(database)
    for reference in database.entries.values():
        database.problems.extend(check_reference(reference))
    database.problems.sort(key=lambda problem: problem.line)
    return database


@contextlib.contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs its own parse errors (outside MkDocs' logger); we report them ourselves."""
    logger = logging.getLogger("bibtexparser")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous)


def _line(block: model.Block) -> int:
    return (block.start_line or 0) + 1


def _add_entry(database: ReferenceDatabase, entry: model.Entry) -> None:
    enclosings = entry.parser_metadata.get("removed_enclosing", {}) or {}
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    for bib_field in entry.fields:
        name = bib_field.key.lower()
        fields[name] = str(bib_field.value)
        field_lines[name] = (bib_field.start_line or entry.start_line or 0) + 1
        if enclosings.get(bib_field.key) == "no-enclosing":
            problem = _bare_value_problem(entry.key, name, str(bib_field.value), field_lines[name])
            if problem:
                database.problems.append(problem)
    if not entry.key.strip():
        database.problems.append(
            Problem.at_line(
                _line(entry),
                f"'@{entry.entry_type}' entry has no key — add a key after '@{entry.entry_type}{{'",
                fatal=True,
            )
        )
        return
    database.entries[entry.key] = Reference(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        line=_line(entry),
        fields=fields,
        field_lines=field_lines,
        text=entry.raw or "",
    )


def _duplicate_field_names(entry: model.Entry) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for bib_field in entry.fields:
        name = bib_field.key.lower()
        (repeated if name in seen else seen).add(name)
    return repeated


def _bare_value_problem(key: str, name: str, value: str, line: int) -> Problem | None:
    """A value without braces or quotes must be a number, a month macro or a concatenation."""
    value = value.strip()
    if value.isdigit() or value.lower() in PREDEFINED_MACROS or "#" in value:
        return None
    if BARE_MACRO.fullmatch(value):
        return Problem.at_line(
            line,
            f"entry '{key}': the value of '{name}' is the undefined macro '{value}' — enclose it in braces: {name} = {{{value}}}",
            fatal=True,
        )
    first_line = value.splitlines()[0].strip() if value else ""
    if len(first_line) > 50:
        first_line = first_line[:50]
    return Problem.at_line(
        line,
        f"entry '{key}': the value of '{name}' does not end where it should (it reads '{first_line} …') — "
        "add the missing ',' after the value, or balance its braces",
        fatal=True,
    )


def _malformed_block_problem(block: model.ParsingFailedBlock, text: str) -> Problem:
    raw = block.raw or ""
    header = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s=]*)", raw)
    what = (
        f"entry '{header.group(2)}'"
        if header and header.group(2)
        else (f"'@{header.group(1)}' block" if header else "block")
    )
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    reason = " ".join(reason.split()).replace("`", "'")
    end_index = getattr(block.error, "end_index", None)
    stopped = f"line {text.count(chr(10), 0, end_index) + 1}" if end_index is not None else "the end of the file"
    unclosed = _unclosed_brace_line(raw)
    if unclosed is not None:
        return Problem.at_line(
            _line(block) + unclosed,
            f"{what}: a '{{' on this line is not closed before the next field (reading stopped at {stopped}) — "
            "close it with '}'",
            fatal=True,
        )
    return Problem.at_line(
        _line(block),
        f"{what} is malformed: {reason} (reading stopped at {stopped}) — "
        "close every '{' with '}', separate fields with ',', and end the entry with '}'",
        fatal=True,
    )


def _unclosed_brace_line(raw: str) -> int | None:
    """Offset of the field line that opens more braces than it closes while the next line starts a new field."""
    lines = raw.splitlines()
    for offset, line in enumerate(lines[:-1]):
        unescaped = re.sub(r"\\[{}]", "", line)
        if (
            unescaped.count("{") > unescaped.count("}")
            and FIELD_START.match(line)
            and (FIELD_START.match(lines[offset + 1]) or lines[offset + 1].lstrip().startswith("@"))
        ):
            return offset
    return None


def _stray_text_problem(block: model.ImplicitComment) -> Problem | None:
    """Text between entries is ignored by BibTeX; if it looks like an entry, its '@' is missing."""
    for offset, line in enumerate(block.comment.splitlines()):
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        if any(mark in stripped for mark in "{}="):
            snippet = stripped if len(stripped) <= 40 else stripped[:40] + "…"
            return Problem.at_line(
                _line(block) + offset,
                f"text outside any entry ('{snippet}') is ignored by BibTeX — "
                "if it is an entry, add the '@' before its type (e.g. '@article{'); otherwise start the line with '%'",
            )
    return None


def _check_keys_differing_in_case(database: ReferenceDatabase) -> None:
    first_by_folded: dict[str, Reference] = {}
    for reference in database.entries.values():
        folded = reference.key.casefold()
        first = first_by_folded.setdefault(folded, reference)
        if first is not reference:
            database.problems.append(
                Problem.at_line(
                    reference.line,
                    f"key '{reference.key}' differs only in case from '{first.key}' (line {first.line}); "
                    "BibTeX keys ignore case, so this is a duplicate — rename or remove one of the two entries",
                    fatal=True,
                )
            )


# --- Entry checks ------------------------------------------------------------------------------


def check_reference(reference: Reference) -> list[Problem]:
    """What is missing or malformed in one entry (required fields, DOI/PMID/URL, key, names)."""
    problems = [*_check_key(reference), *_check_names(reference)]
    label = f"entry '{reference.key}'"

    missing = missing_required_fields(reference)
    if missing:
        problems.append(
            Problem.at_line(
                reference.line, f"{label} is missing {'; '.join(missing)} — add the missing field(s) to the entry"
            )
        )

    doi, pmid, url = reference.doi, reference.pmid, reference.url
    if doi and not DOI.fullmatch(doi):
        bare = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
        fix = (
            f"write the bare DOI: doi = {{{bare}}}"
            if bare != doi and DOI.fullmatch(bare)
            else "a DOI looks like '10.1234/abc.567'"
        )
        problems.append(
            Problem.at_line(reference.field_lines["doi"], f"{label}: doi '{doi}' is not a well-formed DOI — {fix}")
        )
    if pmid and not PMID.fullmatch(pmid):
        problems.append(
            Problem.at_line(
                reference.field_lines["pmid"],
                f"{label}: pmid '{pmid}' is not a well-formed PubMed ID — a PMID is only digits, e.g. pmid = {{28435318}}",
            )
        )
    if url and not URL.fullmatch(url):
        problems.append(
            Problem.at_line(
                reference.field_lines["url"],
                f"{label}: url '{url}' is not a web address — write the full address, starting with https://",
            )
        )
    return problems


def missing_required_fields(reference: Reference) -> list[str]:
    """The required fields an entry lacks, as an editor would name them."""
    missing = []
    if not any(reference.value(name) for name in AUTHOR_FIELDS):
        missing.append("author (or organization, for a guideline)")
    missing.extend(
        name for name in ("title", "year") if not reference.value(name) and not _may_be_undated(reference, name)
    )
    if not any(reference.value(name) for name in LINK_FIELDS):
        missing.append("doi, pmid or url (at least one, so readers can find the source)")
    return missing


def _may_be_undated(reference: Reference, name: str) -> bool:
    """A web page (@misc with a url) often shows no date: its reference then has no year, never a guessed one."""
    return name == "year" and reference.entry_type == "misc" and reference.value("url") is not None


def _check_key(reference: Reference) -> list[Problem]:
    key = reference.key
    if CITABLE_KEY.fullmatch(key):
        return []
    suggestion = re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-") or "smith2020topic"
    readable = BIBTEX_PLUGIN_KEY.match(key)
    if not BIBTEX_PLUGIN_KEY.fullmatch(key):
        cut = f"it would look up '{readable.group(0)}'" if readable else "it finds no key at all"
        why = f"mkdocs-bibtex reads keys only up to the first character that is not a letter, digit, '-' or '_' ({cut})"
        return [
            Problem.at_line(
                reference.line,
                f"key '{key}' cannot be cited: {why} — rename it to '{suggestion}' here and where it is cited",
            )
        ]
    return [
        Problem.at_line(
            reference.line,
            f"key '{key}' is not lowercase letters, digits, '-' and '_' — rename it to '{suggestion}' here and where it is cited",
        )
    ]


def _check_names(reference: Reference) -> list[Problem]:
    """pybtex stops the build on a name with too many commas; find it first."""
    problems = []
    for name_field in PERSON_FIELDS:
        value = reference.value(name_field)
        if not value:
            continue
        if value.count(",") < 3:
            continue  # pybtex splits a name at its commas and rejects more than three parts
        for name in split_name_list(" ".join(value.split())):
            if name.count(",") < 3:
                continue
            try:
                Person(name)
            except PybtexError:
                problems.append(
                    Problem.at_line(
                        reference.field_lines[name_field],
                        f"entry '{reference.key}': {name_field} name '{name}' has too many commas — "
                        "write each person as 'Last, First' and separate people with ' and '",
                        fatal=True,
                    )
                )
    return problems


# --- Rendering helpers -------------------------------------------------------------------------


def latex_to_text(latex: str) -> str:
    """BibTeX text as plain text, accents decoded: '{\\"U}ber' -> 'Über' (pybtex's own reader).

    The backend is given directly: Text.render_as("text") looks it up through package entry points
    on every call, which costs milliseconds each (seconds at 2,000 references).
    """
    if not latex:
        return ""
    if PLAIN_LATEX.fullmatch(latex):
        return latex
    return Text.from_latex(latex).render(PlainTextBackend()).strip()


def plain_text(latex: str) -> str:
    """Field text for display (annotation, title fallback): accents decoded, a bare '%' kept as text."""
    text = latex_to_text(re.sub(r"(?<!\\)%", r"\\%", latex))
    return " ".join(text.replace("\xa0", " ").split())


def reference_markdown(formatted: str, reference: Reference) -> str:
    """An entry's formatted text (reference_style) plus its links: DOI and PubMed.

    A record address that is plain HTTP stays visible as text but is not a link: every link this site
    gives readers is https (tests/test_gate_links.py).
    """
    text = formatted.rstrip()
    text = PLAIN_HTTP_LINK.sub(
        lambda match: f"{match.group('url')} (not linked: the record is served over plain HTTP)", text
    )
    links = []
    if reference.doi_url and "doi.org/" not in text:
        links.append(f"[doi:{reference.doi}]({reference.doi_url})")
    if reference.pubmed_url and "pubmed.ncbi.nlm.nih.gov/" not in text:
        links.append(f"[PubMed {reference.pmid}]({reference.pubmed_url})")
    if not links:
        return text
    return f"{text} {'. '.join(links)}."
