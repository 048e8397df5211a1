"""hooks/bibtex_cache.py changes how fast references are formatted, never what they say."""

from __future__ import annotations

import codecs
import importlib.metadata
import random
import sys
import textwrap
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
import pytest
import yaml
from mkdocs.exceptions import PluginError
from mkdocs_bibtex.citation import Citation
from mkdocs_bibtex.registry import SimpleRegistry
from pybtex.database import parse_file
from pybtex.richtext import Text

import bibtex_cache
from sitebuilder import FIXTURES, PROJECT_ROOT, build_fixture_site, make_fixture_site, run_build_script

FIXTURE_BIB = FIXTURES / "bibtex_cache" / "references.bib"
BIB_FILES = {"fixture": FIXTURE_BIB, "project": PROJECT_ROOT / "references.bib"}
# Strings where latexcodec is not the identity, and plain ones next to them.
TRICKY_LATEX = [
    r"Jo{\~a}o",
    r"S{\~a}o Lu{\'\i}s",
    r"{\"O}rs{\c{c}}elik",
    r"{\.I}lker",
    r"Orthop{\ae}dics",
    "807--818",
    "a---b",
    "a-b",
    "``quoted''",
    "it''s",
    ",,low",
    "!`Hola",
    "?`Qu\u00e9",
    "50\\% better",
    "50% comment",
    "a~b",
    "tab\there",
    "new\nline",
    "  leading",
    "double  space",
    "trailing ",
    "$x$ math",
    "#1",
    "\\&",
    "\\\\",
    "{PRP} and {FBSS}",
    "Plain title: a study (n = 60)",
    "",
    "Marie-Jos{\\'e}",
    "caf\u00e9 already unicode",
    "e12--e19",
]


def latex_strings(bib_file: Path) -> list[str]:
    """Every raw field value and name part in a .bib file, as pybtex hands them to the decoder."""
    strings = []
    for entry in parse_file(str(bib_file)).entries.values():
        strings.extend(entry.fields.values())
        for persons in entry.persons.values():
            for person in persons:
                strings.extend(person.first_names + person.middle_names + person.prelast_names)
                strings.extend(person.last_names + person.lineage_names)
    return strings


def project_hooks() -> list[str]:
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return list(config.get("hooks") or [])


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its hooks; tags such as !ENV are kept as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


# --- LaTeX decoding ----------------------------------------------------------------------------


@pytest.mark.parametrize("bib_file", BIB_FILES.values(), ids=BIB_FILES.keys())
def test_decoding_and_parsing_equal_pybtex_on_every_field_and_name(bib_file):
    strings = latex_strings(bib_file)
    if bib_file == FIXTURE_BIB:
        assert sum("\\" in text for text in strings) >= 10, "the fixture must carry LaTeX accents"
    pybtex_from_latex = bibtex_cache.PYBTEX_FROM_LATEX.__get__(None, Text)
    for text in strings:
        assert bibtex_cache.decode_latex(text) == codecs.decode(text, "ulatex"), text
        assert bibtex_cache.parse_latex(text) == pybtex_from_latex(text), text


@pytest.mark.parametrize("text", TRICKY_LATEX)
def test_decode_latex_equals_latexcodec_on_accents_ligatures_and_spaces(text):
    assert bibtex_cache.decode_latex(text) == codecs.decode(text, "ulatex")


def outcome(decode, text: str) -> tuple[str, str]:
    """What decoding ``text`` gives: the text, or the error (a lone trailing backslash raises)."""
    try:
        return ("decoded", decode(text))
    except UnicodeDecodeError as error:
        return ("error", str(error))


def test_decode_latex_equals_latexcodec_on_random_strings():
    alphabet = "ab \t\n-'`!?,.~%#$\\{}&:éÖ"
    generator = random.Random(20261121)
    errors = 0
    for _ in range(20000):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 10)))
        expected = outcome(lambda latex: codecs.decode(latex, "ulatex"), text)
        assert outcome(bibtex_cache.decode_latex, text) == expected, repr(text)
        errors += expected[0] == "error"
    assert 0 < errors < 20000


