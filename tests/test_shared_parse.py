"""One parse of references.bib: mkdocs-bibtex's pybtex data is built from references_checks' parse.

bibtex_cache.shared_bibliography must give exactly what pybtex's own parser gives for the same file
(entry types, fields in order with pybtex's whitespace, every person's name parts), or None so
that pybtex parses the file itself: a file with macros, a preamble or a concatenation, a file that
changed since it was read, or a file with problems that stop the build.
"""

from __future__ import annotations

import random
import sys
import textwrap
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, parse_file

import bibtex_cache
import references
from sitebuilder import FIXTURES, PROJECT_ROOT, make_fixture_site, run_build_script

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from generate import synthetic_bib  # noqa: E402

BIB_FILES = {
    "project": PROJECT_ROOT / "references.bib",
    **{path.parent.name: path for path in sorted(FIXTURES.glob("*/references.bib"))},
}

# What pybtex normalises or keeps as written: case of types and field names, quotes, nested braces,
# runs of whitespace and line breaks, numbers, an empty author list, editors, '{\&}', 'and others'.
WRITTEN_FORMS_BIB = r"""
@Article{Upper-Case,
  Author  = "Smith, John   and  Doe,
             Jane",
  TITLE   = {A {Nested {Brace}} title   over
             two lines},
  Journal = "Journal of {Quoted} Values",
  year    = 2019,
  Pages   = {1--10},
}
@book{edited,
  editor    = {van der Berg, Jr., Jan and others},
  author    = {},
  title     = {Proceedings {\&} Notes},
  publisher = {Press},
  year      = {2001},
}
@misc{plain,
  title = {Plain},
  note  = {a	tab and a trailing space },
}
"""


def pybtex_view(bibliography: BibliographyData) -> list:
    """Everything mkdocs-bibtex and pybtex's styles read from a parse, in order."""
    return [
        (
            key,
            entry.type,
            entry.original_type,
            list(entry.fields.items()),
            [
                (
                    role,
                    [(p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names) for p in persons],
                )
                for role, persons in entry.persons.items()
            ],
        )
        for key, entry in bibliography.entries.items()
    ]


def shared(path: Path) -> BibliographyData | None:
    return bibtex_cache.shared_bibliography(path, references.load_references(path))


def usable(path: Path) -> bool:
    return not references.load_references(path).fatal_problems


@pytest.mark.parametrize(
    "bib_file", [path for path in BIB_FILES.values() if usable(path)], ids=lambda path: path.parent.name
)
def test_shared_parse_equals_pybtex_on_every_bibliography(bib_file):
    ours = shared(bib_file)
    assert ours is not None, "a plain bibliography should be shared"
    assert pybtex_view(ours) == pybtex_view(parse_file(str(bib_file)))


def test_shared_parse_equals_pybtex_on_the_benchmark_bibliography(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(synthetic_bib(2000, random.Random(5)), encoding="utf-8")
    ours = shared(bib)
    assert ours is not None and len(ours.entries) == 2000
    assert pybtex_view(ours) == pybtex_view(parse_file(str(bib)))


def test_shared_parse_keeps_what_pybtex_keeps_as_written(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(WRITTEN_FORMS_BIB, encoding="utf-8")
    ours = shared(bib)
    assert ours is not None
    assert pybtex_view(ours) == pybtex_view(parse_file(str(bib)))
    assert ours.entries["Upper-Case"].fields["title"] == "A {Nested {Brace}} title over two lines"


@pytest.mark.parametrize(
    "bib_text",
    [
        "@string{pain = {Pain}}\n@article{a, author = {A, B}, title = {T}, journal = pain, year = {2000}}\n",
        '@preamble{"\\newcommand{\\x}{x}"}\n@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2000}}\n',
        "@article{a, author = {A, B}, title = {T}, journal = {J}, year = {2000}, month = jan}\n",
        '@article{a, author = {A, B}, title = "T" # " and more", journal = {J}, year = {2000}}\n',
    ],
    ids=["string-macro", "preamble", "month-macro", "concatenation"],
)
def test_files_with_macros_preambles_or_concatenations_are_left_to_pybtex(tmp_path, bib_text):
    bib = tmp_path / "references.bib"
    bib.write_text(bib_text, encoding="utf-8")
    assert shared(bib) is None
    assert len(bibtex_cache.parse_file_shared(str(bib)).entries) == 1  # parsed by pybtex instead


def test_a_file_changed_since_it_was_read_is_parsed_again(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{a, author = {A, B}, title = {Old}, journal = {J}, year = {2000}}\n", encoding="utf-8")
    database = references.load_references(bib)
    bib.write_text("@article{a, author = {A, B}, title = {New}, journal = {J}, year = {2000}}\n", encoding="utf-8")
    assert bibtex_cache.shared_bibliography(bib, database) is None
    assert bibtex_cache.shared_bibliography(tmp_path / "other.bib", references.load_references(bib)) is None


BUILD_COUNTING_PYBTEX_PARSES = textwrap.dedent(
    """
    # A build with pybtex's parse_file counted: the hook captures it at import, before on_startup.
    import json, sys
    import mkdocs_bibtex.registry
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = sys.argv[1:3]
    parsed = []
    pybtex_parse_file = mkdocs_bibtex.registry.parse_file

    def counting_parse_file(*args, **kwargs):
        parsed.append(str(args[0]))
        return pybtex_parse_file(*args, **kwargs)

    mkdocs_bibtex.registry.parse_file = counting_parse_file
    config = load_config(config_file=project + "/mkdocs.yml", site_dir=site, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    print(json.dumps({"pybtex_parses": parsed, "entries": len(config.plugins["bibtex"].registry.bib_data.entries)}))
    """
)


def test_a_build_parses_references_bib_once(tmp_path):
    project = make_fixture_site(tmp_path, "citations-valid")
    result = run_build_script(BUILD_COUNTING_PYBTEX_PARSES, str(project), str(tmp_path / "site"), cwd=project)
    assert result["pybtex_parses"] == [], "mkdocs-bibtex parsed references.bib with pybtex a second time"
    assert result["entries"] == len(references.load_references(project / "references.bib").entries)
