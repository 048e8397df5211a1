"""The commit checks editors get from pre-commit: spelling with the medical word list, ruff, the config itself."""

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from sitebuilder import PROJECT_ROOT, front_matter

BIN = PROJECT_ROOT / ".venv" / "bin"
SPELLING_TARGETS = ["docs", "includes", "CONTRIBUTING.md", "README.md"]


def _run(*command: str, cwd: Path = PROJECT_ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_pages_and_contributing_are_spelled_right_with_the_medical_word_list():
    completed = _run(str(BIN / "codespell"), *SPELLING_TARGETS)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_codespell_catches_a_typo_but_not_a_medical_abbreviation(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Pain scores on the VAS fell; OT helped. We recieve reports.\n", encoding="utf-8")
    # Run from the project so .codespellrc (and with it .codespell-words.txt) applies.
    completed = _run(str(BIN / "codespell"), str(page))
    assert completed.returncode != 0
    assert completed.stdout.strip().splitlines() == [f"{page}:1: recieve ==> receive"]


def test_python_is_lint_clean():
    completed = _run(str(BIN / "ruff"), "check", "hooks", "tests", "scripts")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_pre_commit_config_is_valid_and_uses_only_pinned_local_tools():
    completed = _run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    config = yaml.safe_load((PROJECT_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"], "no hook may be fetched from GitHub"
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "codespell", "check-yaml", "trailing-whitespace", "make-check"} <= set(hooks)
    for hook in hooks.values():
        executable = hook["entry"].split()[0]
        assert (PROJECT_ROOT / executable).exists(), f"{hook['id']}: {executable} is not installed by make venv"


def test_pre_commit_stops_a_commit_with_a_typo_and_a_broken_page(tmp_path):
    """Run the real hooks on a small repository holding a copy of the project's checks."""
    repo = tmp_path / "repo"
    for name in (".pre-commit-config.yaml", ".codespellrc", ".codespell-words.txt", "ruff.toml", "mkdocs.yml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / name, repo / name)
    for folder in ("hooks", "scripts", "includes", "overrides"):
        shutil.copytree(PROJECT_ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (repo / ".venv").symlink_to(PROJECT_ROOT / ".venv", target_is_directory=True)
    (repo / "references.bib").write_text("", encoding="utf-8")
    (repo / "mkdocs.yml").write_text(
        (repo / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0] + "\nnav:\n  - index.md\n",
        encoding="utf-8",
    )
    docs = repo / "docs"
    docs.mkdir()
    shutil.copytree(PROJECT_ROOT / "docs" / "assets", docs / "assets")
    (docs / "index.md").write_text(
        front_matter("Home").replace("approved", "aproved") + "# Home\n\nWe recieve reports. \n", encoding="utf-8"
    )

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_MKDOCS_2_WARNING": "1"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert _run(*command, cwd=repo, env=env).returncode == 0
    completed = _run(str(BIN / "pre-commit"), "run", "--all-files", cwd=repo, env=env)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "docs/index.md:11: recieve ==> receive" in output
    assert "docs/index.md:5: 'status' is 'aproved', which is not one of draft, in review, approved" in output
    assert (docs / "index.md").read_text(encoding="utf-8").endswith("We recieve reports.\n"), "whitespace fixed"
