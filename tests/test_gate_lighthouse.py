"""Gate 4, Lighthouse: performance, accessibility, best practices and SEO all at least 95.

Lighthouse 12 (npm, pinned; 13 needs Node 22) audits the home page, a topic page and the claims
register with its mobile (default) and desktop presets, one run at a time, only those four
categories. The site is served compressed, as GitHub Pages serves it. Every run's scores are printed
in the test output, whether it passes or not.
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
    with capsys.disabled():
        print(f"\nLighthouse {label} [{preset}]: {scores}")


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("markdown_path", audited_pages())
def test_lighthouse_scores_at_least_95(
    built_site, served_like_pages, chrome_path, tmp_path, capsys, markdown_path, preset
):
    url_path = page_url(markdown_path)
    built = built_site.site_dir / url_path / "index.html"
    assert built.exists(), f"{markdown_path}: the page Lighthouse must audit was not built ({built})"

    def audit(run: int) -> dict:
        return gates.run_lighthouse(
            served_like_pages + url_path, preset, tmp_path / f"report-{run}.json", chrome_path, CHROMIUM_ARGS
        )

    report = audit(1)
    # The performance score moves with the machine's load (it is timed, with the CPU throttled 4x
    # on mobile): the same page scores from 93 to 98 on this 2-core machine. Lighthouse's own advice
    # on variability is the median of five runs: below the bar, four more runs are made and the run
    # with the median performance score is judged.
    if gates.lighthouse_scores(report)["performance"] is not None and (
        gates.lighthouse_scores(report)["performance"] < gates.LIGHTHOUSE_MINIMUM
    ):
        runs = [report, *(audit(run) for run in range(2, 6))]
        report = sorted(runs, key=lambda run: gates.lighthouse_scores(run)["performance"] or 0)[2]
    _report_scores(capsys, markdown_path, preset, report)
    problems = gates.lighthouse_problems(report, markdown_path, preset)
    assert not problems, "\n".join(problems)


def test_lighthouse_names_the_page_and_the_audit_that_failed(chrome_path, tmp_path, capsys):
    site = gates.fixture_site("gate-broken")
    with gates.serve_like_github_pages(site.site_dir) as base_url:
        report = gates.run_lighthouse(
            base_url + "broken/", "mobile", tmp_path / "report.json", chrome_path, CHROMIUM_ARGS
        )
    _report_scores(capsys, "fixture broken.md", "mobile", report)
    problems = gates.lighthouse_problems(report, "broken.md", "mobile")
    # The image without alt text costs points in more than one category (SEO counts it as well).
    assert problems, "Lighthouse passed a page with an image that has no alt text"
    assert all(p.startswith("broken.md (mobile): Lighthouse ") and " < 95 — failing audits: " in p for p in problems), (
        problems
    )
    assert any("image-alt (0.00)" in p for p in problems), problems
