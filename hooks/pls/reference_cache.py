"""Records kept on disk between builds, so unchanged input is never formatted or measured twice.

Why this exists: formatting a reference with pybtex (LaTeX decoding, templates) and converting it to
HTML costs about a millisecond; a bibliography of 2,000 entries costs seconds on every build, and
under `mkdocs serve` on every save. Measuring a patient text's reading grade first loads textstat's
pronouncing dictionary (half a second). What a record holds depends only on its input (an entry as
written, a block's text) and on the code and libraries that make it, so the cache keys each record
on exactly that: the SHA-256 of the input under a fingerprint of the making modules' source and the
installed versions of the libraries (for references pybtex, latexcodec, Markdown and mkdocs-bibtex).
A changed input, style or library gets a new key; nothing is ever served stale, and nothing needs
to be cleared by hand.

The cache is a JSON file per kind of record in `.cache/pls/` beside mkdocs.yml (PLS_CACHE_DIR overrides the folder,
e.g. for a CI cache), written atomically; records no build used this time are dropped.
A missing, unreadable or foreign file is an empty cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

CACHE_VARIABLE = "PLS_CACHE_DIR"
CACHE_FILE = "references.json"
LIBRARIES = ("pybtex", "latexcodec", "Markdown", "mkdocs-bibtex")
FORMAT_VERSION = 2


def fingerprint(
    source_files: Iterable[Path], installed_version=importlib.metadata.version, libraries: Iterable[str] = LIBRARIES
) -> str:
    """What a record depends on besides its input: the code that makes it and the libraries' versions."""
    digest = hashlib.sha256(f"pls-reference-cache {FORMAT_VERSION}\n".encode())
    for path in source_files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in libraries:
        digest.update(f"{library}=={installed_version(library)}\n".encode())
    return digest.hexdigest()


def entry_key(entry_text: str, shared_text: str = "") -> str:
    """The key of one entry's record: its BibTeX text and the file's @string/@preamble text."""
    return hashlib.sha256(f"{shared_text}\0{entry_text}".encode()).hexdigest()


def text_key(text: str) -> str:
    """The key of a record made from one text alone."""
    return hashlib.sha256(text.encode()).hexdigest()


def cache_folder(config_dir: Path, environ: Mapping[str, str]) -> Path:
    """`.cache/pls/` beside mkdocs.yml, or the folder PLS_CACHE_DIR names."""
    configured = environ.get(CACHE_VARIABLE, "").strip()
    return Path(configured) if configured else config_dir / ".cache" / "pls"


def open_cache(
    config_file_path: str, file_name: str, code_files: Iterable[Path], libraries: Iterable[str] = LIBRARIES
) -> ReferenceCache:
    """The cache file `file_name` in the build's cache folder, for records made by `code_files` with `libraries`."""
    folder = cache_folder(Path(config_file_path).parent, os.environ)
    return ReferenceCache(folder / file_name, fingerprint(code_files, libraries=libraries))


class ReferenceCache:
    """Records (JSON objects) by key (entry_key, text_key), for one fingerprint.

    references.json holds each entry's formatted text ({"markdown", "html", "annotation", "label"});
    downloads.json each entry's BibTeX and RIS for the bibliography downloads; readability.json each
    measured text's grade ({"grade"}), by text_key.
    """

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.records: dict[str, dict] = {}
        self.used: set[str] = set()
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("fingerprint") == fingerprint and isinstance(data.get("records"), dict):
            self.records = data["records"]

    def get(self, key: str) -> dict | None:
        record = self.records.get(key)
        if record is not None:
            self.used.add(key)
        return record

    def put(self, key: str, record: dict) -> None:
        self.records[key] = record
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        """Write the records this build used (others belong to entries no longer there), if anything changed."""
        if not self.changed and self.used == set(self.records):
            return
        records = {key: self.records[key] for key in sorted(self.used)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".references-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"fingerprint": self.fingerprint, "records": records}, file, ensure_ascii=False)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
