"""Findable and citable: sitemap, canonical links, schema.org JSON-LD, "How to cite", bibliography downloads.

The real site is built strictly with a test address (SITE_URL, as the workflow sets it from GitHub
Pages' configure-pages step) and read back with real parsers: the sitemap as XML, pages with
BeautifulSoup, each page's JSON-LD validated against hooks/pls/structured_data.schema.json, the
BibTeX files with pybtex and bibtexparser, the RIS files with a reader written here from the format.
"""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import SeparateCoAuthors
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import nav_pages, page_url
from pls import bibliography_downloads, citation_of_page, content_safety, ris, structured_data
from pls.references import latex_to_text
from sitebuilder import PROJECT_ROOT, build_env, build_fixture_site, front_matter, run_build

SITE_URL = "https://example.org/pls/"
SCHEMA = PROJECT_ROOT / "hooks" / "pls" / "structured_data.schema.json"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MONTHS = "January February March April May June July August September October November December".split()
CONDITION_NAMES = {"Failed back surgery syndrome", "Persistent spinal pain syndrome type 2", "PSPS-T2"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real site, built as the workflow publishes it (with the Pages address as SITE_URL)."""
    result = run_build(PROJECT_ROOT, tmp_path_factory.mktemp("published") / "site", env=build_env(SITE_URL=SITE_URL))
    assert result.ok, result.log
    return result


def _front(markdown_path: str) -> dict:
    text = (PROJECT_ROOT / "docs" / markdown_path).read_text(encoding="utf-8")
    block = text.split("---\n", 2)[1]
    values = {}
    for line in block.splitlines():
        key, _, value = line.partition(":")
        values[key.strip()] = value.strip().strip('"')
    return values


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _words(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _soup(result, markdown_path: str) -> BeautifulSoup:
    return BeautifulSoup(result.page(page_url(markdown_path)), "html.parser")


def read_ris(text: str) -> list[list[tuple[str, str]]]:
    """RIS records as lists of (tag, value); asserts the format's line form as it reads."""
    records, current = [], None
    for line in text.split("\r\n"):
        if not line:
            continue
        match = re.fullmatch(r"([A-Z][A-Z0-9])  - (.*)", line)
        assert match, f"not an RIS line: {line!r}"
        tag, value = match.groups()
        if tag == "TY":
            assert current is None, "TY before the previous record's ER"
            current = [(tag, value)]
        elif tag == "ER":
            assert current is not None and value == "", line
            records.append(current)
            current = None
        else:
            assert current is not None, f"{tag} outside a record"
            current.append((tag, value))
    assert current is None, "the last record has no ER line"
    assert "\n" not in text.replace("\r\n", ""), "a line ends without CR LF"
    return records


# --- Sitemap and canonical links -----------------------------------------------------------------


def test_the_sitemap_lists_every_published_page(published):
    tree = ET.parse(published.site_dir / "sitemap.xml")
    listed = [loc.text for loc in tree.getroot().iter(f"{SITEMAP}loc")]
    expected = {SITE_URL + page_url(path) for path in nav_pages()}
    assert sorted(listed) == sorted(expected)


def test_every_page_has_its_canonical_link(published):
    for path in nav_pages():
        links = _soup(published, path).find_all("link", rel="canonical")
        assert [link["href"] for link in links] == [SITE_URL + page_url(path)], path


# --- Structured data -----------------------------------------------------------------------------


def test_every_page_carries_medical_web_page_json_ld_that_matches_the_schema(published):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in nav_pages():
        blocks = _soup(published, path).find_all("script", type="application/ld+json")
        assert len(blocks) == 1, f"{path}: {len(blocks)} JSON-LD blocks"
        data = json.loads(blocks[0].string)
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{path}: {errors}"
        front = _front(path)
        assert data["name"] == front["title"], path
        assert data["description"] == front["description"], path
        assert data["lastReviewed"] == front["reviewed"], path
        assert data["url"] == SITE_URL + page_url(path), path
        audiences = {"patients": "Patient", "clinicians": "Clinician"}
        wanted = [audiences[word.strip()] for word in front["audience"].strip("[]").split(",")]
        assert [audience["audienceType"] for audience in data["audience"]] == wanted, path
        assert data["about"]["@type"] == "MedicalCondition"
        assert data["about"]["name"] == "Post-laminectomy syndrome"
        assert CONDITION_NAMES <= set(data["about"]["alternateName"]), path


def test_json_ld_cannot_be_closed_by_page_text():
    script = structured_data.json_ld_script({"name": "</script><script>alert(1)</script> & more"})
    assert script.count("</script>") == 1 and script.endswith("</script>")
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & more"}
    assert "<" not in body and "&" not in body


def test_every_inline_script_is_the_theme_s_or_our_json_ld(published):
    for path in nav_pages():
        inline = [s for s in _soup(published, path).find_all("script") if not s.get("src")]
        types = sorted(s.get("type") or "" for s in inline)
        # Material's: untyped start-up scripts and its configuration (application/json); ours: one JSON-LD.
        assert set(types) <= {"", "application/json", "application/ld+json"}, (path, types)
        assert types.count("application/ld+json") == 1, path


def test_json_ld_written_in_a_page_s_markdown_is_rejected_with_file_line_and_fix(tmp_path):
    page = front_matter("Home") + '# Home\n\nText.\n\n<script type="application/ld+json">{}</script>\n'
    result = build_fixture_site(tmp_path, pages={"index.md": page})
    assert not result.ok
    line = page.splitlines().index('<script type="application/ld+json">{}</script>') + 1
    assert (
        f'docs/index.md:{line}: structured data (<script type="application/ld+json">) — remove it: the build writes'
        " each page's structured data itself (hooks/pls/structured_data.py), from its front matter"
    ) in result.log
    findings = content_safety.find_unsafe_content('<SCRIPT TYPE="Application/LD+JSON">{}</SCRIPT>')
    assert [f.message.split(" — ")[0] for f in findings] == ['structured data (<script type="application/ld+json">)']


# --- How to cite this page -----------------------------------------------------------------------


def test_every_page_says_how_to_cite_it_with_its_review_date_and_address(published):
    for path in nav_pages():
        front = _front(path)
        url = SITE_URL + page_url(path)
        citation = _soup(published, path).select_one(".pls-page-record .pls-citation")
        assert citation is not None, path
        assert " ".join(citation.get_text().split()) == (
            f"PLS Evidence Guide editors. {front['title']}. In: PLS Evidence Guide."
            f" Last reviewed {_words(_day(front['reviewed']))}. {url}"
        ), path
        assert citation.find("a")["href"] == url


def test_each_page_s_bibtex_and_ris_downloads_cite_it(published):
    for path in nav_pages():
        front = _front(path)
        url = SITE_URL + page_url(path)
        links = _soup(published, path).select(".pls-citation-downloads a")
        assert [link.get_text() for link in links] == ["BibTeX (.bib)", "RIS (.ris)"], path
        page_dir = (published.site_dir / page_url(path)).resolve()
        bib_text = (page_dir / links[0]["href"]).resolve().read_text(encoding="utf-8")
        (entry,) = parse_string(bib_text, "bibtex").entries.values()
        assert entry.type == "misc"
        assert entry.fields["url"] == url and entry.fields["year"] == front["reviewed"][:4], path
        assert entry.fields["title"] == front["title"].replace("&", r"\&"), path
        assert str(entry.persons["author"][0]) == "{PLS Evidence Guide editors}"
        (record,) = read_ris((page_dir / links[1]["href"]).resolve().read_bytes().decode("utf-8"))
        fields = dict(record)
        assert fields["TY"] == "ELEC" and fields["TI"] == front["title"] and fields["UR"] == url, path
        assert fields["DA"] == front["reviewed"].replace("-", "/"), path
        assert links[0]["download"].endswith(".bib") and links[1]["download"].endswith(".ris")


def test_a_title_with_latex_characters_is_escaped_in_bibtex():
    citation = citation_of_page.PageCitation(
        key="k", author="Editors", site_name="Site", title="Pain & 50% less_{x}", reviewed=None, url=None
    )
    (entry,) = parse_string(citation_of_page.page_bibtex(citation), "bibtex").entries.values()
    assert entry.fields["title"] == r"Pain \& 50\% less\_{x}"
    assert "year" not in entry.fields and "url" not in entry.fields


def test_without_a_site_address_the_citation_has_none(tmp_path):
    result = build_fixture_site(tmp_path, pages={"index.md": front_matter("Home") + "# Home\n\nText.\n"})
    assert result.ok, result.log
    soup = BeautifulSoup(result.page(""), "html.parser")
    assert " ".join(soup.select_one(".pls-citation").get_text().split()) == (
        "PLS Evidence Guide editors. Home. In: PLS Evidence Guide. Last reviewed 1 November 2026."
    )
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert "url" not in data and "url" not in data["isPartOf"]
    assert soup.find("link", rel="canonical") is None


# --- The whole bibliography ----------------------------------------------------------------------


def test_the_bibliography_downloads_hold_every_entry_of_references_bib(published):
    def read(text):
        return bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])

    source = read((PROJECT_ROOT / "references.bib").read_text(encoding="utf-8"))
    keys = [entry.key for entry in source.entries]
    exported = read((published.site_dir / "downloads" / "references.bib").read_text(encoding="utf-8"))
    assert [entry.key for entry in exported.entries] == keys
    for original, copy in zip(source.entries, exported.entries, strict=True):
        assert original.entry_type == copy.entry_type
        assert sorted(original.fields_dict) == sorted(copy.fields_dict), original.key
        for name, field in original.fields_dict.items():
            values = [field.value, copy.fields_dict[name].value]
            if name in ("author", "editor"):
                assert len(values[0]) == len(values[1]), (original.key, name)
                values = [" and ".join(names) for names in values]
            # The same text for a reader (pybtex's plain-text reading; only '--' may be an en dash now).
            plain = [latex_to_text(value).replace("–", "-").replace("--", "-") for value in values]
            assert plain[0] == plain[1], (original.key, name, values)
    records = read_ris((published.site_dir / "downloads" / "references.ris").read_bytes().decode("utf-8"))
    assert [dict(record)["ID"] for record in records] == keys
    by_key = {dict(record)["ID"]: record for record in records}
    for entry in source.entries:
        record = by_key[entry.key]
        doi = entry.fields_dict.get("doi")
        assert [value for tag, value in record if tag == "DO"] == ([doi.value] if doi else []), entry.key
        authors = entry.fields_dict.get("author")
        expected_count = len(authors.value) if authors else 0
        assert len([tag for tag, _ in record if tag == "AU"]) == expected_count, entry.key