LATEX_UNITS = [
    r"{\~a}",
    r"{\"O}",
    r"{\v{r}}",
    r"{\'\i}",
    r"{\ae}",
    r"{\o}",
    r"{\O}",
    r"{\c{c}}",
    r"{\c c}",
    r"{\"{O}}",
    r"{\i}",
    r"{\%}",
    r"{\&}",
    r"{\ }",
    r"{\o }",
    r"{\relax}",
    r"{\'E}",
    r"{\ss}",
    r"{\emph{x}}",
    r"{\-}",
    r"{\~{}}",
    r"{\v{}}",
    "--",
    "---",
    "-",
]
TEXT_AROUND_COMMANDS = [
    "",
    "a",
    "Jo",
    "ford",
    " ",
    "  ",
    "-",
    "--",
    "'",
    "''",
    "``",
    " b",
    "c ",
    "{X}",
    "é",
    "\\o",
    "%",
    "~",
    "12",
    "e3",
]


def test_decode_latex_equals_latexcodec_on_text_around_accents_and_dashes():
    generator = random.Random(20261122)
    split = 0
    for _ in range(20000):
        parts = [generator.choice(TEXT_AROUND_COMMANDS)]
        for _ in range(generator.randint(1, 3)):
            parts += [generator.choice(LATEX_UNITS), generator.choice(TEXT_AROUND_COMMANDS)]
        text = "".join(parts)
        expected = outcome(lambda latex: codecs.decode(latex, "ulatex"), text)
        assert outcome(bibtex_cache.decode_latex, text) == expected, repr(text)
        outside = bibtex_cache.LATEX_UNIT.sub("x", text)
        split += bibtex_cache.LATEX_SPECIAL.search(outside) is None
    assert split > 3000, "many strings should take the decode-each-group path"


def test_plain_text_never_reaches_latexcodec(monkeypatch):
    def refuse(*args):
        raise AssertionError("latexcodec was called for plain text")

    monkeypatch.setattr(bibtex_cache.codecs, "decode", refuse)
    title = "Persistent spinal pain syndrome: a proposal for failed back surgery syndrome (n = 60)"
    assert bibtex_cache.decode_latex.__wrapped__(title) == title


@pytest.mark.parametrize("bib_file", BIB_FILES.values(), ids=BIB_FILES.keys())
def test_formatted_references_are_identical_with_fast_decoding(bib_file):
    registry = SimpleRegistry(bib_files=[str(bib_file)])
    keys = list(registry.bib_data.entries)
    bibtex_cache.uninstall_fast_latex_decoding()
    expected = {key: registry.reference_text(Citation(key)) for key in keys}
    bibtex_cache.install_fast_latex_decoding()
    try:
        assert {key: registry.reference_text(Citation(key)) for key in keys} == expected
    finally:
        bibtex_cache.uninstall_fast_latex_decoding()
    if bib_file == FIXTURE_BIB:
        assert "João Batista García" in expected["garcia2016fixture"]
        assert "são luís" in expected["garcia2016fixture"]  # pybtex's plain style lowercases titles


# --- The per-key cache -------------------------------------------------------------------------


def test_each_key_is_formatted_once_and_answers_stay_the_same():
    formatted: list[str] = []

    def format_reference(citation):
        formatted.append(citation.key)
        return f"Reference {citation.key}."

    cache = bibtex_cache.ReferenceTextCache(format_reference)
    first = [cache(Citation(key)) for key in ("a", "b", "a", "c", "b", "a")]
    again = [cache(Citation(key)) for key in ("c", "b", "a")]
    assert formatted == ["a", "b", "c"]
    assert first == ["Reference a.", "Reference b.", "Reference a.", "Reference c.", "Reference b.", "Reference a."]
    assert again == ["Reference c.", "Reference b.", "Reference a."]


