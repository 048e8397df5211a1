"""mkdocs.yml as an editor wrote it: valid UTF-8 YAML, each key once, with the line and the fix.

Why this exists: MkDocs stops on a YAML error in mkdocs.yml with PyYAML's own words ("while parsing a
block mapping ... expected <block end>, but found '-'") and no fix, and a key written twice (a second
`nav:` pasted at the end) silently replaces the first. MkDocs reads mkdocs.yml before any hook runs,
so the syntax check is run by scripts/check.py (`make check`) before it builds; the duplicate-key
check also runs in the build (`check_config_file`, on_config), where the file has loaded.

`config_problems(data)` is pure: it takes the file's bytes and gives `(line, what — fix)` pairs.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig

from .problems import Problem, report, yaml_error_line
from .source_files import utf8_problem


class _AnyTagLoader(yaml.SafeLoader):
    """YAML as data: MkDocs' tags (!ENV, !relative, !!python/name:...) are read as plain values."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


# --- Steps -------------------------------------------------------------------------------------


def check_config_file(config: MkDocsConfig) -> None:
    """A key set twice in mkdocs.yml (the file loaded, so its syntax is fine)."""
    path = Path(config.config_file_path)
    if not path.is_file():
        return
    for line, message in duplicate_keys(path.read_text(encoding="utf-8")):
        report(Problem.at_line(line, message, file=path.name))


# --- Checking ----------------------------------------------------------------------------------


def config_problems(data: bytes) -> list[tuple[int, str]]:
    """Every problem that stops MkDocs reading mkdocs.yml, or silently loses a setting."""
    problem = utf8_problem(data)
    if problem:
        return [(problem.line, problem.message)]
    text = data.decode("utf-8")
    try:
        yaml.load(text, Loader=_AnyTagLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        return [syntax_problem(error, text)]
    except yaml.YAMLError as error:
        return [(1, f"mkdocs.yml is not valid YAML ({error}) — check the file against its last working version")]
    return duplicate_keys(text)


def syntax_problem(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line, what — fix) for a YAML syntax error, the fix chosen by what PyYAML found."""
    line = yaml_error_line(error)
    lines = text.split("\n")
    problem = error.problem or ""
    what = f"mkdocs.yml is not valid YAML ({problem or error.context})"
    if "\t" in (lines[line - 1] if line <= len(lines) else "") or "'\\t'" in problem:
        return line, f"{what}: a tab character — YAML indents with spaces: replace the tab with spaces"
    if "mapping values are not allowed" in problem:
        return line, f"{what} — put a value that contains ': ' in double quotes"
    if error.context and error.context_mark and ("flow sequence" in error.context or "flow mapping" in error.context):
        opened = error.context_mark.line + 1
        bracket = "[" if "sequence" in error.context else "{"
        return opened, f"{what}: the '{bracket}' opened on this line is never closed — close it"
    if re.search(r"expected <block end>|did not find expected|could not find expected", problem):
        return (
            line,
            f"{what}: the indentation does not match the lines above — indent items of one list or mapping by the"
            " same number of spaces",
        )
    return line, f"{what} — compare this line with the lines around it (quotes, colons, indentation)"


def duplicate_keys(text: str) -> list[tuple[int, str]]:
    """(line, what — fix) for each key written twice in the same mapping."""
    try:
        node = yaml.compose(text, Loader=_AnyTagLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            first: dict[str, int] = {}
            for key_node, value_node in current.value:
                key, line = str(key_node.value), key_node.start_mark.line + 1
                if key in first:
                    found.append(
                        (
                            line,
                            f"duplicate key '{key}' (first at line {first[key]}): the second silently replaces the"
                            " first — keep one of them",
                        )
                    )
                else:
                    first[key] = line
                pending.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
    return sorted(found)
