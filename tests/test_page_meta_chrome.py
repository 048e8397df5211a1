"""Every page shows its review status in words, last update from git, report and edit links, and the disclaimer."""

import datetime
import os
import stat
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import nav_pages, page_url
from pls import changes, page_chrome
from sitebuilder import PROJECT_ROOT, build_env, front_matter, make_fixture_site, run_build
from sitebuilder import git_as_editor as _git
from sitebuilder import page_with_title as _page

DISCLAIMER = "This site informs; it does not give individual medical advice."
REPOSITORY = "https://git.example.org/editors/guide"


def _env(**extra: str) -> dict[str, str]:
    """A build environment that does not inherit GitHub Actions' repository variables."""
    env = build_env(**extra)
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "PLS_REPOSITORY_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


@pytest.fixture
def git_site(tmp_path):
    """A fixture site in its own git repository: a.md committed twice, b.md once, the others never."""
    pages = {"a.md": _page("A"), "b.md": _page("B"), "new.md": _page("New")}
    pages.update({f"more-{number}.md": _page(f"More {number}") for number in range(5)})
    project = make_fixture_site(tmp_path, pages=pages)
    _git(project, "init", "-q")
    _git(project, "add", "docs/a.md", "docs/b.md")
    _git(project, "commit", "-q", "-m", "first", date="2020-01-02T23:30:00+00:00")
    (project / "docs" / "a.md").write_text(_page("A", "Changed."), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "second", date="2021-06-30T22:00:00-05:00")  # 1 July in UTC
    return project


def _html(result, url: str) -> BeautifulSoup:
    return BeautifulSoup(result.page(url), "html.parser")


# --- Shown on the page ---------------------------------------------------------------------------


def test_review_status_follows_the_h1(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home", reviewed="2026-03-09")})
    result = run_build(project, tmp_path / "site", env=_env())
    assert result.ok, result.log
    heading = _html(result, "").select_one("article h1")
    status = heading.find_next_sibling()
    assert status.name == "p" and "pls-page-status" in status["class"]
    assert status.get_text(" ", strip=True) == "Checked against its sources by a second editor on 9 March 2026 ."
    assert status.find("time")["datetime"] == "2026-03-09"


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        ("approved", "Checked against its sources by a second editor on 9 March 2026."),
        (
            "in review",
            "Checked against its sources by one editor on 9 March 2026."
            " A second editor has not checked it yet, so it may change.",
        ),
        (
            "draft",
            "Draft, not published. Checked against its sources by one editor on 9 March 2026, not yet by a second editor.",
        ),
    ],
)
def test_each_status_is_said_in_a_readers_words(status, sentence):
    line = page_chrome.render_status_line(
        datetime.date(2026, 3, 9), status, page_chrome.chrome_text()["status_sentences"]
    )
    assert BeautifulSoup(line, "html.parser").get_text() == sentence + "\n"
    assert "Status:" not in line and "source 0" not in line


def test_editorial_status_does_not_become_materials_nav_status_icon(tmp_path):
    """Material draws an unlabelled icon for any front matter `status`; ours is shown in words instead."""
    pages = {"index.md": _page("Home"), "other.md": _page("Other", status="in review")}
    result = run_build(make_fixture_site(tmp_path, pages=pages), tmp_path / "site", env=_env())
    assert result.ok, result.log
    for url in ("", "other/"):
        html = _html(result, url)
        assert html.select("nav .md-status") == [], "Material's page status icon must not be drawn"
    assert "A second editor has not checked it yet" in _html(result, "other/").select_one(".pls-page-status").get_text()


