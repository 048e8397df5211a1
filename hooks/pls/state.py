"""The state of one build: everything the steps learn and hand on, in one object.

Why this exists: MkDocs keeps hook modules loaded between builds (`mkdocs serve` rebuilds in the
same process), so state kept in a module leaks from one build into the next. The pipeline's first
step makes a new `Build` and keeps it on the build's own config (`Build.of(config)` finds it); every
step gets it as its first argument. No module of this package keeps anything between calls
(tests/test_pipeline.py inspects them).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .citations import CitationIndex
from .html_checks import HtmlChecks
from .option_grid import OptionGridState
from .reference_cache import ReferenceCache
from .reference_html import HtmlMemo
from .references import ReferenceDatabase
from .unindexed import Unindexed
from .urgent_help import UrgentHelpState

if TYPE_CHECKING:
    from .changes import Commit
    from .claims import ClaimsState
    from .front_matter import FrontMatter
    from .quotations import SourceText

CONFIG_KEY = "pls_build"
TODAY_VARIABLE = "PLS_TODAY"


def today_from(environ: dict[str, str] | os._Environ) -> datetime.date:
    """The build's "today": PLS_TODAY (an ISO date, e.g. 2026-12-01) when set, else the real date."""
    written = environ.get(TODAY_VARIABLE, "").strip()
    if not written:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(written)
    except ValueError:
        raise PluginError(
            f"{TODAY_VARIABLE}={written!r} is not a date — write it as YYYY-MM-DD, e.g. {TODAY_VARIABLE}=2026-12-01"
        ) from None


@dataclass
class Build:
    """One build's state. Each field says which step fills it."""

    config: MkDocsConfig
    today: datetime.date
    # check_shared_sources (on_config): references.bib's name when a readable copy is read instead.
    bib_read_from_copy: str | None = None
    # read_references (on_config, before mkdocs-bibtex reads the file); formatted by format_references.
    references: ReferenceDatabase = field(default_factory=ReferenceDatabase)
    # check_citations (on_page_markdown): which page cites which key.
    citations: CitationIndex = field(default_factory=CitationIndex)
    # check_citations, when references.bib has no entries: 'docs/page.md:line 'key'' of each citation.
    citations_without_entries: list[str] = field(default_factory=list)
    # Parts of pages kept out of the search index until the page is written (unindexed.py).
    unindexed: Unindexed = field(default_factory=Unindexed)
    # read_front_matter (on_files): every page's front matter, parsed once, by src_uri.
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)
    front_matter_schema: dict[str, Any] = field(default_factory=dict)
    front_matter_validator: Any = None
    # mark_drafts (on_files): src_uri of every draft page.
    drafts: set[str] = field(default_factory=set)
    # start_claims (on_config): what the claims steps learn.
    claims: ClaimsState | None = None
    # read_page_history (on_config): every commit that touched docs/ (newest first), the last commit
    # date of each docs/ file, and the repository URL.
    history: list[Commit] = field(default_factory=list)
    last_updated: dict[str, datetime.date] = field(default_factory=dict)
    repository_url: str | None = None
    chrome_text: dict[str, Any] = field(default_factory=dict)
    # add_urgent_help (on_page_markdown): the block's data file, read once, and the pages showing it.
    urgent_help: UrgentHelpState = field(default_factory=UrgentHelpState)
    # read_topics (on_config): the controlled list of claim topics, None on a site without one.
    claim_topics: tuple[str, ...] | None = None
    # check_page_html (on_page_content) and note_ids (on_post_page): ids, links to anchors, what was said.
    html_checks: HtmlChecks = field(default_factory=HtmlChecks)
    # read_option_grid (on_page_markdown): claims' grid figures and pages' grids; written by write_option_grids.
    option_grids: OptionGridState = field(default_factory=OptionGridState)
    # Each entry's text as HTML, made once per build (reference_html.entry_html).
    entry_html: HtmlMemo = field(default_factory=HtmlMemo)
    # read_sources (on_config): the archived source documents pages quote, by id (quotations_checks).
    sources: dict[str, SourceText] = field(default_factory=dict)
    # read_search_words (on_files): the words readers search for, by page (search_text.py).
    search_words: Any = None
    # check_readability (on_page_markdown): the reading grades kept between builds, opened on first use.
    reading_grades: ReferenceCache | None = None
    # Data files the page steps read (structured_data.yml, page_record.yml), once per build (`data`).
    data_files: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, config: MkDocsConfig) -> Build:
        """A new build's state, kept on its config."""
        build = cls(config=config, today=today_from(os.environ))
        config[CONFIG_KEY] = build
        return build

    def data(self, name: str, load: Callable[[], Any]) -> Any:
        """What `load()` returns, read on the first call with `name` in this build and kept for the rest."""
        if name not in self.data_files:
            self.data_files[name] = load()
        return self.data_files[name]

    @classmethod
    def of(cls, config: MkDocsConfig) -> Build:
        """The state of the build `config` belongs to."""
        build = config.get(CONFIG_KEY)
        if build is None:
            raise PluginError("hooks/pipeline.py: the first on_config step did not run before this one")
        return build
