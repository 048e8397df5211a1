"""Check every page's front matter against hooks/front_matter.schema.yml, with the file and line.

Why: the page template in CONTRIBUTING.md puts title, description, reviewed date, editorial status and
audience in each page's front matter; other steps and the reader-facing page chrome rely on them.
MkDocs itself never checks them, and when the YAML does not parse it silently treats the page as
having no front matter and prints the block as text. These steps read the raw front matter once per
build (so they know each key's line), validate it with jsonschema, and log one warning per problem:

    docs/treatment/index.md:4: 'reviewed' is '21/11/2026', not a date in YYYY-MM-DD form — write ...

The pure functions (read_front_matter, check_front_matter) are used by the tests; drafts.py and
staleness.py read the build's parse (`build.front_matter`).
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .problems import Problem, docs_path, report, yaml_error_line
from .state import Build

SCHEMA_PATH = Path(__file__).with_name("front_matter.schema.yml")
# MkDocs recognises front matter only as a '---' line at the very top, closed by '---' or '...'.
OPENING = "---"
CLOSINGS = ("---", "...")
TYPE_WORDS = MappingProxyType(
    {
        "string": "text in quotes",
        "array": "a list in [brackets]",
        "object": "a mapping",
        "boolean": "true or false",
    }
)


@dataclass
class FrontMatter:
    """A page's front matter as written: the values, the file line of each, and reading problems."""

    data: dict[str, Any] | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str, index: int | None = None) -> int:
        """File line of a key (or of one item of a list value); line 1 when the key is absent."""
        if index is not None and index < len(self.item_lines.get(key, [])):
            return self.item_lines[key][index]
        return self.key_lines.get(key, 1)


# --- Steps ---------------------------------------------------------------------------------------


def read_all_front_matter(build: Build, files: Files) -> None:
    """Read every page's front matter once per build, for the page checks and the draft steps."""
    build.front_matter_schema = load_schema()
    build.front_matter_validator = validator_for(build.front_matter_schema)
    for file in files.documentation_pages():
        front = read_front_matter(file.content_string)
        build.front_matter[file.src_uri] = front
        # Reported here, for every page: a page its own front matter makes a draft (a second
        # `status: draft`) is never checked as a page, and must not vanish without a word.
        for problem in front.problems:
            report(problem.at(docs_path(build.config, file.src_uri)))


def check_page_front_matter(build: Build, page: Page) -> None:
    """Log one warning per front matter problem of this page (strict builds then fail)."""
    front = build.front_matter.get(page.file.src_uri)
    reading_problems = []
    if front is None:  # a page added after on_files: its reading problems are not reported yet
        front = read_front_matter(page.file.content_string)
        reading_problems = front.problems
    path = docs_path(build.config, page.file.src_uri)
    problems = check_front_matter(front, build.front_matter_schema, build.today, build.front_matter_validator)
    for problem in reading_problems + problems:
        report(problem.at(path))


# --- Reading -------------------------------------------------------------------------------------


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as MkDocs reads it, except that dates stay text so the schema can say what is wrong."""


class _FastFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same with libyaml's parser when PyYAML has it: several times faster, same values and lines.

    Its error wording differs from the pure-Python parser's, so a page it cannot read is read again
    with _FrontMatterLoader, whose message is the one editors see (and tests assert).
    """


_FrontMatterLoader.yaml_implicit_resolvers = _FastFrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

STRUCTURE_FIX = (
    "start the page with a '---' line, one 'key: value' line each for title, description, reviewed,"
    " status and audience, and a closing '---' line (see the page template in CONTRIBUTING.md)"
)


