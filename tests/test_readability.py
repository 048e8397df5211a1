"""The reading grade of patient text (hooks/pls/readability.py): what is measured, the grade, the warnings.

Every expected grade here is worked out by hand from the Flesch–Kincaid formula,
0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59, with the words, sentences and
syllables counted by hand in the comment beside it; the code under test only has to agree.
"""

import json
import subprocess
import sys

import pytest

from pls import readability
from pls.readability import KEY_POINTS, PATIENT_TAB, Block, Grade
from sitebuilder import (
    PROJECT_ROOT,
    build_env,
    build_fixture_site,
    log_lines_about,
    make_fixture_site,
    run_build,
    with_today,
)

FIX = (
    "use shorter sentences and everyday words (a term the glossary explains may stay),"
    " and keep every fact, risk and citation"
)


# --- The grade of known texts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 6 words, 2 sentences, 6 syllables (all one-syllable words):
        # 0.39 × 3 + 11.8 × 1 − 15.59 = 1.17 + 11.8 − 15.59 = −2.62 → −2.6
        ("The cat sat. The dog ran.", -2.6),
        # 7 words, 1 sentence; ex-er-cise 3, peo-ple 2, five words of 1: 10 syllables.
        # 0.39 × 7 + 11.8 × 10/7 − 15.59 = 2.73 + 16.857 − 15.59 = 3.997 → 4.0
        ("Exercise helps most people with back pain.", 4.0),
        # 6 words, 1 sentence; ed-u-ca-tion 4, im-por-tant 3, com-mu-ni-ty 4, is/for/the 1 each: 14.
        # 0.39 × 6 + 11.8 × 14/6 − 15.59 = 2.34 + 27.533 − 15.59 = 14.283 → 14.3
        ("Education is important for the community.", 14.3),
        # 12 words, 1 sentence; education 4, information 4, communication 5, important 3,
        # community 4, university 5, six words of 1: 31 syllables.
        # 0.39 × 12 + 11.8 × 31/12 − 15.59 = 4.68 + 30.483 − 15.59 = 19.573 → 19.6
        ("Education, information and communication are important for the community and the university.", 19.6),
    ],
)
def test_grade_of_texts_counted_by_hand(text, expected):
    assert readability.flesch_kincaid_grade(text) == expected


def test_no_words_is_grade_zero_not_an_error():
    assert readability.flesch_kincaid_grade("") == 0.0
    assert readability.flesch_kincaid_grade(readability.visible_text("[@key]\n\n`code`")) == 0.0


# --- What is measured: the visible prose -------------------------------------------------------


def test_citations_urls_code_and_marks_are_dropped_and_a_link_counts_as_its_text():
    markdown = (
        "**Exercise** helps most people [@nice2016ng59; @kumar2007process]. See `mkdocs.yml`,\n"
        "<https://example.org/page> and [the NHS page](https://www.nhs.uk/x){ .external }.\n"
        "![A picture](img/spine.svg)\n"
        "\n"
        "```text\n"
        "Not prose at all.\n"
        "```\n"
        "*[NHS]: National Health Service\n"
    )
    assert readability.visible_text(markdown) == "Exercise helps most people. See, and the NHS page."


def test_each_list_item_heading_and_paragraph_is_a_sentence():
    markdown = "### What helps\n\n- Walking\n- Swimming, for some people\n  on most days\n\nAsk your doctor"
    assert readability.visible_text(markdown) == (
        "What helps. Walking. Swimming, for some people on most days. Ask your doctor."
    )


def test_a_decimal_point_and_e_g_do_not_end_a_sentence():
    assert readability.visible_text("About 17.6% had a problem, e.g. pain.") == "About 176% had a problem, eg pain."


def test_a_list_without_full_stops_is_graded_as_sentences():
    # As sentences: "The cat sat." "The dog ran." → −2.6 (above).
    # Run together it would be one sentence of 6 words: 0.39 × 6 + 11.8 − 15.59 = −1.45.
    markdown = "- The cat sat\n- The dog ran"
    assert readability.flesch_kincaid_grade(readability.visible_text(markdown)) == -2.6


# --- Which blocks ----------------------------------------------------------------------------


def test_finds_the_patient_tab_and_key_points_with_their_lines_and_bodies():
    markdown = (
        "# Title\n"
        "\n"
        '!!! abstract "Key points"\n'
        "    - One point.\n"
        "\n"
        "    - Two points.\n"
        "\n"
        '=== "For patients"\n'
        "\n"
        "    Patient text.\n"
        "\n"
        "        Indented more.\n"
        "\n"
        '=== "For clinicians"\n'
        "\n"
        "    Clinician text.\n"
        '!!! note "Other box"\n'
        "    Not measured.\n"
    )
    assert readability.find_blocks(markdown) == [
        Block(KEY_POINTS, 3, "- One point.\n\n- Two points."),
        Block(PATIENT_TAB, 8, "\nPatient text.\n\n    Indented more."),
    ]