def test_a_new_registry_gets_a_new_cache_and_an_unchanged_one_keeps_its_own():
    registry = SimpleRegistry(bib_files=[str(FIXTURE_BIB)])
    bibtex_cache.cache_reference_text(registry)
    cache = registry.reference_text
    assert isinstance(cache, bibtex_cache.ReferenceTextCache)
    cache(Citation("garcia2016fixture"))
    bibtex_cache.cache_reference_text(registry)  # the next build, references.bib unchanged
    assert registry.reference_text is cache and "garcia2016fixture" in cache.texts

    replaced = SimpleRegistry(bib_files=[str(FIXTURE_BIB)])  # what mkdocs-bibtex does when it changed
    bibtex_cache.cache_reference_text(replaced)
    assert replaced.reference_text is not cache and replaced.reference_text.texts == {}


# --- Version pin -------------------------------------------------------------------------------


def test_the_installed_versions_are_the_verified_ones():
    bibtex_cache.check_versions(importlib.metadata.version)


@pytest.mark.parametrize("distribution", sorted(bibtex_cache.WRAPPED_VERSIONS))
def test_another_version_stops_the_build_and_says_to_reverify(distribution):
    def installed(name):
        return "9.9.9" if name == distribution else bibtex_cache.WRAPPED_VERSIONS[name]

    with pytest.raises(PluginError) as error:
        bibtex_cache.check_versions(installed)
    message = str(error.value)
    assert f"{distribution} 9.9.9 is installed" in message
    assert f"verified against {distribution} {bibtex_cache.WRAPPED_VERSIONS[distribution]}" in message
    assert "re-verify the cache against the new version" in message


# --- Real builds -------------------------------------------------------------------------------


def test_pages_are_identical_with_and_without_the_cache(tmp_path):
    hooks = project_hooks()
    assert "hooks/bibtex_cache.py" in hooks
    cached = build_fixture_site(tmp_path / "cached", "bibtex_cache")
    uncached = build_fixture_site(
        tmp_path / "uncached",
        "bibtex_cache",
        config={"hooks": [hook for hook in hooks if hook != "hooks/bibtex_cache.py"]},
    )
    assert cached.ok, cached.log
    assert uncached.ok, uncached.log

    def outputs(site: Path) -> dict[str, bytes]:
        return {
            path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix in {".html", ".json", ".xml"}
        }

    cached_files, uncached_files = outputs(cached.site_dir), outputs(uncached.site_dir)
    assert cached_files.keys() == uncached_files.keys()
    for name in cached_files:
        assert cached_files[name] == uncached_files[name], f"{name} differs with the cache"
    home = cached.page("")
    assert "são luís" in home and "João Batista García" in home
    assert "İlker Solmaz" in home and "Örsçelik" in home


DRIVER = textwrap.dedent(
    """
    # Two builds in one process, as 'mkdocs serve' rebuilds: the same plugin objects, a fresh config.
    import json, sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site, bib, old, new = sys.argv[1:6]
    results, caches = [], []  # caches: kept alive so that no two can share an id()

    def build_once():
        config = load_config(config_file=project + "/mkdocs.yml", site_dir=site, strict=True)
        if not results:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        cache = config.plugins["bibtex"].registry.reference_text
        caches.append(cache)
        with open(site + "/index.html", encoding="utf-8") as page:
            html = page.read()
        results.append({"cache": id(cache), "kind": type(cache).__name__, "old": old in html, "new": new in html})

    build_once()
    build_once()
    with open(bib, encoding="utf-8") as handle:
        text = handle.read()
    with open(bib, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
    build_once()
    print(json.dumps(results))
    """
)


def test_editing_references_bib_between_builds_in_one_process_shows_the_edit(tmp_path):
    project = make_fixture_site(tmp_path, "bibtex_cache")
    old, new = "clinical evaluation of persistent pain", "an edited title for the second build"
    first, unchanged, edited = run_build_script(
        DRIVER, str(project), str(tmp_path / "site"), str(project / "references.bib"), old, new, cwd=project
    )
    assert first["kind"] == "ReferenceTextCache", "the hook did not cache the registry"
    assert first["old"] and not first["new"]
    assert unchanged["cache"] == first["cache"] and unchanged["old"]
    assert edited["cache"] != first["cache"], "references.bib changed but the old cache was kept"
    assert edited["new"] and not edited["old"]


