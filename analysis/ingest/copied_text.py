"""Reader for a table copied from a web page or from Word and pasted into a text file.

A browser or Word writes a copied table as text: cells separated by tabs, rows by line breaks — but a
cell whose content is a paragraph (<p>) is set off by blank lines instead of a tab, a cell with two
leaders' names spreads over several lines, and a merged cell appears only in its first row, so later
rows have fewer cells. The text is therefore read as a sequence of pieces (between tabs and line
breaks), and split into rows and columns by what fits best: a number is a 序号, a short heading
before the task is a 项目, names of one to four characters are 牵头领导, a list of bodies (★, 、,
局/委/办 …) is 责任单位; every row has its own task text; a tab always leads to the next column of the
same row. A column a row leaves out is covered by a merged cell above. Pieces that fit no row are an
error naming their line. A table split at page breaks is copied with what stood between its parts: the header row
it repeats, 续表 and page numbers are left out; a plan title in the table's place starts a second plan.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_text
from analysis.ingest.grid import (
    CHAPTER_RE,
    CONTINUED_RE,
    HEADER,
    HEADER_WINDOW,
    N_COLUMNS,
    PAGE_MARK_RE,
    PRINTED_NO_RE,
    TITLE_RE,
    UNIT_MARKS,
    Cell,
    Grid,
    header_span,
    is_plain_heading,
)
from analysis.text.vocabulary import vocabulary

FOOTNOTE_RE = re.compile(r"^注\s*[:：]")
NUMBER_RE = re.compile(r"^\d{1,3}$")
NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff·]{1,4}$")
UNIT_WORDS = vocabulary("units")
BODY_ENDINGS = (*UNIT_WORDS["department_suffixes"], *UNIT_WORDS["town_park_suffixes"], *UNIT_WORDS["company_suffixes"])
LEAD_MARK = UNIT_WORDS["lead_mark"]
NUMBER, TITLE, TEXT, LEADER, UNITS = range(N_COLUMNS)
IMPOSSIBLE = float("-inf")
NEW_ROW_COST = 0.5  # rows are not free: pieces join a row when they fit it as well
TEXT_CONTINUED_COST = 2.0  # a task text over two pieces is rare; two rows' texts are common
ROW_WITH_UNITS_BONUS = 1.0  # rows of a plan name their units; a row without is under a merged cell
HEADING_LIKE_COST = 0.5  # a task text that reads like a heading (short, unpunctuated) is less likely one


@dataclass
class Piece:
    """Text between tabs and line breaks, where it is, and whether a tab (not a line break) precedes it."""

    text: str
    line: int
    after_tab: bool


def is_copied_table(text: str) -> bool:
    """Whether a text holds the plan's header as consecutive pieces (a copied table), not one cell per line."""
    pieces = [p.text for p in _pieces(text.split("\n"), 0)]
    return any(header_span(pieces[i : i + HEADER_WINDOW]) for i in range(len(pieces))) and not any(
        line.startswith("\t") and line.strip() == HEADER[0] for line in text.split("\n")
    )


def _pieces(lines: list[str], first: int) -> list[Piece]:
    """The non-empty pieces of the lines. A piece counts as after a tab only when text stands before it on its line:
    empty cells leading a line (Word's copy keeps a row's cells covered by a merge above as empty ones) start it."""
    pieces = []
    for index, line in enumerate(lines, start=first):
        after_tab = False
        for part in line.replace("\xa0", " ").split("\t"):
            if part.strip():
                pieces.append(Piece(part.strip(), index + 1, after_tab))
                after_tab = True
    return pieces


def _looks_like_names(text: str) -> bool:
    tokens = text.split()
    return bool(tokens) and all(NAME_TOKEN.match(t) for t in tokens) and not text.strip().endswith(BODY_ENDINGS)


def _looks_like_units(text: str) -> bool:
    return LEAD_MARK in text or "、" in text or text.endswith(BODY_ENDINGS)


def _fit(column: int, text: str) -> float:
    """How well a piece fits a column (IMPOSSIBLE when it cannot be that column's)."""
    if column == NUMBER:
        return 3.0 if NUMBER_RE.match(text) else IMPOSSIBLE
    if column == LEADER:
        return 2.0 if _looks_like_names(text) else IMPOSSIBLE
    if column == UNITS:  # (a piece opening with an item's number, 44.…, is a task, whatever 、 it holds)
        return 2.0 if _looks_like_units(text) and not PRINTED_NO_RE.match(text) else IMPOSSIBLE
    if column == TITLE:
        return 0.5 if is_plain_heading(text) else IMPOSSIBLE
    if NUMBER_RE.match(text) or _looks_like_names(text):
        return IMPOSSIBLE
    fit = 1.0 + min(len(text), 60) / 60  # the task text
    # A short piece with no punctuation reads as a 项目 heading more than as a task: a 项目 cell copied from a
    # paragraph comes on a line of its own, not after a tab (主要预期目标 between 1 and the task below it).
    return fit - HEADING_LIKE_COST if is_plain_heading(text) else fit


