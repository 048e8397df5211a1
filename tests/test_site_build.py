"""The real site builds strictly, and every nav page is well-formed HTML that loads nothing remote."""

from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import nav_pages, page_url


def test_strict_build_of_the_real_site_is_clean(built_site):
    assert built_site.ok
    assert "WARNING" not in built_site.log, built_site.log


@pytest.mark.parametrize("markdown_path", nav_pages())
def test_nav_page_is_built_with_title_heading_and_description(built_site, markdown_path):
    html = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    assert html.title and html.title.get_text(strip=True), f"{markdown_path}: no <title>"
    heading = html.select_one("article h1")
    assert heading and heading.get_text(strip=True), f"{markdown_path}: no <h1> in the article"
    description = html.find("meta", attrs={"name": "description"})
    assert description and description.get("content", "").strip(), f"{markdown_path}: no meta description"


@pytest.mark.parametrize("markdown_path", nav_pages())
def test_nav_page_references_no_other_host(built_site, markdown_path):
    html = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    remote = []
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        for element in html.find_all(tag):
            value = element.get(attribute) or ""
            if (
                tag == "link"
                and "stylesheet" not in (element.get("rel") or [])
                and "preconnect" not in (element.get("rel") or [])
            ):
                continue
            if urlparse(value).netloc:
                remote.append(f"<{tag} {attribute}={value}>")
    assert not remote, f"{markdown_path} loads from other hosts: {remote}"


def test_no_analytics_or_remote_fonts_configured(built_site):
    home = built_site.page("")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home
    assert "googletagmanager" not in home and "google-analytics" not in home
