"""One pipeline: hooks/pipeline.py is the only hook, and no module of ours keeps state between builds."""

from __future__ import annotations
import __future__

import enum
import functools
import importlib
import logging
import pkgutil
import re
import types
from pathlib import PurePath

import mkdocs.plugins
import pybtex.style.template
import yaml

import pls
from sitebuilder import PROJECT_ROOT

IMMUTABLE = (str, bytes, int, float, bool, type(None), frozenset, re.Pattern, PurePath, enum.Enum)


def _our_modules() -> list[types.ModuleType]:
    """The package and the entry point (conftest puts hooks/ on sys.path, as MkDocs does for a hook)."""
    modules = [pls] + [importlib.import_module(f"pls.{info.name}") for info in pkgutil.iter_modules(pls.__path__)]
    return [*modules, importlib.import_module("pipeline")]


def _is_immutable(value) -> bool:
    if isinstance(value, IMMUTABLE):
        return True
    if isinstance(value, tuple):
        return all(_is_immutable(item) for item in value)
    if isinstance(value, types.MappingProxyType):
        return all(_is_immutable(key) and _is_immutable(item) for key, item in value.items())
    return False


def _is_stateless_definition(value) -> bool:
    """Modules, classes, plain functions, loggers, typing names: what a module defines, not what it keeps."""
    if isinstance(value, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType)):
        return True  # an lru_cache or a partial is not a FunctionType: it keeps state, and is reported
    if isinstance(value, (logging.LoggerAdapter, __future__._Feature)):
        return True
    if isinstance(value, pybtex.style.template.Node):
        return True  # a pybtex template: every use makes a new node (pybtex's own styles define them so)
    if isinstance(value, mkdocs.plugins.CombinedEvent):
        return all(isinstance(method, types.FunctionType) for method in value.methods)
    return getattr(value, "__module__", None) == "typing"


def _is_imported_function(value, module: types.ModuleType) -> bool:
    """A library's function imported by name (urllib's urlsplit is an lru_cache): not ours to judge."""
    return callable(value) and hasattr(value, "__wrapped__") and value.__module__ != module.__name__


def _state_in(module: types.ModuleType) -> list[str]:
    return [
        f"{module.__name__}.{name}: {type(value).__name__}"
        for name, value in vars(module).items()
        if not name.startswith("__")
        and not _is_stateless_definition(value)
        and not _is_imported_function(value, module)
        and not _is_immutable(value)
    ]


def test_no_module_of_ours_keeps_mutable_state():
    found = [state for module in _our_modules() for state in _state_in(module)]
    assert found == [], "module-level state (keep it on pls.state.Build instead)"


def test_the_inspection_finds_a_cache_a_dict_and_a_list():
    module = types.ModuleType("example")
    module.memo = {}
    module.seen = []
    module.cached = functools.lru_cache(lambda text: text)
    module.cached.__module__ = "example"  # defined there, not imported
    module.constant = types.MappingProxyType({"a": ("b",)})
    module.log = mkdocs.plugins.get_plugin_logger("example")
    assert _state_in(module) == ["example.memo: dict", "example.seen: list", "example.cached: _lru_cache_wrapper"]


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: tags such as !ENV are kept as plain values."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_the_pipeline_is_the_only_hook_and_the_only_place_with_priorities():
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    assert config["hooks"] == ["hooks/pipeline.py"]
    with_priorities = sorted(
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in (PROJECT_ROOT / "hooks").rglob("*.py")
        if "event_priority" in path.read_text(encoding="utf-8")
    )
    assert with_priorities == ["hooks/pipeline.py"]


def test_the_readmes_diagram_shows_every_event_the_pipeline_handles():
    pipeline = importlib.import_module("pipeline")
    handled = sorted(name for name in vars(pipeline) if name.startswith("on_"))
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    diagram = readme.split("## How a build runs", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    shown = sorted(line.split()[0] for line in diagram.splitlines() if line.startswith("on_"))
    assert shown == handled


def test_no_module_of_the_package_handles_mkdocs_events():
    handlers = [
        f"{module.__name__}.{name}"
        for module in _our_modules()
        if module.__name__ != "pipeline"
        for name in vars(module)
        if name.startswith("on_")
    ]
    assert handlers == []


# --- One grammar, one scanner, one problem type: no module of ours keeps a copy of its own --------

PACKAGE_FILES = sorted((PROJECT_ROOT / "hooks" / "pls").glob("*.py"))


def _files_containing(pattern: str, *, owner: str) -> list[str]:
    found = re.compile(pattern)
    return [
        path.name for path in PACKAGE_FILES if path.name != owner and found.search(path.read_text(encoding="utf-8"))
    ]


def test_only_the_marker_module_spells_a_marker():
    # A private-use character (written or escaped), a quoted '<!-- pls:' or a data-pls-generated slot.
    spelt = r"[\ue000-\uf8ff]|\\ue0[0-9a-f]{2}|[\"']<!-- pls:|data-pls-generated"
    assert _files_containing(spelt, owner="markers.py") == []


def test_only_the_region_scanner_finds_code_fences():
    assert _files_containing(r"`\{3,\}|~\{3,\}", owner="regions.py") == []


def test_only_the_problems_module_defines_a_problem_type_or_a_docs_path():
    defined = r"^class \w*(Problem|Finding)\b|^def (\w*_location|_docs_\w+|source_path|project_relative|_relative)\("
    assert _files_containing(f"(?m){defined}", owner="problems.py") == []


LOGGING = (
    r"get_plugin_logger\(|getLogger\(f?[\"']mkdocs|\bprint\("
    r"|\b(log|logger|logging)\.(debug|info|warning|warn|error|critical|exception|log)\("
)


def test_only_the_problems_module_logs():
    # A logger of its own, or a call that logs: problems go through report(Problem(...)), other lines
    # through inform(), so every message has the one format and strict counts every problem.
    assert _files_containing(LOGGING, owner="problems.py") == []


def test_the_logging_inspection_finds_a_module_logger_and_its_calls():
    # The pattern above must catch what it forbids (and not the silencing of a library's logger).
    logs = re.compile(LOGGING)
    assert logs.search("log = mkdocs.plugins.get_plugin_logger(__name__)")
    assert logs.search('        log.warning(f"{where}: {message}")')
    assert logs.search("    logger.error(text)")
    assert logs.search('logging.getLogger("mkdocs.plugins.pls").info(text)')
    assert not logs.search("        build.warn(source, problem.line, problem.message)")  # through report()
    assert not logs.search('    logger = logging.getLogger("bibtexparser")\n    logger.setLevel(logging.CRITICAL)')
