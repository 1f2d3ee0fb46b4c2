"""What reading a plan gives: its task rows and what the document says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest.notes import Note


@dataclass
class Row:
    """One task row of the table, before names and units are normalized."""

    line: int
    chapter_no: int
    chapter_title: str
    number: int | None
    title_fragment: str
    text: str
    printed_no: int | None
    leader_lines: list[str]
    units_text: str
    subsection_no: int | None = None
    subsection_title: str | None = None
    # Where the file shows merged cells: whether this row's 序号/项目 cell starts a new merged block
    # (True) or continues the one above (False); None where the format cannot tell (extracted text).
    opens_block: bool | None = None


@dataclass
class ParsedPlan:
    """Everything read from one document.

    `district` and `city` are the issuing government's names when the document signs with them
    (苏州市吴江区人民政府 gives 吴江 and 苏州), else None.
    """

    source: Path
    year: int
    title: str
    declared_count: int | None
    rows: list[Row]
    footnote: str
    notes: list[Note] = field(default_factory=list)  # what reading found worth saying (analysis.ingest.notes)
    warnings: list[str] = field(default_factory=list)  # about the folder: files not read
    district: str | None = None
    city: str | None = None
    format: str = "text"
