"""The cell grid every reader produces and the table interpreter reads.

A plan is a five-column table (序号 / 项目 / 重点工作目标任务 / 牵头领导 / 责任单位) between a
preamble (title, declared count) and a footnote. Each format's reader turns its file into a `Grid`:
the lines before the table, the rows (a chapter heading spans the whole row: one cell; a task row
has five), and the lines after it. The table rules live once, in `interpret`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest.notes import Note
from analysis.text.vocabulary import vocabulary

HEADER = tuple(vocabulary("table")["header"])
# A page number a printed or paged document shows between a table's parts: - 3 -, — 第 3 页 —, 第3页 共10页 (a
# bare number is a 序号).
PAGE_MARK_RE = re.compile(
    r"^(?:[-—–－]+\s*(?:第\s*)?\d{1,4}\s*页?\s*[-—–－]+"
    r"|[-—–－]*\s*第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?\s*[-—–－]*)$"
)
CONTINUED_RE = re.compile(rf"^[（(]?(?:{'|'.join(map(re.escape, vocabulary('table')['continued_marks']))})[）)]?$")
N_COLUMNS = len(HEADER)
MAX_HEADER_GROUPS = 2  # names over several columns in a header over two rows (工作内容, 责任分工)
HEADER_WINDOW = N_COLUMNS + MAX_HEADER_GROUPS  # the most cells a header row reads as, groups included
CHAPTER_RE = re.compile(r"^([一二三四五六七八九十百]+)\s*[、.．]\s*(\S.*)$")
PRINTED_NO_RE = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?!\d)")  # an item's number printed before its task (57.…)
UNIT_MARKS = ("、", "，", ",", "；", ";")  # marks that part a units cell's names by themselves
DECLARED = r"[（(]\s*共\s*(\d+)\s*项\s*[）)]"
# The plan's title, with the declared count where a cell or heading holds both (…方案（共118项）).
TITLE_RE = re.compile(rf"^(\S{{0,30}}?(\d{{4}})年\S{{0,10}}?重点工作\S{{0,20}}?方案)\s*(?:{DECLARED})?$")


HEADING_MAX_CHARS = 30  # a 项目 heading is short


def is_plain_heading(text: str) -> bool:
    """Whether a text reads as a 项目 heading: short, without a sentence's punctuation, and no number."""
    return (
        len(text) <= HEADING_MAX_CHARS and not re.search(r"[。；，,★、]", text) and not re.fullmatch(r"\d{1,3}", text)
    )


def header_span(texts: list[str]) -> int:
    """How many of `texts` (cells' texts in reading order, spaces removed) the plan's header row takes from the
    first: its five names, or more where a header over two rows puts a group's name over some of them (责任分工
    over 牵头领导 / 责任单位; at most MAX_HEADER_GROUPS of them), read in order; 0 when they are no header."""
    if tuple(texts[:N_COLUMNS]) == HEADER:
        return N_COLUMNS
    if not texts or texts[0] != HEADER[0]:
        return 0
    matched, groups = 1, 0
    for k, text in enumerate(texts[1:HEADER_WINDOW], start=1):
        if text == HEADER[matched]:
            matched += 1
            if matched == N_COLUMNS:
                return k + 1
        elif text in HEADER or groups == MAX_HEADER_GROUPS:
            return 0
        else:
            groups += 1
    return 0


@dataclass
class Cell:
    """One table cell: where it starts in the source and its raw lines (blank lines kept).

    `covered` marks a position covered by a merged cell above (or beside) it: the reader saw the merge,
    so the interpreter knows the value carries down (a leader, the units, the subsection) rather than
    guessing from an empty cell. Formats that cannot show merges (extracted text) leave it False.
    """

    line: int
    lines: list[str]
    covered: bool = False

    @property
    def text(self) -> str:
        """The cell's content as one string, lines joined without separators."""
        return "".join(part.strip() for part in self.lines)


@dataclass
class Grid:
    """A plan's table as read from one file, before any table rule is applied.

    `before` holds (line number, text) of everything above the header row; `rows` the table body,
    one list of cells per row (one cell for a full-width row); `after` the stripped, non-empty
    lines below the table; `header_line` the header row's line, None when the reader found none; `notes` what
    the reader found worth saying (a file cut short);
    `problems` what the reader found wrong with a row (by row index), raised by the interpreter when
    it reaches that row, so the first bad row in the document is the one reported; `format` names the
    reader (the documents table records it); `place` is how the file counts positions (line, row).
    """

    source: Path
    before: list[tuple[int, str]]
    header_line: int | None
    rows: list[list[Cell]]
    after: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)
    format: str = "text"
    place: str = "line"
    shows_merges: bool = False