def test_page_without_h1_gets_the_status_first(tmp_path):
    page = front_matter("No heading") + "Just a paragraph.\n"
    # The strict build fails on the missing heading (page_structure); a preview still frames the page.
    project = make_fixture_site(tmp_path, pages={"index.md": page})
    result = run_build(project, tmp_path / "site", strict=False, env=_env())
    warnings = [line for line in result.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "docs/index.md:2: the page has no top-level heading" in warnings[0], result.log
    content = _html(result, "").select_one("article")
    assert content.select_one(".pls-page-status") is not None
    assert content.select_one(".pls-page-status").find_next_sibling("p").get_text() == "Just a paragraph."


def test_disclaimer_ends_every_page_and_is_not_in_the_search_index(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home"), "other.md": _page("Other")})
    result = run_build(project, tmp_path / "site", env=_env())
    assert result.ok, result.log
    for url in ("", "other/"):
        article = _html(result, url).select_one("article")
        disclaimer = article.select(".pls-disclaimer")
        assert len(disclaimer) == 1 and DISCLAIMER in disclaimer[0].get_text(), url
        assert disclaimer[0].get("role") == "note"
        assert article.select(".pls-page-footer")[-1] is article.select_one(".pls-page-footer"), "one footer"
    search_index = (result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "individual medical advice" not in search_index
    assert "Checked against its sources" not in search_index
    assert "data-search-exclude" not in result.page(""), "the search hint attribute is removed from the page"


def test_generated_page_gets_the_frame_but_no_edit_link(tmp_path):
    hook = tmp_path / "generate.py"
    hook.write_text(
        "from mkdocs.structure.files import File\n"
        "def on_files(files, config):\n"
        "    text = '---\\ntitle: Generated\\ndescription: A generated page.\\nreviewed: 2026-11-01\\n"
        "status: approved\\naudience: [clinicians]\\n---\\n# Generated\\n\\nMade by a hook.\\n'\n"
        "    files.append(File.generated(config, 'generated.md', content=text))\n",
        encoding="utf-8",
    )
    config = yaml.safe_load(
        "\n".join(line for line in (PROJECT_ROOT / "mkdocs.yml").read_text().splitlines() if "!ENV" not in line)
    )
    settings = {"hooks": [*config["hooks"], str(hook)], "nav": ["index.md", "generated.md"]}
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home")}, config=settings)
    result = run_build(project, tmp_path / "site", env=_env(PLS_REPOSITORY_URL=REPOSITORY))
    assert result.ok, result.log
    page = _html(result, "generated/")
    assert DISCLAIMER in page.select_one(".pls-disclaimer").get_text()
    assert page.select_one(".pls-page-status").get_text().startswith("Checked against its sources by a second editor")
    assert page.select_one(".pls-edit-link") is None, "a generated page has no source file to edit"


# --- Last updated, from git ----------------------------------------------------------------------


def test_last_updated_is_the_newest_commit_date_in_utc(tmp_path, git_site):
    result = run_build(git_site, tmp_path / "site", env=_env())
    assert result.ok, result.log
    updated_a = _html(result, "a/").select_one(".pls-page-updated")
    updated_b = _html(result, "b/").select_one(".pls-page-updated")
    assert updated_a.get_text(" ", strip=True) == "Last updated 1 July 2021"
    assert updated_a.find("time")["datetime"] == "2021-07-01"
    assert updated_b.get_text(" ", strip=True) == "Last updated 2 January 2020"


def test_page_not_yet_committed_shows_no_last_updated_date(tmp_path, git_site):
    result = run_build(git_site, tmp_path / "site", env=_env())
    page = _html(result, "new/")
    assert page.select_one(".pls-page-updated") is None
    assert page.select_one(".pls-disclaimer") is not None


def test_rebuilding_the_same_commit_gives_the_same_pages(tmp_path, git_site):
    first = run_build(git_site, tmp_path / "one", env=_env())
    second = run_build(git_site, tmp_path / "two", env=_env())
    for url in ("a/", "b/", "new/"):
        assert first.page(url) == second.page(url), url


def test_git_runs_once_per_build_not_once_per_page(tmp_path, git_site):
    calls = tmp_path / "git-calls.txt"
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    real_git = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True, check=True).stdout.strip()
    shim = shim_dir / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec "{real_git}" "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)

    result = run_build(git_site, tmp_path / "site", env=_env(PATH=f"{shim_dir}{os.pathsep}{os.environ['PATH']}"))
    assert result.ok, result.log
    assert len(calls.read_text().splitlines()) == 1, calls.read_text()


def test_the_git_history_gives_the_newest_date_of_each_file():
    output = "\x1eaaa\x1f1625108400\x1fNewer\n\na.md\n\x1ebbb\x1f1578007800\x1fOlder: a and b\n\na.md\nb c.md\n"
    history = changes.parse_git_history(output)
    assert [(commit.sha, commit.subject, commit.paths) for commit in history] == [
        ("aaa", "Newer", ("a.md",)),
        ("bbb", "Older: a and b", ("a.md", "b c.md")),
    ]
    assert changes.last_updated_dates(history) == {
        "a.md": datetime.date(2021, 7, 1),
        "b c.md": datetime.date(2020, 1, 2),
    }


def test_no_git_history_means_no_dates(tmp_path):
    assert changes.read_git_history(str(tmp_path)) == []


# --- Edit and report links, without any call to GitHub ---------------------------------------------


def test_edit_and_report_links_use_the_configured_repository(tmp_path):
    project = make_fixture_site(tmp_path, pages={"treatment/index.md": _page("Treatment")})
    result = run_build(project, tmp_path / "site", env=_env(PLS_REPOSITORY_URL=REPOSITORY))
    assert result.ok, result.log
    page = _html(result, "treatment/")
    expected = f"{REPOSITORY}/edit/main/docs/treatment/index.md"
    assert page.select_one("a.pls-edit-link")["href"] == expected
    assert page.select_one("a.pls-edit-link").get_text() == "Edit this page"
    editors = page.select_one(".pls-page-footer .pls-page-editors")
    assert editors.get_text(" ", strip=True) == "For editors: Edit this page", "the edit link is marked for editors"
    assert page.select_one("a[rel=edit]") is None, "no theme edit pencil at the top of the page"
    report = page.select_one("a.pls-report-link")["href"]
    assert report.startswith(f"{REPOSITORY}/issues/new?template=content-error.yml&")
    assert "page=docs%2Ftreatment%2Findex.md" in report and "title=Content+error%3A+Treatment" in report


def test_default_repository_comes_from_mkdocs_yml_and_no_repository_widget_calls_github(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home")})
    result = run_build(project, tmp_path / "site", env=_env())
    assert result.ok, result.log
    page = _html(result, "")
    configured = yaml.safe_load(
        "\n".join(line for line in (PROJECT_ROOT / "mkdocs.yml").read_text().splitlines() if "!ENV" not in line)
    )["extra"]["repository_url"]
    assert page.select_one("a.pls-edit-link")["href"] == f"{configured}/edit/main/docs/index.md"
    assert page.select_one("[data-md-component=source]") is None, "repo_url must stay unset (GitHub API call)"


def test_github_actions_repository_is_used_in_workflows(tmp_path):
    env = _env(GITHUB_SERVER_URL="https://github.example.com", GITHUB_REPOSITORY="fork/guide")
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home")})
    result = run_build(project, tmp_path / "site", env=env)
    assert _html(result, "").select_one("a.pls-edit-link")["href"] == (
        "https://github.example.com/fork/guide/edit/main/docs/index.md"
    )


def test_repository_url_precedence():
    extra = {"repository_url": "https://github.com/a/b/"}
    actions = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "c/d"}
    assert page_chrome.repository_url(extra, {}) == "https://github.com/a/b"
    assert page_chrome.repository_url(extra, actions) == "https://github.com/c/d"
    assert (
        page_chrome.repository_url(extra, {**actions, "PLS_REPOSITORY_URL": "https://x.org/e/f"}) == "https://x.org/e/f"
    )
    assert page_chrome.repository_url({}, {}) is None


def test_render_helpers():
    assert page_chrome.human_date(datetime.date(2026, 1, 5)) == "5 January 2026"
    assert page_chrome.render_status_line(None, None, {}) == ""
    assert "pls-status--in-review" in page_chrome.render_status_line(None, "in review", {"in review": "In review."})
    assert page_chrome.render_status_line(None, "in review", {"in review": "Checked{on_date}."}).count("Checked.") == 1
    assert page_chrome.insert_after_h1("<h1>T</h1><p>x</p>", "<p>S</p>") == "<h1>T</h1>\n<p>S</p><p>x</p>"


# --- The real site -------------------------------------------------------------------------------


@pytest.mark.parametrize("markdown_path", nav_pages())
def test_every_real_page_has_status_and_disclaimer(built_site, markdown_path):
    article = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser").select_one("article")
    assert article.select_one(".pls-page-status"), f"{markdown_path}: no review status"
    assert DISCLAIMER in article.select_one(".pls-disclaimer").get_text(), f"{markdown_path}: no disclaimer"