# --- The fast formatter ------------------------------------------------------------------------

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from generate import synthetic_bib  # noqa: E402

# Entries the fast formatter must render exactly as pybtex does (key ending in "fast"), and entries
# it must leave to pybtex (key ending in "slow"): another type, a field or role it does not know,
# LaTeX left after decoding, an empty field, a page range ending in a dash, a missing year.
TRICKY_BIB = r"""
@article{accents-fast,
  author  = {M{\"u}ller, J{\"o}rg and Garc{\'\i}a, Jos{\'e} and Dvo{\v{r}}{\'a}k, Anton{\'\i}n and {\O}sterberg, S{\o}ren},
  title   = {{\"U}ber {PRP}: na{\"\i}ve -- ``quoted'' results in S{\~a}o Paulo},
  journal = {Revista {\&} Archives},
  year    = {2019},
  volume  = {12},
  number  = {3--4},
  pages   = {100--110},
  doi     = {10.5555/a_b-c.(1)},
}
@article{others-fast,
  author  = {Kumar, Krishna and others},
  title   = {{Spinal} cord stimulation: Is It Worth It?},
  journal = {Pain},
  year    = {2007},
  pages   = {e12-e19},
  pmid    = {123},
}
@article{von-jr-fast,
  author  = {van der Berg, Jr., Jan and de la Fuente, Juan and Smith, A. B. and Doe, J.},
  title   = {Outcomes},
  journal = {J},
  month   = jan,
  year    = {2001},
  volume  = {5},
  note    = {Erratum in volume 6},
}
@article{no-volume-fast,
  author  = {Solo, Han},
  title   = {No volume, number only},
  journal = {Journal of *Stars* \_and\_ [brackets] + \#hash!},
  year    = {1999},
  number  = {2},
  pmcid   = {PMC1},
  annotation = {RCT, n = 60 50\%},
}
@article{volume-only-fast,
  author  = {Alpha, A. and Beta, B.},
  title   = {Volume without pages.},
  journal = {J. Exp.},
  year    = {2020},
  volume  = {44},
  url     = {https://example.org/a_b?c=1&d=(2)},
}
@article{three-authors-fast,
  author  = {One, A and Two, B and Three, C},
  title   = {Three <authors> & more},
  journal = {Made-Up Annals},
  year    = {2021},
  volume  = {1},
  number  = {1},
  pages   = {1},
  doi     = {10.5555/x},
  url     = {https://example.org/x},
}
@techreport{organisation-fast,
  author      = {{National Institute for Health and Care Excellence}},
  title       = {Low back pain: {NICE} guideline},
  institution = {National Institute for Health and Care Excellence ({NICE})},
  type        = {NICE guideline},
  number      = {NG59},
  address     = {London},
  year        = {2016},
  url         = {https://www.nice.org.uk/guidance/ng59},
}
@techreport{plain-report-fast,
  author      = {Writer, Report},
  title       = {A report},
  institution = {Agency},
  year        = {2010},
}
@misc{misc-fast,
  author       = {{World Health Organization}},
  title        = {Guideline},
  howpublished = {Online},
  year         = {2020},
  url          = {https://example.org/guideline_2020},
}
@misc{misc-bare-fast,
  title = {Only a title},
}
@book{book-slow,
  author    = {Writer, Book},
  title     = {A book},
  publisher = {Press},
  year      = {2000},
}
@article{eprint-slow,
  author  = {Writer, A},
  title   = {T},
  journal = {J},
  year    = {2000},
  eprint  = {1234.5678},
}
@article{editor-slow,
  author  = {Writer, A},
  editor  = {Editor, E},
  title   = {T},
  journal = {J},
  year    = {2000},
}
@article{emph-slow,
  author  = {Writer, A},
  title   = {The \emph{real} thing},
  journal = {J},
  year    = {2000},
}
@article{empty-volume-slow,
  author  = {Writer, A},
  title   = {T},
  journal = {J},
  year    = {2000},
  volume  = {},
  pages   = {1--2},
}
@article{trailing-dash-slow,
  author  = {Writer, A},
  title   = {T},
  journal = {J},
  year    = {2000},
  volume  = {3},
  pages   = {12-},
}
@article{no-year-slow,
  author  = {Writer, A},
  title   = {T},
  journal = {J},
}
"""


