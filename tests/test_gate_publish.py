"""Gate 8, no partial publish: GitHub Pages gets the site only after the strict build and every test passed.

The publish workflow is read as data: the job that uploads the Pages artifact must run `make test`
first (or need the job that does), build with `make build` (strict), and let nothing fail quietly;
the deploy job must need the test job and must not run regardless of its result. A failing run then
uploads nothing, and the live site stays as it was.
"""

import yaml

import gates
from sitebuilder import FIXTURES, PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "site.yml"


def _makefile() -> str:
    return (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")


def test_publish_workflow_deploys_only_after_strict_build_and_every_test():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert gates.publish_workflow_problems(workflow, _makefile()) == []


def test_deploy_that_does_not_wait_for_tests_is_caught():
    workflow = yaml.safe_load((FIXTURES / "gate-publish" / "deploy-without-needs.yml").read_text(encoding="utf-8"))
    assert gates.publish_workflow_problems(workflow, _makefile()) == [
        "job 'deploy' deploys to GitHub Pages without needing the test job (test) — add 'needs: test'",
    ]


def test_upload_before_tests_and_quiet_failures_are_caught():
    workflow = yaml.safe_load((FIXTURES / "gate-publish" / "upload-before-tests.yml").read_text(encoding="utf-8"))
    assert gates.publish_workflow_problems(workflow, _makefile()) == [
        "job 'test' uploads the site (step 3) before 'make test' (step 4)",
        "job 'test' step 4 has continue-on-error: a failure there would still publish",
        "job 'deploy' deploys even when tests failed (if: always())",
    ]


def test_a_build_that_is_not_strict_is_caught():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    lax = _makefile().replace("mkdocs build --strict", "mkdocs build")
    assert gates.publish_workflow_problems(workflow, lax) == [
        "Makefile: 'make build' does not run 'mkdocs build --strict'"
    ]


def test_the_published_build_gets_its_address_from_github_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert gates.site_url_problems(workflow) == []


def test_a_build_without_the_pages_address_is_caught():
    workflow = yaml.safe_load((FIXTURES / "gate-publish" / "deploy-without-needs.yml").read_text(encoding="utf-8"))
    assert gates.site_url_problems(workflow) == [
        "job 'test' builds the site without running actions/configure-pages first — add it"
    ]
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    build_step = next(step for step in steps if step.get("run") == "make build")
    build_step["env"]["SITE_URL"] = "https://example.org/"
    assert gates.site_url_problems(workflow) == [
        f"job 'test' step {steps.index(build_step) + 1} (make build) does not set SITE_URL from "
        "${{ steps.pages.outputs.base_url }}"
        " — add 'env: {SITE_URL: \"${{ steps.pages.outputs.base_url }}/\"}'"
    ]
