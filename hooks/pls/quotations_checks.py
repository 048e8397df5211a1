"""Check every quotation of an archived source document, on every page, before anything rewrites it.

Why this exists: the site's appraisals quote the documents they appraise (sources/), and a quotation
that is not what the document says misleads the reader about the very thing being appraised.
`read_sources` loads the archive once per build (sources/sources.yml, each file checked against its
recorded SHA-256); `check_quotations` reports each quotation that is not verbatim as
`docs/<page>.md:<line>: what — fix`, with the closest passage of the source; `strip_markers`
removes the `{quote <id>}` markers before the page is rendered. The rules are in quotations.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from mkdocs.structure.pages import Page

from . import quotations
from .claims_form import body_first_line, find_claim_blocks
from .problems import Problem, docs_path, project_path, report
from .state import Build

ARCHIVE = Path("sources", "sources.yml")


def read_sources(build: Build) -> None:
    """The archived source documents (none when the project has no sources/sources.yml)."""
    manifest = Path(build.config.config_file_path).parent / ARCHIVE
    if not manifest.is_file():
        return
    where = project_path(build.config, manifest)
    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        report(Problem(None, f"not valid YAML ({error})", "fix the file", file=where))
        return
    for number, entry in enumerate(entries if isinstance(entries, list) else [None], start=1):
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(name), str) for name in ("id", "title", "file", "sha256")
        ):
            report(
                Problem(
                    None,
                    f"entry {number} is not an id, a title, a file and a sha256 (all text)",
                    "complete it",
                    file=where,
                )
            )
            continue
        path = manifest.parent / entry["file"]
        shown = project_path(build.config, path)
        if not path.is_file():
            report(
                Problem(
                    None, f"source {entry['id']}'s file {shown} does not exist", "restore it or fix 'file'", file=where
                )
            )
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"].lower():
            report(
                Problem(
                    None,
                    f"its SHA-256 is {digest}, not the {entry['sha256']} recorded in {where}",
                    "the archived source must not change: restore it with git, or, for a new version of the "
                    "document, archive it under a new id",
                    file=shown,
                )
            )
        build.sources[entry["id"]] = quotations.SourceText(entry["id"], entry["title"], shown, data.decode("utf-8"))


def check_quotations(build: Build, markdown: str, page: Page) -> None:
    """Report every quotation of a source on the page that is not verbatim."""
    if '"' not in markdown and "\u201c" not in markdown and "{quote" not in markdown:
        return
    location = docs_path(build.config, page.file.src_uri)
    first_line = body_first_line(page.file.content_string, markdown)
    found, stray = quotations.marked_quotations(markdown, first_line=first_line)
    for line, marker in stray:
        report(
            Problem(
                line,
                f"quotation marker '{marker}' does not follow a quotation",
                'write it right after the closing quotation mark, e.g. "quoted words"{quote 000}',
                file=location,
            )
        )
    blocks, _ = find_claim_blocks(markdown, first_line=first_line)
    for block in blocks:
        claimed_by, claimed_by_line = block.options.get("claimed-by", ("", 0))
        source_id = quotations.named_source(claimed_by)
        if source_id is None:
            continue
        if source_id not in build.sources:
            report(
                Problem.at_line(
                    claimed_by_line,
                    f"'claimed-by' in {block.name} names {_unknown_source(source_id, build)}",
                    file=location,
                )
            )
            continue
        found += quotations.claim_quotations(block.text, source_id, first_line=block.text_line)
    for quotation in sorted(found, key=lambda quotation: quotation.line):
        source = build.sources.get(quotation.source_id)
        if source is None:
            quoted = " ".join(quotation.text.split())
            report(
                Problem.at_line(
                    quotation.line,
                    f'quotation "{quoted}" names {_unknown_source(quotation.source_id, build)}',
                    file=location,
                )
            )
            continue
        problem = quotations.quotation_problem(quotation.text, source)
        if problem is not None:
            report(Problem.at_line(quotation.line, problem, file=location))


def strip_markers(markdown: str) -> str:
    return quotations.strip_markers(markdown) if "{quote" in markdown else markdown


def _unknown_source(source_id: str, build: Build) -> str:
    known = ", ".join(sorted(build.sources)) or "none"
    return (
        f"source '{source_id}', which is not archived (archived in {ARCHIVE.as_posix()}: {known}) — name an archived "
        f"source, or archive the document in sources/ with its SHA-256 in {ARCHIVE.as_posix()}"
    )
