"""The region scanner (hooks/pls/regions.py): fenced code, code spans, comments, raw HTML, text."""

from __future__ import annotations

import pytest

from pls import regions


def kinds_of(markdown: str) -> list[tuple[str, str]]:
    return [(region.kind, markdown[region.start : region.end]) for region in regions.regions(markdown)]


def test_regions_cover_the_page_in_order():
    markdown = "Intro `code` <!-- note -->\n\n```\n[@a]\n```\n\n<div>\n[@b]\n</div>\n\nEnd.\n"
    found = regions.regions(markdown)
    assert "".join(markdown[region.start : region.end] for region in found) == markdown
    assert [region.kind for region in found] == [
        "text", "code span", "text", "comment", "text", "code", "text", "html", "text",
    ]  # fmt: skip
    assert [region.line for region in found if region.kind in ("code", "html")] == [3, 7]


@pytest.mark.parametrize(
    ("markdown", "code"),
    [
        ("```\nx\n```\nafter\n", "```\nx\n```\n"),
        ("~~~~\n```\n~~~~\nafter\n", "~~~~\n```\n~~~~\n"),  # a shorter or other fence does not close
        ("   ```\nx\n```\nafter\n", "   ```\nx\n```\n"),  # up to three spaces of indentation
        ("````\nx\n```\n````\nafter\n", "````\nx\n```\n````\n"),  # closes only at least as long
    ],
)
def test_fences_open_and_close_as_python_markdown_reads_them(markdown, code):
    assert [text for kind, text in kinds_of(markdown) if kind == "code"] == [code]


def test_a_fence_in_a_tab_or_admonition_is_code_at_four_spaces_and_not_at_the_top_level():
    tab = '=== "For clinicians"\n\n    ```text\n    /// claim | x\n    ```\n'
    admonition = "!!! note\n\n    ~~~\n    [@a]\n    ~~~\n"
    assert regions.code_lines(tab) == frozenset({2, 3, 4})
    assert regions.code_lines(admonition) == frozenset({2, 3, 4})
    # At the top level a fence indented by four is an indented code block: code either way.
    assert regions.code_lines("Text.\n\n    ```\n    x\n    ```\nafter\n") == frozenset({2, 3, 4})


def test_a_backtick_fence_with_a_backtick_in_its_info_is_inline_code():
    assert [kind for kind, _ in kinds_of("```a`b```\n")] == ["code span", "text"]


def test_an_unclosed_fence_runs_to_the_end():
    (code,) = [region for region in regions.regions("Text\n```\n[@a]\n") if region.kind == "code"]
    assert code.closed is False and code.end == len("Text\n```\n[@a]\n")


def test_an_unclosed_fence_in_a_tab_ends_where_the_tab_ends():
    page = '=== "For clinicians"\n\n    ```text\n    code\n\n## Summary\n\n```\nlater\n```\n'
    code = [region for region in regions.regions(page) if region.kind == "code"]
    assert [(region.line, region.closed) for region in code] == [(3, False), (8, True)]
    assert regions.code_lines(page) == frozenset({2, 3, 4, 7, 8, 9})


def test_code_spans_stay_within_a_paragraph():
    assert [kind for kind, _ in kinds_of("a `b\n\nc` d\n")] == ["text"]
    assert [text for kind, text in kinds_of("a ``b ` c`` d\n") if kind == "code span"] == ["``b ` c``"]


def test_comments_span_lines_and_an_unclosed_one_is_marked():
    markdown = "<!-- one\ntwo -->\nvisible\n<!-- never closed\nhidden\n"
    comments = [region for region in regions.regions(markdown) if region.kind == "comment"]
    assert [(region.line, region.closed) for region in comments] == [(1, True), (4, False)]
    assert regions.unclosed_comments(markdown) == [comments[1]]
    assert "visible" in [text for kind, text in kinds_of(markdown) if kind == "text"][0]


def test_a_comment_inside_code_is_code():
    assert [kind for kind, _ in kinds_of("`<!--` and\n\n```\n<!--\n```\n")] == ["code span", "text", "code"]


def test_raw_html_block_but_not_a_markdown_block():
    assert [kind for kind, _ in kinds_of("<table>\n<tr><td>[@a]</td></tr>\n</table>\n")] == ["html"]
    assert [kind for kind, _ in kinds_of("<div markdown>\n[@a]\n</div>\n")] == ["text"]


def test_blank_keeps_lines_and_lengths():
    markdown = "a `@b` c\n```\n@d\n```\n"
    blanked = regions.blank(markdown, (regions.CODE, regions.CODE_SPAN))
    assert blanked == "a " + " " * len("`@b`") + " c\n   \n  \n   \n"
