"""Python dependencies: every distribution we import is declared, and the lock pins each with its hashes.

requirements.in declares what the project uses directly; requirements.txt (`make lock`, pip-tools)
pins it and everything it pulls in, each with PyPI's hashes, and `make venv` installs it with
--require-hashes, so a newcomer's install is exactly CI's.
"""

import ast
import importlib.metadata
import re
import subprocess
import sys

from sitebuilder import PROJECT_ROOT, project_config

# Our own Python: every module in these folders is ours, imported by its bare name (ruff.toml's src).
OUR_FOLDERS = ("hooks", "tests", "scripts", "bench")
REQUIREMENT_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalise(name: str) -> str:
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    names = set()
    for line in (PROJECT_ROOT / "requirements.in").read_text(encoding="utf-8").splitlines():
        match = REQUIREMENT_NAME.match(line.strip())
        if match:
            names.add(_normalise(match.group(1)))
    return names


def _locked() -> dict[str, str]:
    """requirements.txt as {name: the requirement's text, hash lines included}."""
    text = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8")
    requirements = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = REQUIREMENT_NAME.match(block)
        if match:
            requirements[_normalise(match.group(1))] = block
    return requirements


def _our_python_files():
    for folder in OUR_FOLDERS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if "fixtures" not in path.relative_to(PROJECT_ROOT).parts:
                yield path


def _our_module_names() -> set[str]:
    names = set()
    for folder in OUR_FOLDERS:
        for path in (PROJECT_ROOT / folder).rglob("*"):
            names.add(path.stem if path.suffix == ".py" else path.name)
    return names


def _third_party_imports() -> dict[str, list[str]]:
    """{top-level module: [file:line, ...]} for every import that is neither the standard library nor ours."""
    ours = _our_module_names()
    found: dict[str, list[str]] = {}
    for path in _our_python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ours:
                    found.setdefault(top, []).append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    return found


def _undeclared(modules: dict[str, list[str]]) -> list[str]:
    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    problems = []
    for module, places in sorted(modules.items()):
        names = {_normalise(name) for name in distributions.get(module, [])}
        if not names:
            problems.append(
                f"{places[0]}: '{module}' is installed by no distribution in .venv — add it to requirements.in"
            )
        elif not names & declared:
            problems.append(
                f"{places[0]}: '{module}' (distribution {', '.join(sorted(names))}) is not declared"
                " — add it to requirements.in and run `make lock`"
            )
    return problems


def test_every_third_party_import_in_our_code_is_declared_in_requirements_in():
    imports = _third_party_imports()
    # The scan must see the imports it exists for, or it proves nothing.
    assert {"mkdocs", "pybtex", "markdown", "yaml", "pytest", "bs4"} <= set(imports), sorted(imports)
    problems = _undeclared(imports)
    assert not problems, "\n".join(problems)


def test_an_undeclared_import_is_named_with_its_file_and_the_fix():
    problems = _undeclared({"pygments": ["hooks/x.py:3"], "no_such_module_anywhere": ["tests/y.py:9"]})
    assert problems == [
        "tests/y.py:9: 'no_such_module_anywhere' is installed by no distribution in .venv — add it to requirements.in",
        "hooks/x.py:3: 'pygments' (distribution pygments) is not declared"
        " — add it to requirements.in and run `make lock`",
    ]


def test_every_plugin_and_markdown_extension_in_mkdocs_yml_comes_from_a_declared_distribution():
    config = project_config()
    declared = _declared()
    plugins = {entry.name: entry for entry in importlib.metadata.entry_points(group="mkdocs.plugins")}
    problems = []
    for item in config["plugins"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        entry = plugins.get(name)
        owner = _normalise(entry.dist.name) if entry is not None and entry.dist is not None else None
        if owner is None or owner not in declared:
            problems.append(f"mkdocs.yml: plugin '{name}' comes from {owner or 'no installed distribution'}")
    distributions = importlib.metadata.packages_distributions()
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        module = name.split(".")[0] if "." in name else "markdown"  # bare names are Python-Markdown's own
        if not {_normalise(d) for d in distributions.get(module, [])} & declared:
            problems.append(f"mkdocs.yml: Markdown extension '{name}' comes from an undeclared distribution")
    assert not problems, "\n".join(problems)


def test_the_lock_pins_everything_declared_exactly_with_hashes_from_pypi_only():
    locked = _locked()
    assert len(locked) > 40, sorted(locked)
    missing = sorted(_declared() - set(locked))
    assert not missing, f"declared in requirements.in but not locked: {missing} — run `make lock`"
    for name, requirement in locked.items():
        assert re.match(r"^[A-Za-z0-9._-]+==[^\s\\]+", requirement), f"{name} is not pinned exactly: {requirement!r}"
        assert "--hash=sha256:" in requirement, f"{name} has no hash: {requirement!r}"
    text = (PROJECT_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "#    make lock\n" in text, "requirements.txt was not written by `make lock`"
    assert "file://" not in text and "/opt/" not in text and "--find-links" not in text, (
        "a local index leaked into the lock"
    )


def test_the_installed_versions_are_the_locked_ones():
    locked = _locked()
    wrong = []
    for name, requirement in sorted(locked.items()):
        pinned = requirement.split("==", 1)[1].split()[0]
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{name}: locked {pinned}, not installed")
            continue
        if installed != pinned:
            wrong.append(f"{name}: locked {pinned}, installed {installed}")
    assert not wrong, "\n".join(wrong) + "\n— run `make venv` (touch requirements.txt to force it)"


def test_make_venv_installs_the_lock_with_require_hashes():
    completed = subprocess.run(
        ["make", "-n", "-B", "--no-print-directory", "venv"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    installs = [line for line in completed.stdout.splitlines() if " pip install " in line]
    assert installs and all("--require-hashes -r requirements.txt" in line for line in installs), completed.stdout