def test_the_references_page_links_both_downloads(published):
    soup = BeautifulSoup(published.page("references/"), "html.parser")
    hrefs = {link.get_text(): link["href"] for link in soup.select("article a")}
    assert hrefs["BibTeX"] == "../downloads/references.bib"
    assert hrefs["RIS"] == "../downloads/references.ris"


def test_an_entry_becomes_an_ris_record_with_names_pages_and_identifiers():
    data = parse_string(
        "@article{k, author = {Reiker{\\aa}s, Olav and van der Berg, Jan and {World Health Organization}},"
        ' title = {A {\\"U}ber title}, journal = {Pain}, year = {2006}, volume = {122}, number = {1-2},'
        " pages = {145--155}, doi = {10.1016/x}, pmid = {123}, annotation = {RCT, n = 60}}",
        "bibtex",
    )
    (record,) = read_ris(bibliography_downloads.ris_text(data))
    assert record == [
        ("TY", "JOUR"),
        ("ID", "k"),
        ("AU", "Reikerås, Olav"),
        ("AU", "van der Berg, Jan"),
        ("AU", "World Health Organization"),
        ("TI", "A Über title"),
        ("JO", "Pain"),
        ("PY", "2006"),
        ("VL", "122"),
        ("IS", "1-2"),
        ("DO", "10.1016/x"),
        ("N1", "RCT, n = 60"),
        ("SP", "145"),
        ("EP", "155"),
        ("AN", "PMID: 123"),
    ]


def test_the_ris_writer_keeps_the_format():
    record = ris.ris_record("GEN", [("TI", "Two\nlines"), ("N1", ""), ("A2", "x")])
    assert record == "TY  - GEN\r\nTI  - Two lines\r\nA2  - x\r\nER  - \r\n"
    assert ris.write_ris([record, record]) == record + "\r\n" + record
    with pytest.raises(ValueError, match="'title' is not an RIS tag"):
        ris.ris_record("GEN", [("title", "x")])
    with pytest.raises(ValueError, match="written by ris_record itself"):
        ris.ris_record("GEN", [("ER", "")])
    assert ris.ris_type("Article") == "JOUR" and ris.ris_type("unpublished") == "GEN"


def test_a_file_in_docs_where_the_build_writes_one_is_an_error(tmp_path):
    pages = {"index.md": front_matter("Home") + "# Home\n\nText.\n"}
    project_pages = {**pages, "feed.xml": "<feed/>"}
    result = build_fixture_site(tmp_path, pages=project_pages)
    assert not result.ok
    assert "docs/feed.xml: the build writes this file itself — remove it from the docs folder" in result.log
