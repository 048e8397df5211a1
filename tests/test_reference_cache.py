"""Formatted references are kept between builds (hooks/pls/reference_cache.py), keyed so none is ever stale."""

from __future__ import annotations

import json
from pathlib import Path

from pls import reference_cache
from sitebuilder import make_fixture_site, run_build

VERSIONS = {"pybtex": "0.26.1", "latexcodec": "3.0.1", "Markdown": "3.8", "mkdocs-bibtex": "4.4.0"}


def test_the_fingerprint_changes_with_the_code_and_every_library_version(tmp_path):
    style = tmp_path / "style.py"
    style.write_text("A = 1\n", encoding="utf-8")
    first = reference_cache.fingerprint([style], VERSIONS.get)
    assert reference_cache.fingerprint([style], VERSIONS.get) == first
    for library in VERSIONS:
        assert reference_cache.fingerprint([style], {**VERSIONS, library: "9.9"}.get) != first, library
    style.write_text("A = 2\n", encoding="utf-8")
    assert reference_cache.fingerprint([style], VERSIONS.get) != first


def test_a_cache_of_other_records_is_fingerprinted_with_its_own_libraries(tmp_path):
    code = tmp_path / "readability.py"
    code.write_text("A = 1\n", encoding="utf-8")
    versions = {"textstat": "0.7.8", "Pyphen": "0.18.1"}
    first = reference_cache.fingerprint([code], versions.get, libraries=tuple(versions))
    for library in versions:
        changed = {**versions, library: "9.9"}.get
        assert reference_cache.fingerprint([code], changed, libraries=tuple(versions)) != first, library


def test_an_entry_key_changes_with_its_text_and_the_files_macros():
    key = reference_cache.entry_key("@article{a, title={T}}")
    assert reference_cache.entry_key("@article{a, title={T}}") == key
    assert reference_cache.entry_key("@article{a, title={U}}") != key
    assert reference_cache.entry_key("@article{a, title={T}}", "@string{j = {J}}") != key


def test_records_survive_a_save_and_another_fingerprint_starts_empty(tmp_path):
    path = tmp_path / "cache" / "references.json"
    cache = reference_cache.ReferenceCache(path, "one")
    cache.put("k1", {"markdown": "M", "html": "H"})
    cache.save()
    assert reference_cache.ReferenceCache(path, "one").get("k1") == {"markdown": "M", "html": "H"}
    assert reference_cache.ReferenceCache(path, "two").get("k1") is None
    path.write_text("not json", encoding="utf-8")
    assert reference_cache.ReferenceCache(path, "one").records == {}


def test_records_of_entries_no_longer_used_are_dropped(tmp_path):
    path = tmp_path / "references.json"
    cache = reference_cache.ReferenceCache(path, "f")
    cache.put("old", {"markdown": "O", "html": None})
    cache.put("kept", {"markdown": "K", "html": None})
    cache.save()
    second = reference_cache.ReferenceCache(path, "f")
    second.get("kept")
    second.save()
    assert set(json.loads(path.read_text(encoding="utf-8"))["records"]) == {"kept"}


def test_the_cache_folder_is_beside_mkdocs_yml_unless_pls_cache_dir_says_otherwise(tmp_path):
    assert reference_cache.cache_folder(tmp_path, {}) == tmp_path / ".cache" / "pls"
    assert reference_cache.cache_folder(tmp_path, {"PLS_CACHE_DIR": "/ci/cache"}) == Path("/ci/cache")


def test_a_second_build_takes_the_text_from_the_cache_and_an_edited_entry_is_formatted_again(tmp_path):
    project = make_fixture_site(tmp_path, "bibtex_adapter")
    first = run_build(project, tmp_path / "site")
    assert first.ok, first.log
    cache_file = project / ".cache" / "pls" / "references.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    assert len(data["records"]) == 5

    # Prove the second build reads the cache: a record changed by hand is what the page shows.
    for record in data["records"].values():
        if record["markdown"].startswith("García JB"):
            record["html"] = "Served from the cache."
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    second = run_build(project, tmp_path / "site")
    assert second.ok, second.log
    assert "Served from the cache." in second.page("")

    bib = project / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("Fixture Journal of Pain", "Edited Journal"), encoding="utf-8"
    )
    third = run_build(project, tmp_path / "site")
    assert third.ok, third.log
    home = third.page("")
    assert "Served from the cache." not in home and "Edited Journal. 2016;18(2):101-9." in home


def test_the_bibliography_downloads_come_from_the_cache_and_an_edited_entry_is_written_again(tmp_path):
    project = make_fixture_site(tmp_path, "bibtex_adapter")
    first = run_build(project, tmp_path / "site")
    assert first.ok, first.log
    downloads = tmp_path / "site" / "downloads"
    cold_bib = (downloads / "references.bib").read_text(encoding="utf-8")
    cold_ris = (downloads / "references.ris").read_text(encoding="utf-8")
    cache_file = project / ".cache" / "pls" / "downloads.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    assert len(data["records"]) == 5
    assert all(set(record) == {"bibtex", "ris"} for record in data["records"].values())

    # Warm: the same bytes as the cold build.
    second = run_build(project, tmp_path / "site")
    assert second.ok, second.log
    assert (downloads / "references.bib").read_text(encoding="utf-8") == cold_bib
    assert (downloads / "references.ris").read_text(encoding="utf-8") == cold_ris

    # Read from the cache: a record changed by hand is what the download holds.
    for record in data["records"].values():
        if "Fixture Journal of Pain" in record["ris"]:
            record["ris"] = record["ris"].replace("Fixture Journal of Pain", "Served from the cache")
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    third = run_build(project, tmp_path / "site")
    assert third.ok, third.log
    assert "Served from the cache" in (downloads / "references.ris").read_text(encoding="utf-8")

    # An edited entry is a new key: written again from the new text, in both files.
    bib = project / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("Fixture Journal of Pain", "Edited Journal"), encoding="utf-8"
    )
    fourth = run_build(project, tmp_path / "site")
    assert fourth.ok, fourth.log
    ris_text = (downloads / "references.ris").read_text(encoding="utf-8")
    assert "Served from the cache" not in ris_text and "JO  - Edited Journal" in ris_text
    assert "Edited Journal" in (downloads / "references.bib").read_text(encoding="utf-8")
