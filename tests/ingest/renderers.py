"""Write a seed plan the way the district publishes it: a web page (rowspan/colspan), a Word document
(vMerge/gridSpan) and an Excel workbook (merged ranges) — so the tests can read each back and compare.

The structure comes from reading the seed text: the preamble lines before the table, chapters, the
merged blocks of each subsection (序号 and 项目 in one cell spanning the block), leaders written once
and merged down the rows that inherit them, identical units of consecutive rows merged, the footnote.
Names keep their padding (`钱  宇`, as &nbsp; in the page); a cell with two leaders has two lines.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest import read_plan
from analysis.ingest.grid import HEADER
from analysis.ingest.plan import Row
from analysis.text.numerals import cn_numeral


@dataclass
class Span:
    """A cell of the published table: its lines and how many rows it spans (0: covered by one above)."""

    lines: list[str]
    rows: int = 1


@dataclass
class Published:
    preamble: list[str]
    footnote: str
    # per table row: ("chapter", heading) or ("task", [5 spans])
    body: list[tuple[str, object]] = field(default_factory=list)


def _blocks(rows: list[Row], key) -> list[int]:
    """For each row, how many rows its block spans from it (0 for rows inside a block)."""
    spans = [0] * len(rows)
    for _, group in itertools.groupby(enumerate(rows), key=lambda pair: key(pair[1], pair[0])):
        members = [i for i, _ in group]
        spans[members[0]] = len(members)
    return spans


def published(seed: Path) -> Published:
    """The seed plan as its table is laid out in the published documents."""
    plan = read_plan(seed)
    text = seed.read_text(encoding="utf-8").split("\n")
    header_at = next(i for i, line in enumerate(text) if line.strip() == HEADER[0])
    preamble = [line.strip() for line in text[:header_at] if line.strip()]
    out = Published(preamble, plan.footnote)
    for chapter_no, chapter_rows in itertools.groupby(plan.rows, key=lambda r: r.chapter_no):
        rows = list(chapter_rows)
        out.body.append(("chapter", f"{cn_numeral(chapter_no)}、{rows[0].chapter_title}"))
        blocks = _blocks(rows, lambda r, i: (r.subsection_no, r.subsection_title))
        # a leader cell runs from a row that names leaders down the rows that inherit them
        leader_starts = list(
            itertools.accumulate(1 if any(line.strip() for line in r.leader_lines) else 0 for r in rows)
        )
        leaders = _blocks(rows, lambda r, i, starts=leader_starts: starts[i])
        units = _blocks(rows, lambda r, i: r.units_text)
        for i, row in enumerate(rows):
            number = [] if row.subsection_no is None else [str(row.subsection_no)]
            title = [] if row.subsection_title is None else [row.subsection_title]
            text_line = f"{row.printed_no}.{row.text}" if row.printed_no is not None else row.text
            out.body.append(
                (
                    "task",
                    [
                        Span(number, blocks[i]),
                        Span(title, blocks[i]),
                        Span([text_line]),
                        Span([line for line in row.leader_lines if line.strip()], leaders[i]),
                        Span([row.units_text], units[i]),
                    ],
                )
            )
    return out


def _cell_html(lines: list[str]) -> str:
    if len(lines) <= 1:
        return html.escape("".join(lines)).replace(" ", "&nbsp;")
    return "".join(f"<p>{html.escape(line).replace(' ', '&nbsp;')}</p>" for line in lines)


def render_html(plan: Published, charset: str = "utf-8") -> str:
    """A saved web page: site chrome (a navigation table) around the plan's table with merged cells."""
    rows = ["<tr>" + "".join(f"<td><p><span>{h}</span></p></td>" for h in HEADER) + "</tr>"]
    for kind, content in plan.body:
        if kind == "chapter":
            rows.append(f'<tr><td colspan="5"><p><b>{html.escape(content)}</b></p></td></tr>')
            continue
        cells = [
            f'<td rowspan="{span.rows}">{_cell_html(span.lines)}</td>'
            if span.rows > 1
            else f"<td>{_cell_html(span.lines)}</td>"
            for span in content
            if span.rows
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    preamble = "\n".join(f"<p>{html.escape(line)}</p>" for line in plan.preamble)
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>吴江区人民政府 政府信息公开</title><style>td{border:1px solid #999}</style></head><body>"
        '<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table>'
        f'<div class="article">{preamble}<table border="1">{"".join(rows)}</table>'
        f'<p>{html.escape(plan.footnote)}</p></div><div class="footer">版权所有</div></body></html>'
    )


def render_docx(plan: Published, path: Path) -> Path:
    """A Word document: the preamble paragraphs, the table with vertical and horizontal merges, the footnote."""
    from docx import Document

    document = Document()
    for line in plan.preamble:
        document.add_paragraph(line)
    table = document.add_table(rows=1 + len(plan.body), cols=5)
    for c, heading in enumerate(HEADER):
        table.cell(0, c).text = heading
    for r, (kind, content) in enumerate(plan.body, start=1):
        if kind == "chapter":
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            merged.text = content
            continue
        for c, span in enumerate(content):
            if not span.rows:
                continue
            cell = table.cell(r, c)
            if span.rows > 1:
                cell = cell.merge(table.cell(r + span.rows - 1, c))
            cell.text = ""
            paragraphs = cell.paragraphs
            for k, line in enumerate(span.lines):
                (paragraphs[0] if k == 0 else cell.add_paragraph()).text = line
    document.add_paragraph(plan.footnote)
    document.save(str(path))
    return path


def render_xlsx(plan: Published, path: Path) -> Path:
    """An Excel workbook: title rows above the table, merged ranges, the footnote in a merged row below."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, line in enumerate(plan.preamble, start=1):
        sheet.cell(r, 1, line)
    for c, heading in enumerate(HEADER, start=1):
        sheet.cell(len(plan.preamble) + 1, c, heading)
    r = len(plan.preamble) + 1
    for kind, content in plan.body:
        r += 1  # counted, not read from the sheet: merged ranges reach rows not written yet
        if kind == "chapter":
            sheet.cell(r, 1, content)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            continue
        for c, span in enumerate(content, start=1):
            if span.rows:
                sheet.cell(r, c, "\n".join(span.lines) if span.lines else None)
                if span.rows > 1:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r + span.rows - 1, end_column=c)
    r += 1
    sheet.cell(r, 1, plan.footnote)
    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    book.save(path)
    return path
