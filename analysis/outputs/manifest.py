"""What the tables in `data/` were built from: a hash of every input, written beside the tables.

Inputs are the plan files, the analyst's decisions, the resource files the rules read (aliases,
vocabulary, display names, domain dictionary, matcher model) and the code of each part that makes
tables. The report skips a build whose inputs are unchanged; a build recomputes only the stages whose
own key changed (`stage_keys`); notebooks refuse tables built from other inputs instead of rebuilding
behind the user's back. Hashing every input takes milliseconds, and this module imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from analysis.inputs import plan_files
from analysis.paths import (
    DISPLAY_NAMES_CSV,
    DOMAIN_DICT,
    MATCHER_MODEL_JSON,
    PACKAGE_DIR,
    UNIT_ALIASES_CSV,
    VOCABULARY_TOML,
)

MANIFEST_NAME = "manifest.json"
# Code that decides what the tables hold, by part; presentation and output code can change without a rebuild.
SHARED_CODE = ("registry.py", "paths.py", "errors.py", "inputs.py", "text")
STAGE_CODE = (*SHARED_CODE, "ingest", "tidy", "match", "targets", "workload")
RESOURCES = (UNIT_ALIASES_CSV, VOCABULARY_TOML, DISPLAY_NAMES_CSV, DOMAIN_DICT, MATCHER_MODEL_JSON)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_hash(entry: str) -> str:
    """Hash of a part of the package's code (a module or a package folder, by its path in analysis/)."""
    digest = hashlib.sha256()
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
        "code": {entry: code_hash(entry) for entry in STAGE_CODE},
    }


def read_manifest(data_dir: str | Path) -> dict | None:
    """The manifest of a data folder, or None when there is none (or it is unreadable)."""
    path = Path(data_dir) / MANIFEST_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def differences(recorded: dict[str, dict[str, str]], current: dict[str, dict[str, str]]) -> list[str]:
    """What changed between two fingerprints, in words: '新增了方案 2024.txt', '资源文件 unit_aliases.csv 有改动'."""
    words = {"plans": "方案", "decisions": "判定文件", "resources": "资源文件", "code": "代码"}
    changes = []
    for kind, label in words.items():
        old, new = recorded.get(kind, {}), current.get(kind, {})
        changes += [f"新增了{label} {name}" for name in sorted(set(new) - set(old))]
        changes += [f"删除了{label} {name}" for name in sorted(set(old) - set(new))]
        changes += [f"{label} {name} 有改动" for name in sorted(set(old) & set(new)) if old[name] != new[name]]
    return changes


def recorded_decisions(manifest: dict, decisions: str | Path | None) -> str | Path | None:
    """The decisions file to check: the one given, else the one the build recorded."""
    return decisions or next(iter(manifest["inputs"].get("decisions", {})), None)


def is_current(seeds_dir: str | Path, data_dir: str | Path, decisions: str | Path | None = None) -> bool:
    """Whether the data folder holds every table of the manifest, built from exactly the current inputs."""
    manifest = read_manifest(data_dir)
    if manifest is None:
        return False
    if differences(manifest["inputs"], input_fingerprint(seeds_dir, recorded_decisions(manifest, decisions))):
        return False
    return all((Path(data_dir) / f"{name}.parquet").exists() for name in manifest["tables"])


def stage_keys(
    fingerprint: dict[str, dict[str, str]], stages: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
) -> dict[str, str]:
    """A key per stage from exactly what it depends on: the shared code, its own code, the resources, the
    inputs it reads itself (plans, decisions) and the keys of the stages whose tables it reads.

    `stages` maps each stage, in running order, to (its code parts, the kinds of input it reads itself,
    the stages it reads tables from). Equal keys mean equal tables: the build reuses them.
    """
    keys: dict[str, str] = {}
    for stage, (code, reads, upstream) in stages.items():
        parts = {
            "code": {c: fingerprint["code"].get(c) for c in (*SHARED_CODE, *code)},
            "resources": fingerprint["resources"],
            "reads": {kind: fingerprint.get(kind, {}) for kind in reads},
            "upstream": {u: keys[u] for u in upstream},
        }
        keys[stage] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return keys
