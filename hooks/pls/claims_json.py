"""claims.json: every graded claim as data, for others to reuse, following claims.schema.json.

Both files are published at the site root. The output depends only on the claims and the
bibliography (no timestamps, reading order, fixed key order), so rebuilding the same sources gives a
byte-identical file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from .claims_model import Claim
from .claims_references import ReferenceIdentifiers

SCHEMA_FILE = Path(__file__).resolve().parent / "claims.schema.json"
SCHEMA_VERSION = "1.1.0"
JSON_NAME = "claims.json"
SCHEMA_NAME = "claims.schema.json"


def claims_document(claims: Sequence[Claim], references: Mapping[str, ReferenceIdentifiers], *, site_name: str) -> dict:
    """The claims.json content as Python data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "site_name": site_name,
        "claims": [_claim_record(claim, references) for claim in claims],
    }


def _claim_record(claim: Claim, references: Mapping[str, ReferenceIdentifiers]) -> dict:
    return {
        "id": claim.id,
        "url": f"{claim.page_url}#{claim.anchor}",
        "anchor": claim.anchor,
        "page_title": claim.page_title,
        "source": claim.source,
        "text": claim.plain_text,
        "topic": claim.topic,
        "certainty": claim.certainty,
        "verdict": claim.verdict,
        "claimed_by": claim.claimed_by_text or None,
        "conflicted": claim.conflicted,
        "evidence": claim.evidence,
        "direction": claim.direction,
        "grading": _grading_record(claim),
        "citations": [_citation_record(key, references.get(key)) for key in claim.citations],
    }


def _grading_record(claim: Claim) -> dict:
    """How the certainty was reached: the design it starts from, the population, each domain with its reason."""
    grading = claim.grading
    return {
        "design": grading.design,
        "starts_at": grading.start,
        "population": grading.population,
        "population_studied": grading.population_who or None,
        "changes": [
            {"domain": change.domain, "levels": change.levels, "reason": change.reason} for change in grading.changes
        ],
        "explanation": grading.explanation,
    }


def _citation_record(key: str, reference: ReferenceIdentifiers | None) -> dict:
    return {"key": key, "doi": reference.doi if reference else None, "pmid": reference.pmid if reference else None}


def claims_json(claims: Sequence[Claim], references: Mapping[str, ReferenceIdentifiers], *, site_name: str) -> str:
    """claims.json as text: UTF-8, two-space indent, newline at the end."""
    return json.dumps(claims_document(claims, references, site_name=site_name), ensure_ascii=False, indent=2) + "\n"


def schema_text() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")
