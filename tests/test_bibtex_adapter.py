"""hooks/pls/bibtex_adapter.py is the one seam to mkdocs-bibtex: pinned to the version it was checked against."""

from __future__ import annotations

import importlib.metadata
import re
import textwrap

import pytest
from mkdocs.exceptions import PluginError

from pls import bibtex_adapter
from sitebuilder import PROJECT_ROOT, build_fixture_site, make_fixture_site, run_build_script

# --- Version pin -------------------------------------------------------------------------------


def test_the_installed_version_is_the_verified_one():
    bibtex_adapter.check_version(importlib.metadata.version)
    assert importlib.metadata.version("mkdocs-bibtex") == "4.4.0"


def test_the_pinned_version_is_the_verified_one():
    """Moving the pin in requirements.txt fails here first, before any build does."""
    pinned = re.search(r"^mkdocs-bibtex==(\S+)", (PROJECT_ROOT / "requirements.txt").read_text(), re.MULTILINE)
    assert pinned, "requirements.txt does not pin mkdocs-bibtex"
    assert pinned.group(1) == bibtex_adapter.VERIFIED_VERSION


def test_another_version_stops_the_build_and_says_what_to_check():
    with pytest.raises(PluginError) as error:
        bibtex_adapter.check_version(lambda name: "9.9.9")
    message = str(error.value)
    assert "mkdocs-bibtex 9.9.9 is installed" in message
    assert "verified against 4.4.0" in message
    assert "hooks/pls/bibtex_adapter.py" in message


def test_no_other_module_of_ours_imports_mkdocs_bibtex():
    importers = sorted(
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "hooks").rglob("*.py")
        if re.search(r"^\s*(from|import) mkdocs_bibtex\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert importers == ["hooks/pls/bibtex_adapter.py"]


# --- Real builds -------------------------------------------------------------------------------


def test_accented_names_and_titles_reach_the_page(tmp_path):
    result = build_fixture_site(tmp_path, "bibtex_adapter")
    assert result.ok, result.log
    home = result.page("")
    assert "são luís" in home.lower() and "García JB, do Nascimento Câmara S, de Moraes ÉB." in home
    assert "Solmaz İ, Örsçelik A, Yener-Karasimav Ö, Gül D." in home


DRIVER = textwrap.dedent(
    """
    # Two builds in one process, as 'mkdocs serve' rebuilds: the same plugin objects, a fresh config.
    import json, os, sys, time
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site, bib, old, new = sys.argv[1:6]
    results = []

    def build_once():
        config = load_config(config_file=project + "/mkdocs.yml", site_dir=site, strict=True)
        if not results:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        with open(site + "/index.html", encoding="utf-8") as page:
            html = page.read()
        results.append({"old": old in html, "new": new in html})

    build_once()
    build_once()
    with open(bib, encoding="utf-8") as handle:
        text = handle.read()
    with open(bib, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
    # Saved now by this process's clock: mkdocs-bibtex compares the file's time with time.time(), and
    # the file system stamps it by the machine's clock, which differs when the suite runs clock-shifted.
    now = time.time()
    os.utime(bib, (now, now))
    build_once()
    print(json.dumps(results))
    """
)


def test_editing_references_bib_between_builds_in_one_process_shows_the_edit(tmp_path):
    project = make_fixture_site(tmp_path, "bibtex_adapter")
    old, new = "clinical evaluation of persistent pain", "an edited title for the second build"
    first, unchanged, edited = run_build_script(
        DRIVER, str(project), str(tmp_path / "site"), str(project / "references.bib"), old, new, cwd=project
    )
    assert first["old"] and not first["new"]
    assert unchanged["old"] and not unchanged["new"]
    assert edited["new"] and not edited["old"]
