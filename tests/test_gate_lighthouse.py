"""Gate 4, Lighthouse: accessibility, best practices and SEO at least 95, and each page within its budgets.

Lighthouse 12 (npm, pinned; 13 needs Node 22) audits the home page, a topic page and the claims
register with its mobile (default) and desktop presets, one run at a time. The gate judges what does
not depend on the machine's speed: the three scores, and the page's weight against
tests/lighthouse-budgets.json (bytes transferred, requests, DOM elements, cumulative layout shift).
The performance score is timed, so it moves with the load of a shared machine: it is printed with
the others, never judged. The site is served compressed, as GitHub Pages serves it.
"""

import pytest

import gates
from conftest import CHROMIUM_ARGS, chromium_executable, nav_pages, page_url
from sitebuilder import PROJECT_ROOT

pytestmark = pytest.mark.browser

HOME, TOPIC, CLAIMS_REGISTER = "index.md", "treatment/second-line.md", "evidence/claims.md"
PRESETS = ("mobile", "desktop")


def audited_pages() -> list[str]:
    """Home, a topic page and the claims register: the register from the moment the claims hooks
    (hooks/claims*.py, which generate it) or the nav have it — then a missing page fails, never skips."""
    pages = [HOME, TOPIC]
    if CLAIMS_REGISTER in nav_pages() or any((PROJECT_ROOT / "hooks" / "pls").glob("claims*.py")):
        pages.append(CLAIMS_REGISTER)
    return pages


@pytest.fixture(scope="module")
def served_like_pages(built_site):
    with gates.serve_like_github_pages(built_site.site_dir) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def chrome_path(browser_type) -> str:
    return chromium_executable() or browser_type.executable_path


def _report_scores(capsys, label: str, preset: str, report: dict) -> None:
    scores = ", ".join(
        f"{category} {'-' if score is None else round(score * 100)}"
        for category, score in gates.lighthouse_scores(report).items()
    )
    measures = gates.lighthouse_measures(report) if not report.get("runtimeError") else {}
    weight = ", ".join(f"{measure} {value:g}" for measure, value in measures.items())
    with capsys.disabled():
        print(f"\nLighthouse {label} [{preset}]: {scores} (performance not judged); {weight}")


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("markdown_path", audited_pages())
def test_lighthouse_scores_at_least_95_and_pages_within_budget(
    built_site, served_like_pages, chrome_path, tmp_path, capsys, markdown_path, preset
):
    url_path = page_url(markdown_path)
    built = built_site.site_dir / url_path / "index.html"
    assert built.exists(), f"{markdown_path}: the page Lighthouse must audit was not built ({built})"
    report = gates.run_lighthouse(
        served_like_pages + url_path, preset, tmp_path / "report.json", chrome_path, CHROMIUM_ARGS
    )
    _report_scores(capsys, markdown_path, preset, report)
    problems = gates.lighthouse_problems(report, markdown_path, preset)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def broken_page_report(chrome_path, tmp_path_factory) -> dict:
    """One Lighthouse run on a fixture page with an image that has no alt text."""
    site = gates.fixture_site("gate-broken")
    with gates.serve_like_github_pages(site.site_dir) as base_url:
        report = gates.run_lighthouse(
            base_url + "broken/", "mobile", tmp_path_factory.mktemp("lh") / "report.json", chrome_path, CHROMIUM_ARGS
        )
    return report


def test_lighthouse_names_the_page_and_the_audit_that_failed(broken_page_report, capsys):
    _report_scores(capsys, "fixture broken.md", "mobile", broken_page_report)
    problems = gates.lighthouse_problems(broken_page_report, "broken.md", "mobile")
    # The image without alt text costs points in more than one category (SEO counts it as well).
    assert problems, "Lighthouse passed a page with an image that has no alt text"
    assert all(p.startswith("broken.md (mobile): Lighthouse ") and " < 95 — failing audits: " in p for p in problems), (
        problems
    )
    assert any("image-alt (0.00)" in p for p in problems), problems


def test_a_page_over_a_budget_fails_with_the_measure_the_budget_and_the_fix(broken_page_report):
    measured = gates.lighthouse_measures(broken_page_report)
    assert measured["transfer-bytes"] > 1000 and measured["requests"] >= 2 and measured["dom-elements"] > 10, measured
    tight = {"transfer-bytes": 1000, "requests": 1, "dom-elements": 10, "layout-shift": 1}
    problems = [
        p for p in gates.lighthouse_problems(broken_page_report, "broken.md", "mobile", budgets=tight) if "budget" in p
    ]
    assert problems == [
        f"broken.md (mobile): {measured['transfer-bytes']:,.0f} bytes transferred, over the budget of 1,000"
        " (tests/lighthouse-budgets.json) — make the page or its assets lighter",
        f"broken.md (mobile): {measured['requests']:,.0f} requests, over the budget of 1"
        " (tests/lighthouse-budgets.json) — load fewer files (bundle, inline or drop some)",
        f"broken.md (mobile): {measured['dom-elements']:,.0f} DOM elements, over the budget of 10"
        " (tests/lighthouse-budgets.json) — split the page or simplify its markup",
    ], problems


def test_the_timed_performance_score_is_not_judged(broken_page_report):
    slow = {**broken_page_report, "categories": {**broken_page_report["categories"]}}
    slow["categories"]["performance"] = {**slow["categories"]["performance"], "score": 0.1}
    judged = gates.lighthouse_problems(slow, "broken.md", "mobile")
    assert judged == gates.lighthouse_problems(broken_page_report, "broken.md", "mobile")
    assert not any("performance" in p for p in judged), judged


def test_every_budget_is_set_and_each_measure_is_in_the_report(broken_page_report):
    assert set(gates.lighthouse_budgets()) == set(gates.BUDGET_MEASURES)
    assert set(gates.lighthouse_measures(broken_page_report)) == set(gates.BUDGET_MEASURES)