def _segment(path: Path, pieces: list[Piece]) -> list[list[tuple[int, Piece]]]:
    """Pieces split into rows of (column, piece), by the best-scoring assignment (dynamic programming).

    A state is the column of the last piece and whether its row has its task text yet; each step keeps
    the best score per state and a pointer back, so the cost grows linearly with the pieces.
    """
    if not pieces:
        return []
    State = tuple[int, bool]
    scores: dict[State, float] = {}
    for column in range(N_COLUMNS):
        if (fit := _fit(column, pieces[0].text)) > IMPOSSIBLE:
            scores[(column, column == TEXT)] = fit
    back: list[dict[State, tuple[State, bool]]] = [{}]
    for previous, piece in itertools.pairwise(pieces):
        following: dict[State, float] = {}
        pointers: dict[State, tuple[State, bool]] = {}
        # a units cell over two lines (a paragraph each): the line after one ending in 、 goes on with its units
        units_go_on = previous.text.endswith(UNIT_MARKS)
        for (last, has_text), score in scores.items():
            for column in range(N_COLUMNS):
                fit = _fit(column, piece.text)
                if column == UNITS == last and units_go_on:
                    fit = _fit(UNITS, previous.text)
                if fit == IMPOSSIBLE:
                    continue
                options = []
                if column > last:
                    options.append((score + fit, (column, has_text or column == TEXT), False))
                elif (
                    column == last
                    and (column in (TEXT, LEADER) or (column == UNITS and units_go_on))
                    and not piece.after_tab
                ):
                    extra = TEXT_CONTINUED_COST if column == TEXT else 0.0
                    options.append((score + fit - extra, (column, has_text), False))
                if has_text and not piece.after_tab:
                    bonus = ROW_WITH_UNITS_BONUS if last == UNITS else 0.0
                    options.append((score + fit + bonus - NEW_ROW_COST, (column, column == TEXT), True))
                for total, state, new_row in options:
                    if total > following.get(state, IMPOSSIBLE):
                        following[state], pointers[state] = total, ((last, has_text), new_row)
        if not following:
            raise PlanError(
                path,
                f"无法把这一行的内容对应到五列（{' / '.join(HEADER)}）：请检查是否漏复制或多复制了内容，或改用网页、Word 原件",
                piece.line,
            )
        scores = following
        back.append(pointers)
    finals = {state: score for state, score in scores.items() if state[1]}
    if not finals:
        raise PlanError(path, "这一行缺少工作任务（重点工作目标任务）", pieces[-1].line)
    state = max(finals, key=finals.get)
    assigned: list[tuple[int, bool]] = []
    for i in range(len(pieces) - 1, -1, -1):
        previous, new_row = back[i].get(state, (state, False))
        assigned.append((state[0], new_row))
        state = previous
    rows: list[list[tuple[int, Piece]]] = []
    for piece, (column, new_row) in zip(pieces, reversed(assigned), strict=True):
        if new_row or not rows:
            rows.append([])
        rows[-1].append((column, piece))
    return rows


def read_copied_text(path: Path, text: str | None = None) -> Grid:
    """The grid of a copied table (see the module doc)."""
    lines = (read_plan_text(path) if text is None else text).split("\n")
    pieces = _pieces(lines, 0)
    spans = (header_span([p.text for p in pieces[i : i + HEADER_WINDOW]]) for i in range(len(pieces)))
    header, span = next(((i, span) for i, span in enumerate(spans) if span), (None, 0))
    if header is None:
        return Grid(path, list(enumerate(lines, start=1)), None, [], format="copied_text", shows_merges=True)
    header_line, body_start = pieces[header].line, pieces[header + span - 1].line
    before = [(i + 1, line.replace("\xa0", " ")) for i, line in enumerate(lines[: header_line - 1])]
    body, after = [], []
    pieces = _pieces(lines[body_start:], body_start)
    at = 0
    while at < len(pieces):
        piece = pieces[at]
        own_line = not piece.after_tab
        if after or (own_line and (FOOTNOTE_RE.match(piece.text) or TITLE_RE.match(piece.text))):
            after.append(piece.text)  # the footnote, or a second plan's title and what follows it
        elif repeated := header_span([p.text for p in pieces[at : at + HEADER_WINDOW]]):
            at += repeated  # the header row a split table repeats
            continue
        elif not (own_line and (CONTINUED_RE.match(piece.text) or PAGE_MARK_RE.match(piece.text))):
            body.append(piece)  # (a page number or 续表 between a split table's parts is left out)
        at += 1
    grid_rows: list[list[Cell]] = []
    segment: list[Piece] = []
    for piece in [*body, None]:
        if piece is None or (not piece.after_tab and CHAPTER_RE.match(piece.text) and len(piece.text) < 80):
            for row in _segment(path, segment):
                grid_rows.append(_cells(row))
            segment = []
            if piece is not None:
                grid_rows.append([Cell(piece.line, [piece.text])])
        else:
            segment.append(piece)
    return Grid(path, before, header_line, grid_rows, after, format="copied_text", shows_merges=True)


def _cells(row: list[tuple[int, Piece]]) -> list[Cell]:
    """A row's five cells: columns it has hold their pieces' lines; the others are covered by merges above."""
    line = next(p.line for c, p in row if c == TEXT)
    cells = [Cell(line, [], covered=True) for _ in range(N_COLUMNS)]
    for column, piece in row:
        if cells[column].covered:
            cells[column] = Cell(piece.line, [piece.text])
        else:
            cells[column].lines.append(piece.text)
    return cells