def test_blocks_inside_code_fences_and_other_titles_are_not_measured():
    markdown = '```markdown\n=== "For patients"\n\n    Text.\n```\n\n=== "For everyone"\n\n    Text.\n'
    assert readability.find_blocks(markdown) == []


def test_limits_grade_8_for_the_patient_tab_and_10_for_key_points():
    tab, box = Block(PATIENT_TAB, 1, ""), Block(KEY_POINTS, 1, "")
    assert not Grade(tab, 8.0).too_hard and Grade(tab, 8.1).too_hard
    assert not Grade(box, 10.0).too_hard and Grade(box, 10.1).too_hard


# --- In a real strict build --------------------------------------------------------------------


@pytest.fixture(scope="module")
def readability_site(tmp_path_factory):
    return build_fixture_site(tmp_path_factory.mktemp("readability"), "readability")


def test_blocks_above_their_limit_fail_the_strict_build_at_their_lines(readability_site):
    result = readability_site
    assert not result.ok
    assert (
        "pls: docs/hard.md:11: the Key points box reads at grade 19.6 (Flesch–Kincaid), above grade 10 — " + FIX
    ) in result.log
    assert (
        "pls: docs/hard.md:14: the patient tab reads at grade 14.3 (Flesch–Kincaid), above grade 8 — " + FIX
    ) in result.log
    assert [line for line in log_lines_about(result.log, "docs/easy.md") if "above grade" in line] == []


def test_every_page_logs_its_grades_for_make_check(readability_site):
    log = readability_site.log
    assert "pls: reading grade: docs/hard.md: Key points 19.6 (line 11), For patients 14.3 (line 14)" in log
    # easy.md: Key points −2.6 ("The cat sat. The dog ran.", above); patient tab: "Exercise helps most
    # people with back pain. See the hard page." 11 words, 2 sentences, 10 + 4 = 14 syllables:
    # 0.39 × 5.5 + 11.8 × 14/11 − 15.59 = 2.145 + 15.018 − 15.59 = 1.573 → 1.6 (the code block and
    # the link's address are not counted, nor the tab shown inside the page's code fence).
    assert "pls: reading grade: docs/easy.md: Key points -2.6 (line 11), For patients 1.6 (line 15)" in log


def test_make_check_lists_every_pages_grades_and_locates_the_warnings(tmp_path):
    project = make_fixture_site(tmp_path, "readability")
    completed = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "check.py"), "--project", str(project)],
        capture_output=True,
        text=True,
        env=with_today(build_env(), project),
        timeout=300,
    )
    assert completed.returncode == 1
    assert completed.stdout.splitlines() == [
        "docs/hard.md:11: the Key points box reads at grade 19.6 (Flesch–Kincaid), above grade 10 — " + FIX,
        "docs/hard.md:14: the patient tab reads at grade 14.3 (Flesch–Kincaid), above grade 8 — " + FIX,
    ]
    assert (
        "Reading grade (Flesch–Kincaid; limits: For patients 8, Key points 10):\n"
        "  docs/easy.md  Key points -2.6 (line 11), For patients 1.6 (line 15)\n"
        "  docs/hard.md  Key points 19.6 (line 11), For patients 14.3 (line 14)\n"
    ) in completed.stderr


@pytest.mark.browser
def test_key_points_are_set_at_body_text_size(page, site_url):
    page.goto(site_url + "treatment/second-line/")
    key_point, body = page.evaluate(
        "() => [document.querySelector('article .admonition.abstract li'),"
        "       document.querySelector('article > p:not([class])')].map(el => getComputedStyle(el).fontSize)"
    )
    assert key_point == body, f"Key points at {key_point}, body text at {body}"


def test_a_second_build_takes_the_grades_from_the_cache_and_an_edited_text_is_measured_again(tmp_path):
    project = make_fixture_site(tmp_path, "readability")
    first = run_build(project, tmp_path / "site")
    assert "Key points -2.6 (line 11), For patients 1.6 (line 15)" in first.log
    cache_file = project / ".cache" / "pls" / "readability.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    assert sorted(record["grade"] for record in data["records"].values()) == [-2.6, 1.6, 14.3, 19.6]

    # Read from the cache: a grade changed by hand is what the second build reports.
    for record in data["records"].values():
        if record["grade"] == -2.6:
            record["grade"] = 5.5
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    second = run_build(project, tmp_path / "site")
    assert "pls: reading grade: docs/easy.md: Key points 5.5 (line 11), For patients 1.6 (line 15)" in second.log

    # An edited text is a new key: measured again. "The cat sat. The dog ran." with one more
    # one-syllable word: 7 words, 2 sentences, 7 syllables: 0.39 × 3.5 + 11.8 − 15.59 = −2.425 → −2.4.
    page = project / "docs" / "easy.md"
    page.write_text(page.read_text(encoding="utf-8").replace("The dog ran.", "The dog ran off."), encoding="utf-8")
    third = run_build(project, tmp_path / "site")
    assert "pls: reading grade: docs/easy.md: Key points -2.4 (line 11), For patients 1.6 (line 15)" in third.log
