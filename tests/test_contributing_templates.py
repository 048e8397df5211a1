"""The pull-request checklist and the readers' content-error form say what CONTRIBUTING.md promises."""

import yaml

from pls import page_chrome
from sitebuilder import PROJECT_ROOT

GITHUB = PROJECT_ROOT / ".github"


def _issue_form() -> dict:
    name = page_chrome.chrome_text()["issue_form"]
    return yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))


def test_pull_request_template_has_the_review_checklist():
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    checklist = [line for line in template.splitlines() if line.startswith("- [ ] ")]
    for item in ("Sources verified", "Certainty justified", "Reviewed date updated", "`make check` passes"):
        assert any(item in line for line in checklist), f"the PR checklist lacks {item!r}"


def test_content_error_form_is_a_valid_issue_form_with_the_page_field_the_report_link_fills():
    form = _issue_form()
    assert form["name"] and form["description"]
    fields = [element for element in form["body"] if element["type"] != "markdown"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids)), "issue form ids must be unique"
    assert all(field["type"] in {"input", "textarea", "dropdown", "checkboxes"} for field in fields)
    page = next(field for field in fields if field["id"] == "page")
    assert page["type"] == "input" and page["validations"]["required"] is True
    link = page_chrome.report_url("https://github.com/o/r", page_chrome.chrome_text()["issue_form"], "docs/a.md", "A")
    assert "page=docs%2Fa.md" in link, "the report link must prefill the form's 'page' field by its id"


def test_content_error_form_protects_readers_privacy():
    form = _issue_form()
    intro = " ".join(element["attributes"]["value"] for element in form["body"] if element["type"] == "markdown")
    assert "public" in intro and "medical advice" in intro
    privacy = next(element for element in form["body"] if element.get("id") == "privacy")
    assert all(option["required"] for option in privacy["attributes"]["options"])


def test_issue_template_config_keeps_blank_issues_for_editors():
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is True
    assert all(link["url"].startswith("https://") for link in config.get("contact_links", []))
