"""A printed page is a patient leaflet: it says which site it comes from and where to find it again.

Why this exists: a patient prints a page to take to an appointment or to read at home. The theme
drops its header, navigation and footer from print, so without this the paper would not name the
site or the page's address. Each page gets a line, shown only in print (docs/assets/pls.css), at
the top of its content: "PLS Evidence Guide · <address>". The address is the page's canonical URL
when `site_url` is set (the published site); elsewhere (a local or preview build) it is the page's
path, and docs/assets/reader.js (leaflet part) puts the address the reader opened in its place.

The rest of the leaflet is the page itself, printed by rules in pls.css: the reviewed date (the status
line under the title), the Key points, the urgent-help box, the "For patients" tab whichever tab is
selected, option grids and claim boxes, none split across two sheets; no edit links or back arrows.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from .state import Build

HEADER_CLASS = "pls-leaflet-header"
ADDRESS_CLASS = "pls-leaflet-address"


# --- Hooks -------------------------------------------------------------------------------------


def add_leaflet_header(build: Build, html_text: str, page: Page) -> str:
    """The page's HTML with its print-only leaflet line first."""
    address = page.canonical_url or f"/{page.url}"
    header = leaflet_header(build.config.site_name, address)
    # The same words on every page: kept out of the search index, like the page frame.
    return build.unindexed.set_aside(page, header) + html_text


# --- Helper functions --------------------------------------------------------------------------


def leaflet_header(site_name: str, address: str) -> str:
    """'<site name> · <address>', as a paragraph that only print shows."""
    return (
        f'<p class="{HEADER_CLASS}"><strong>{html.escape(site_name)}</strong> · '
        f'<span class="{ADDRESS_CLASS}">{html.escape(address)}</span></p>\n'
    )
