"""What a claim block's form lets through: citations where they are not rendered, topics off the list.

Why this exists: a claim's option lines (`topic:`, `claimed-by:` ...) are plain text, so a citation
there is published as '[@key]' while claims.json lists it; a claim whose only citation is in backticks
is published with no citation at all; and the register and the evidence map group claims by topic,
so a topic misspelt once (`Opiods`) silently becomes a second topic. This step reads each page's claim
blocks (claims_form.find_claim_blocks, the same reading the claims steps use) and reports each case at
its line. Topics come from the controlled list `claim_topics.yml` beside mkdocs.yml (content, like
references.bib: a site without the file has no topic list to check against).
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from .claims_form import find_claim_blocks
from .content_safety import mask_code
from .problems import Problem, report, yaml_error_line

TOPICS_FILE = "claim_topics.yml"
CITATION = re.compile(r"\[@[^\]]*\]")


# --- Steps -------------------------------------------------------------------------------------


def read_topics(config: MkDocsConfig) -> tuple[str, ...] | None:
    """The controlled list of claim topics (claim_topics.yml beside mkdocs.yml); None without the file."""
    path = Path(os.path.dirname(config.config_file_path), TOPICS_FILE)
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        line = yaml_error_line(error)
        raise PluginError(
            f"{TOPICS_FILE}:{line}: not valid YAML ({error}) — write one '  - \"Topic\"' line per topic"
        ) from None
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
        raise PluginError(
            f"{TOPICS_FILE}:1: no list of topics — write 'topics:' and one '  - \"Topic\"' line per topic"
        )
    return tuple(topics)


def check_claim_forms(
    markdown: str, page: Page, location: str, topics: tuple[str, ...] | None, first_line: int
) -> None:
    """Report each citation in an option line, each claim cited only in code, each unlisted topic."""
    if "/// claim" not in markdown:
        return
    blocks, _ = find_claim_blocks(markdown, first_line=first_line)  # the form's own problems: claims steps
    for block in blocks:
        for name, (value, line) in block.options.items():
            for citation in CITATION.findall(value):
                report(
                    Problem(
                        line,
                        f"citation '{citation}' in the claim's '{name}:' line is published as text"
                        " (option lines are not rendered)",
                        "cite the source in the claim text below the options",
                        file=location,
                    )
                )
        if CITATION.search(block.text) and not CITATION.search(mask_code(block.text)):
            report(
                Problem(
                    block.text_line,
                    f"{block.name} cites no source: its only citation is in code (backticks), which shows it as text",
                    "remove the backticks around the citation",
                    file=location,
                )
            )
        topic = block.options.get("topic")
        if topics is not None and topic is not None:
            value, line = topic
            if " ".join(value.split()) not in topics:
                closest = difflib.get_close_matches(value, topics, n=1, cutoff=0.6)
                hint = f" (closest: '{closest[0]}')" if closest else ""
                report(
                    Problem(
                        line,
                        f"unknown topic '{value}'{hint}",
                        f"use a topic listed in {TOPICS_FILE}, or add"
                        " the new topic there on purpose (the register and the evidence map group claims by topic)",
                        file=location,
                    )
                )