def read_front_matter(text: str) -> FrontMatter:
    """Find and parse the front matter block at the top of a page's raw source."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != OPENING:
        first = next((number for number, line in enumerate(lines, 1) if line.strip()), 1)
        if first <= len(lines) and lines[first - 1].rstrip() == OPENING:
            what = f"the front matter starts on line {first}, but MkDocs reads it only on line 1"
            return FrontMatter(problems=[Problem(first, what, "remove the lines above the opening '---'")])
        return FrontMatter(problems=[Problem(1, "the page has no front matter", STRUCTURE_FIX)])
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip() in CLOSINGS), None)
    if closing is None:
        what = "the front matter opened on line 1 is never closed"
        return FrontMatter(problems=[Problem(1, what, "add a '---' line after its last field")])
    return _parse_block("\n".join(lines[1:closing]) + "\n", first_line=2)


def _parse_block(block: str, *, first_line: int) -> FrontMatter:
    """Parse the YAML between the '---' lines; file line numbers start at first_line."""
    try:
        node, data = _load(_FastFrontMatterLoader, block)
    except yaml.YAMLError:
        node, data = None, None  # read again below, for the pure-Python parser's message
    if node is None:
        try:
            node, data = _load(_FrontMatterLoader, block)
        except yaml.MarkedYAMLError as error:
            line = yaml_error_line(error, first_line)
            what = f"the front matter is not valid YAML ({error.problem or error.context})"
            fix = "check this line: put a value that contains ': ' or starts with [ { @ ` ' \" in double quotes"
            block_lines = block.split("\n")
            if 0 <= line - first_line < len(block_lines) and "\t" in block_lines[line - first_line]:
                what = "the front matter has a tab character on this line, which YAML does not allow"
                fix = "replace the tab with spaces"
            return FrontMatter(problems=[Problem(line, what, fix)])
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return FrontMatter(
            problems=[Problem(first_line, "the front matter is not a list of 'key: value' lines", STRUCTURE_FIX)]
        )

    front = FrontMatter(data=data)
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in front.key_lines:
            what = f"'{key}' is set twice (lines {front.key_lines[key]} and {line})"
            front.problems.append(Problem(line, what, "keep one of them"))
            continue
        front.key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            front.item_lines[key] = [first_line + item.start_mark.line for item in value_node.value]
    return front


def _load(loader_class: type, block: str) -> tuple[yaml.Node | None, Any]:
    """The YAML node tree of `block` (for line numbers) and the values it stands for."""
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# --- Checking ------------------------------------------------------------------------------------


def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    """The front matter schema (a JSON Schema kept as YAML beside this file)."""
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def check_front_matter(
    front: FrontMatter,
    schema: dict[str, Any],
    today: datetime.date,
    validator: jsonschema.Draft202012Validator | None = None,
) -> list[Problem]:
    """Every way the parsed front matter breaks the schema, plus a reviewed date in the future.

    `validator`: validator_for(schema), made once per build (making one per page is a visible cost).
    """
    if front.data is None:
        return []
    data = front.data
    properties = schema.get("properties", {})
    validator = validator or validator_for(schema)
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        if error.validator == "required":
            missing = [key for key in error.validator_value if key not in data]
            for key in missing:
                fix = properties.get(key, {}).get("x-fix", f"add '{key}'")
                problems.append(Problem(1, f"the front matter has no '{key}'", fix))
        elif error.validator == "additionalProperties" and not error.absolute_path:
            for key in (key for key in data if key not in properties):
                allowed = ", ".join(properties)
                fix = f"fix the name or remove it; allowed keys: {allowed}{_closest(key, properties)}"
                problems.append(Problem(front.line_of(key), f"unknown front matter key '{key}'", fix))
        else:
            problems.append(_describe(error, front, properties))

    reviewed = data.get("reviewed")
    if isinstance(reviewed, str) and _is_date(reviewed) and datetime.date.fromisoformat(reviewed) > today:
        what = f"'reviewed' is {reviewed}, which is in the future"
        problems.append(Problem(front.line_of("reviewed"), what, "use the date the content was actually reviewed"))
    unique = list(dict.fromkeys(problems))  # jsonschema reports each missing key once per key
    return sorted(unique, key=lambda problem: problem.line)


def validator_for(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """The schema's validator, with format checks (dates)."""
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _describe(error: jsonschema.ValidationError, front: FrontMatter, properties: dict[str, Any]) -> Problem:
    """Turn one jsonschema error about a field into a Problem on that field's line."""
    path = list(error.absolute_path)
    key = str(path[0])
    index = path[1] if len(path) > 1 and isinstance(path[1], int) else None
    spec = properties.get(key, {})
    fix = spec.get("x-fix", "see CONTRIBUTING.md")
    value = error.instance
    line = front.line_of(key, index)
    if value is None or (error.validator == "minLength" and value == ""):
        return Problem(line, f"'{key}' is empty", fix)
    if error.validator == "format" or (error.validator == "type" and spec.get("format") == "date"):
        return Problem(line, f"'{key}' is {_show(value)}, not a real date in YYYY-MM-DD form", fix)
    if error.validator == "type":
        expected = TYPE_WORDS.get(error.validator_value, error.validator_value)
        return Problem(line, f"'{key}' must be {expected}, not {_show(value)}", fix)
    if error.validator == "maxLength":
        return Problem(line, f"'{key}' is {len(value)} characters long, more than {error.validator_value}", fix)
    if error.validator == "minItems":
        return Problem(line, f"'{key}' is an empty list", fix)
    if error.validator == "uniqueItems":
        return Problem(line, f"'{key}' lists the same value twice", fix)
    if error.validator == "enum":
        choices = [str(choice) for choice in error.validator_value]
        subject = f"'{key}' lists {_show(value)}" if index is not None else f"'{key}' is {_show(value)}"
        what = f"{subject}, which is not one of {', '.join(choices)}"
        return Problem(line, what, fix + _closest(str(value), choices))
    return Problem(line, f"'{'.'.join(str(part) for part in path)}': {error.message}", fix)


def _closest(word: str, choices) -> str:
    """' (closest: 'x')' for the most similar allowed value, or '' when nothing is close."""
    matches = difflib.get_close_matches(word.lower(), [str(choice) for choice in choices], n=1, cutoff=0.5)
    return f" (closest: '{matches[0]}')" if matches else ""


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


# --- Helpers -------------------------------------------------------------------------------------
