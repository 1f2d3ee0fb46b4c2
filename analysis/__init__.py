"""Read a district government's annual key-work plans and tell what changed.

Data flows one way: ingest (files → cell grid → rows) → tidy (tables) → match / targets / workload
→ present (words, views) → outputs (store, workbook, figures, notebooks, report), with `pipeline`
and `cli` on top. The notebook-facing API is re-exported here, imported on first use.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "PlanError": "analysis.errors",
    "PlanWarning": "analysis.errors",
    "PlanTables": "analysis.tidy.tables",
    "load_plan": "analysis.tidy.tables",
    "load_plans": "analysis.tidy.tables",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
