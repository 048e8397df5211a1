"""schema.org `MedicalWebPage` data on every page, as a JSON-LD block in its <head>.

Why: search engines and health information directories read a page's structured data to know what
it is about, who it is for and when it was last reviewed; without it they guess from the text. Each
page says: its name and description (front matter `title` and `description`; a page without one
gets the site's description), `lastReviewed` (front matter `reviewed`), its audience (front matter
`audience`: patients and clinicians as schema.org audiences), what it is `about` (the condition, by
all its names), its language, its canonical address (`url`, when site_url is set) and the site it is
part of. The condition and the audiences are data, in structured_data.yml.

This is the one <script> element the site writes into its pages: `type="application/ld+json"` is a
data block that browsers never run (HTML's "data block" rule), and its text is JSON with `<`, `>`
and `&` escaped, so nothing in a title can close the element. A page's own Markdown may not carry
one (content_safety.py rejects every <script> there): structured data comes only from here.
structured_data.schema.json describes exactly what this module writes; the tests validate every
built page against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .page_chrome import as_date
from .state import Build

DATA_PATH = Path(__file__).with_name("structured_data.yml")
SCHEMA_PATH = Path(__file__).with_name("structured_data.schema.json")
SCRIPT_TYPE = "application/ld+json"
HEAD_END = "</head>"


# --- Steps ---------------------------------------------------------------------------------------


def add_structured_data(build: Build, output: str, page: Page) -> str:
    """The finished page with its MedicalWebPage JSON-LD at the end of <head>."""
    data = medical_web_page(build.config, page, build.data("structured_data", site_data))
    return insert_in_head(output, json_ld_script(data))


# --- The data ------------------------------------------------------------------------------------


def medical_web_page(config: MkDocsConfig, page: Page, site: dict[str, Any]) -> dict[str, Any]:
    """The page as a schema.org MedicalWebPage (a dict in JSON-LD's shape, keys in a fixed order)."""
    meta = page.meta or {}
    description = meta.get("description") or config.site_description or config.site_name
    audiences = [site["audiences"][name] for name in meta.get("audience") or [] if name in site["audiences"]]
    condition = site["condition"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": str(meta.get("title") or page.title or config.site_name),
        "description": " ".join(str(description).split()),
        "inLanguage": config.theme.get("language") or "en",
    }
    reviewed = as_date(meta.get("reviewed"))
    if reviewed:
        data["lastReviewed"] = reviewed.isoformat()
    data["audience"] = audiences or list(site["audiences"].values())
    data["about"] = {
        "@type": "MedicalCondition",
        "name": condition["name"],
        "alternateName": list(condition["alternate_names"]),
    }
    if page.canonical_url:
        data["url"] = page.canonical_url
    website: dict[str, Any] = {"@type": "WebSite", "name": config.site_name}
    if config.site_url:
        website["url"] = config.site_url
    data["isPartOf"] = website
    return data


def site_data(path: Path = DATA_PATH) -> dict[str, Any]:
    """The condition and the audiences (structured_data.yml)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- Rendering -----------------------------------------------------------------------------------


def json_ld_script(data: dict[str, Any]) -> str:
    """The data as a JSON-LD block; `<`, `>` and `&` escaped so no text can end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="{SCRIPT_TYPE}">{text}</script>'


def insert_in_head(output: str, snippet: str) -> str:
    """The page with snippet just before </head> (unchanged when it has no head)."""
    position = output.find(HEAD_END)
    if position < 0:
        return output
    return output[:position] + snippet + "\n" + output[position:]
