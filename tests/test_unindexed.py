"""hooks/pls/unindexed.py: parts set aside while search reads a page come back where they were, once."""

from types import SimpleNamespace

from pls.unindexed import Unindexed


def _page(src_uri: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


def test_parts_come_back_in_their_places_and_only_in_their_page():
    unindexed = Unindexed()
    page, other = _page("a b/page--one.md"), _page("other.md")
    first = unindexed.set_aside(page, "<p>first</p>")
    second = unindexed.set_aside(page, "<div>second</div>")
    elsewhere = unindexed.set_aside(other, "<p>other</p>")
    content = f"<h1>T</h1>{first}<p>text</p>{second}"
    assert "first" not in content and "second" not in content  # what search reads
    assert unindexed.put_back(page, f"<html>{content}{elsewhere}</html>") == (
        f"<html><h1>T</h1><p>first</p><p>text</p><div>second</div>{elsewhere}</html>"
    )
    assert unindexed.put_back(page, content) == content, "a part is put back once"
    assert unindexed.put_back(other, elsewhere) == "<p>other</p>"


def test_a_new_build_forgets_the_last_one():
    marker = Unindexed().set_aside(_page("p.md"), "<p>old</p>")
    assert Unindexed().put_back(_page("p.md"), marker) == marker