def registry_for(tmp_path: Path, bib_text: str) -> SimpleRegistry:
    bib_file = tmp_path / "references.bib"
    bib_file.write_text(bib_text, encoding="utf-8")
    return SimpleRegistry(bib_files=[str(bib_file)])


def pybtex_reference_text(registry: SimpleRegistry, key: str) -> str:
    """mkdocs-bibtex's own formatting (pybtex's templates), whatever the registry's instance holds."""
    return SimpleRegistry.reference_text(registry, Citation(key))


def compare_every_entry(registry: SimpleRegistry) -> tuple[list[str], list[str]]:
    """Keys formatted by the fast path (each asserted identical to pybtex's) and keys it declined."""
    fast, declined = [], []
    for key, entry in registry.bib_data.entries.items():
        text = bibtex_cache.fast_reference_text(entry)
        if text is None:
            declined.append(key)
        else:
            assert text == pybtex_reference_text(registry, key), key
            fast.append(key)
    return fast, declined


@pytest.mark.parametrize("bib_file", BIB_FILES.values(), ids=BIB_FILES.keys())
def test_fast_formatter_equals_pybtex_on_every_entry_of_the_bibliographies(bib_file):
    registry = SimpleRegistry(bib_files=[str(bib_file)])
    fast, declined = compare_every_entry(registry)
    if bib_file == FIXTURE_BIB:
        assert declined == [], "every fixture entry is a type and field set the fast path knows"
    else:
        assert len(fast) >= 0.9 * len(registry.bib_data.entries), declined


@pytest.mark.parametrize("seed", [8, 9])
def test_fast_formatter_equals_pybtex_on_the_benchmark_bibliography(tmp_path, seed):
    registry = registry_for(tmp_path, synthetic_bib(2000, random.Random(seed)))
    fast, declined = compare_every_entry(registry)
    assert declined == [] and len(fast) == 2000


def test_fast_formatter_equals_pybtex_on_tricky_entries_and_declines_what_it_does_not_know(tmp_path):
    registry = registry_for(tmp_path, TRICKY_BIB)
    fast, declined = compare_every_entry(registry)
    assert sorted(fast) == sorted(key for key in registry.bib_data.entries if key.endswith("-fast"))
    assert sorted(declined) == sorted(key for key in registry.bib_data.entries if key.endswith("-slow"))
    text = bibtex_cache.fast_reference_text(registry.bib_data.entries["accents-fast"])
    assert text.startswith("Jörg Müller, José García, Antonín Dvořák, and Søren Østerberg. Über PRP: naïve")
    assert "–" in text and "“quoted”" in text


def test_the_cache_formats_known_entries_without_pybtex_and_the_rest_with_it(tmp_path):
    registry = registry_for(tmp_path, TRICKY_BIB)
    through_pybtex: list[str] = []

    def counting_reference_text(citation):
        through_pybtex.append(citation.key)
        return pybtex_reference_text(registry, citation.key)

    registry.reference_text = counting_reference_text
    bibtex_cache.cache_reference_text(registry)
    for key in registry.bib_data.entries:
        if key == "no-year-slow":
            with pytest.raises(Exception, match="missing year"):
                registry.reference_text(Citation(key))
        else:
            assert registry.reference_text(Citation(key)) == pybtex_reference_text(registry, key), key
    assert sorted(through_pybtex) == sorted(key for key in registry.bib_data.entries if key.endswith("-slow"))
