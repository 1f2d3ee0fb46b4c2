"""Which files are a run's inputs: the plans of a seeds folder (by suffix, hidden and temporary files left
out) and the analyst's matching decisions.

Kept apart from the readers (`analysis.ingest`), which import jieba and the format libraries, so the
check that nothing changed since the last run (`analysis.outputs.manifest`) costs only the hashing.
"""

from __future__ import annotations

from pathlib import Path

# Every suffix a reader is registered for in `analysis.ingest.READERS` (a test keeps the two equal),
# including the formats refused with advice (.doc, .pdf …).
PLAN_SUFFIXES = (
    *(".txt", ".html", ".htm", ".mhtml", ".mht", ".docx", ".doc", ".xlsx", ".xls", ".csv"),  # read
    *(".wps", ".pdf", ".ofd", ".odt", ".ods", ".et"),  # refused, saying what to save instead
)
# The analyst's matching decisions, beside the plans unless a file is given.
DECISIONS_NAME = "match_decisions.csv"
# Files that live beside the plans on purpose, never read as plans.
IGNORED_NAMES = (DECISIONS_NAME, "README.md")


def plan_files(folder: str | Path) -> list[Path]:
    """The plan files of a folder (by suffix), in name order; hidden and temporary files (~$x.docx) and the files
    that live beside the plans (the matching decisions) left out."""
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.suffix.lower() in PLAN_SUFFIXES
        and not p.name.startswith((".", "~$"))
        and p.name not in IGNORED_NAMES
        and p.is_file()
    )


def decisions_file(seeds_dir: str | Path, decisions: str | Path | None = None) -> Path:
    """The analyst's matching decisions: the file given, else the one beside the plans."""
    return Path(decisions) if decisions else Path(seeds_dir) / DECISIONS_NAME
