"""What the tables in `data/` were built from: a hash of every input, written beside the tables.

Inputs are the plan files, the resource files the rules read (aliases, vocabulary, domain dictionary,
matcher model) and the code of the stages that make tables. The report skips a build whose inputs
are unchanged; notebooks refuse tables built from other inputs instead of rebuilding behind the
user's back. Hashing every input takes milliseconds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.ingest import plan_files
from analysis.paths import DOMAIN_DICT, MATCHER_MODEL_JSON, PACKAGE_DIR, UNIT_ALIASES_CSV, VOCABULARY_TOML

MANIFEST_NAME = "manifest.json"
# Code that decides what the tables hold; presentation and output code can change without a rebuild.
STAGE_CODE = ("registry.py", "paths.py", "ingest", "text", "tidy", "match", "targets", "workload")
RESOURCES = (UNIT_ALIASES_CSV, VOCABULARY_TOML, DOMAIN_DICT, MATCHER_MODEL_JSON)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _code_hash() -> str:
    digest = hashlib.sha256()
    for entry in STAGE_CODE:
        path = PACKAGE_DIR / entry
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(PACKAGE_DIR)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


ABSENT = "absent"


def input_fingerprint(seeds_dir: str | Path, decisions: str | Path | None = None) -> dict[str, dict[str, str]]:
    """Hashes of everything the tables depend on, by kind and name (the decisions file by its path)."""
    decided = (
        {str(Path(decisions).resolve()): _sha256(Path(decisions)) if Path(decisions).is_file() else ABSENT}
        if decisions
        else {}
    )
    return {
        "plans": {p.name: _sha256(p) for p in plan_files(seeds_dir)} if Path(seeds_dir).is_dir() else {},
        "decisions": decided,
        "resources": {p.name: _sha256(p) for p in RESOURCES if p.exists()},
        "code": {"stages": _code_hash()},
    }


def read_manifest(data_dir: str | Path) -> dict | None:
    """The manifest of a data folder, or None when there is none (or it is unreadable)."""
    path = Path(data_dir) / MANIFEST_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def differences(recorded: dict[str, dict[str, str]], current: dict[str, dict[str, str]]) -> list[str]:
    """What changed between two fingerprints, in words: 'plan 2024.txt added', 'resource unit_aliases.csv changed'."""
    words = {"plans": "plan", "decisions": "decisions file", "resources": "resource", "code": "code"}
    changes = []
    for kind, label in words.items():
        old, new = recorded.get(kind, {}), current.get(kind, {})
        changes += [f"{label} {name} added" for name in sorted(set(new) - set(old))]
        changes += [f"{label} {name} removed" for name in sorted(set(old) - set(new))]
        changes += [f"{label} {name} changed" for name in sorted(set(old) & set(new)) if old[name] != new[name]]
    return changes
