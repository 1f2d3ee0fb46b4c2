"""Write a seed plan the way the district publishes it: a web page (rowspan/colspan), a Word document
(vMerge/gridSpan) and an Excel workbook (merged ranges) — so the tests can read each back and compare.

The structure comes from reading the seed text: the preamble lines before the table, chapters, the
merged blocks of each subsection (序号 and 项目 in one cell spanning the block), leaders written once
and merged down the rows that inherit them, identical units of consecutive rows merged, the footnote.
Names keep their padding (`钱  宇`, as &nbsp; in the page); a cell with two leaders has two lines.
"""

from __future__ import annotations

import copy
import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.ingest import read_plan
from analysis.ingest.grid import HEADER
from analysis.ingest.plan import Row
from analysis.text.numerals import cn_numeral

GROUP = "责任分工"  # a header over two rows: the name over the leader and units columns


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


def units_by_line(plan: Published) -> Published:
    """The plan with each units cell holding one body a line (a paragraph or Alt+Enter each), no 、 between."""
    body = [
        (
            kind,
            [*content[:4], Span("、".join(content[4].lines).split("、"), content[4].rows)]
            if kind == "task"
            else content,
        )
        for kind, content in plan.body
    ]
    return Published(plan.preamble, plan.footnote, body)


def inside_a_block(plan: Published) -> int:
    """A body row inside a merged block (序号 and 牵头领导 both merged down from above)."""
    return next(i for i, (kind, cells) in enumerate(plan.body) if kind == "task" and not cells[0].rows + cells[3].rows)


def with_withdrawn_row(plan: Published, at: int) -> Published:
    """The plan with an extra task row before body row `at` (inside a merged block), as an author keeps a withdrawn
    task out of sight: its own task text and units, the merges above running over it."""
    body = [
        (kind, [Span(list(s.lines), s.rows) for s in content] if kind == "task" else content)
        for kind, content in plan.body
    ]
    extra = []
    for column in range(len(HEADER)):
        owner = next((i for i in range(at - 1, -1, -1) if body[i][0] == "task" and body[i][1][column].rows), None)
        spans_over = owner is not None and owner + body[owner][1][column].rows > at
        if spans_over:
            body[owner][1][column].rows += 1
        extra.append(Span([], 0) if spans_over else Span(["（本项已调整，不再列入）推进某项工作。"]))
    body.insert(at, ("task", extra))
    return Published(plan.preamble, plan.footnote, body)


def _cell_html(lines: list[str], paragraphs: bool = False) -> str:
    if len(lines) <= 1 and not paragraphs:
        return html.escape("".join(lines)).replace(" ", "&nbsp;")
    return "".join(f"<p>{html.escape(line).replace(' ', '&nbsp;')}</p>" for line in lines)


def title_line(plan: Published) -> str:
    """The plan's title as its preamble writes it."""
    return next(line for line in plan.preamble if line.startswith("区政府") and line.endswith("方案"))


def render_html(
    plan: Published,
    charset: str = "utf-8",
    split_before: tuple[int, ...] = (),
    repeat_header: bool = False,
    site: bool = False,
    paragraphs: bool = False,
    restart_empty: bool = False,
    two_row_header: bool = False,
) -> str:
    """A saved web page: site chrome (a navigation table) around the plan's table with merged cells, each table row
    on a line of its own.

    `split_before`: rows of the body (indices of `plan.body`) that start a new table after a page break, a page
    number and 续表 between the parts (the header repeated if `repeat_header`; a chapter heading at the split
    written as a paragraph in several runs between the tables; a merge across the split running on, or, with
    `restart_empty`, cut at the break and restarted empty in the next part); `site`: a site's headline with the
    plan's title above the document, and "related reading" links to last year's plan above and below it;
    `paragraphs`: every cell's text in <p>, as pages exported from Word have it; `two_row_header`: the header over
    two rows, 责任分工 over 牵头领导 / 责任单位."""
    body = _restarted(plan.body, split_before) if restart_empty else plan.body
    header = "<tr>" + "".join(f"<td><p><span>{h}</span></p></td>" for h in HEADER) + "</tr>"
    if two_row_header:
        header = (
            "<tr>" + "".join(f'<td rowspan="2">{h}</td>' for h in HEADER[:3]) + f'<td colspan="2">{GROUP}</td></tr>'
            "<tr>" + "".join(f"<td>{h}</td>" for h in HEADER[3:]) + "</tr>"
        )
    rows = [header]
    for index, (kind, content) in enumerate(body):
        if index in split_before:
            heading = ""
            if kind == "chapter":
                number, rest = content.split("、", 1)
                heading = f"<p><b><span>{html.escape(number)}、</span><span>{html.escape(rest)}</span></b></p>"
            marks = '<p style="page-break-before:always">— 第 2 页 —</p><p>续表</p>'
            rows.append(f'</table>{marks}{heading}<table border="1">' + (header if repeat_header else ""))
            if heading:
                continue
        if kind == "chapter":
            rows.append(f'<tr><td colspan="5"><p><b>{html.escape(content)}</b></p></td></tr>')
            continue
        cells = [
            f'<td rowspan="{span.rows}">{_cell_html(span.lines, paragraphs)}</td>'
            if span.rows > 1
            else f"<td>{_cell_html(span.lines, paragraphs)}</td>"
            for span in content
            if span.rows
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    preamble = "\n".join(f"<p>{html.escape(line)}</p>" for line in plan.preamble)
    headline, related = "", ""
    if site:
        title = html.escape(title_line(plan))
        last_year = re.sub(r"\d{4}", lambda m: str(int(m.group(0)) - 1), title)
        headline = f'<h1 class="title">{title}</h1><div class="info">发布时间：2024-02-26 来源：区政府办</div>'
        related = f'<div class="related"><h3>相关阅读</h3><ul><li><a href="/old.html">{last_year}</a></li></ul></div>'
    table = "\n".join(rows)
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>吴江区人民政府 政府信息公开</title><style>td{border:1px solid #999}</style></head><body>\n"
        '<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table>'
        f'{related}{headline}<div class="article">{preamble}<table border="1">\n{table}\n</table>'
        f'<p>{html.escape(plan.footnote)}</p></div>{related}<div class="footer">版权所有</div></body></html>'
    )


def _restarted(body: list[tuple[str, object]], split_before: tuple[int, ...]) -> list[tuple[str, object]]:
    """The body with every merge that crosses a split cut at it and restarted, empty, below it."""
    spans = [[Span(s.lines, s.rows) for s in content] if kind == "task" else None for kind, content in body]
    for split in split_before:
        for start in range(split):
            for column, span in enumerate(spans[start] or []):
                if span.rows > split - start:
                    spans[split][column] = Span([], span.rows - (split - start))
                    span.rows = split - start
    return [(kind, spans[i] if kind == "task" else content) for i, (kind, content) in enumerate(body)]


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


def render_xlsx(
    plan: Published,
    path: Path,
    first_column: int = 1,
    title_cell: bool = False,
    merged_chapters: bool = True,
    sheet_per_chapter: bool = False,
    two_row_header: bool = False,
    hidden_rows: tuple[int, ...] = (),
    name_over_number: bool = False,
) -> Path:
    """An Excel workbook: title rows above the table, merged ranges, the footnote in a merged row below.

    `first_column`: the table starts in this column (columns left of it blank, as a sheet laid out by hand);
    `title_cell`: the title and the declared count in one merged cell over two rows, a line break between;
    `merged_chapters`: chapter headings merged across the table (else in its first cell alone);
    `sheet_per_chapter`: each chapter after the first on a sheet of its own, under the title and the header;
    `two_row_header`: the header over two rows, 责任分工 merged over 牵头领导 / 责任单位, the others merged down;
    `hidden_rows`: body rows (indices of `plan.body`) the sheet hides, and a hidden column of notes beside the table
    (备注, a note on every row); `name_over_number`: each subsection named in one cell merged over the 序号 and 项目
    columns, without its number."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    left, right = first_column, first_column + len(HEADER) - 1
    preamble = list(plan.preamble)
    if title_cell:
        title = title_line(plan)
        count = preamble[preamble.index(title) + 1]
        preamble = [line for line in preamble if line not in (title, count)] + [f"{title}\n{count}", ""]
    for r, line in enumerate(preamble, start=1):
        sheet.cell(r, left, line or None)
    if title_cell:
        sheet.merge_cells(start_row=len(preamble) - 1, start_column=left, end_row=len(preamble), end_column=right)
    for c, heading in enumerate(HEADER, start=left):
        sheet.cell(len(preamble) + 1, c, heading)
    r = len(preamble) + 1
    if two_row_header:
        r += 1
        for c in range(left, left + 3):
            sheet.merge_cells(start_row=r - 1, start_column=c, end_row=r, end_column=c)
        for c, heading in enumerate(HEADER[3:], start=left + 3):
            sheet.cell(r, c, heading)
        sheet.cell(r - 1, left + 3, GROUP)
        sheet.merge_cells(start_row=r - 1, start_column=left + 3, end_row=r - 1, end_column=right)
    for index, (kind, content) in enumerate(plan.body):
        if kind == "chapter" and sheet_per_chapter and index:
            sheet = book.create_sheet(content[:10])
            sheet.cell(1, left, title_line(plan))
            for c, heading in enumerate(HEADER, start=left):
                sheet.cell(2, c, heading)
            r = 2
        r += 1  # counted, not read from the sheet: merged ranges reach rows not written yet
        if hidden_rows:
            sheet.cell(r, right + 1, "与上年相同")
            sheet.row_dimensions[r].hidden = index in hidden_rows
        if kind == "chapter":
            sheet.cell(r, left, content)
            if merged_chapters:
                sheet.merge_cells(start_row=r, start_column=left, end_row=r, end_column=right)
            continue
        number, name = content[0], content[1]
        if name_over_number and number.rows and name.lines:
            content = [Span(name.lines, number.rows), Span([], 0), *content[2:]]
            sheet.merge_cells(start_row=r, start_column=left, end_row=r + number.rows - 1, end_column=left + 1)
        for c, span in enumerate(content, start=left):
            if span.rows:
                sheet.cell(r, c, "\n".join(span.lines) if span.lines else None)
                if span.rows > 1 and not (name_over_number and c == left and name.lines):
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r + span.rows - 1, end_column=c)
    if hidden_rows:
        sheet.cell(len(preamble) + 1, right + 1, "备注")
        sheet.column_dimensions[chr(ord("A") + right)].hidden = True
    r += 1
    sheet.cell(r, left, plan.footnote)
    sheet.merge_cells(start_row=r, start_column=left, end_row=r, end_column=right)
    book.save(path)
    return path


def with_tracked_changes(path: Path, plan: Published) -> Path:
    """The Word document sent out with tracked changes unaccepted, in the title and in a task's cell: the text as an
    insertion (w:ins), then a deletion (删去的字, w:delText) and text moved away (移走的字, w:moveFrom, whose runs keep
    w:t)."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = Document(str(path))
    changes = (
        f"<w:del {nsdecls('w')} w:id='1' w:author='a'><w:r><w:delText>删去的字</w:delText></w:r></w:del>",
        f"<w:moveFrom {nsdecls('w')} w:id='2' w:author='a'><w:r><w:t>移走的字</w:t></w:r></w:moveFrom>",
    )
    title = next(p for p in document.paragraphs if p.text == title_line(plan))
    task = document.tables[0].rows[3].cells[2].paragraphs[0]
    for paragraph in (title, task):
        run = paragraph._p.find(qn("w:r"))
        inserted = parse_xml(f"<w:ins {nsdecls('w')} w:id='3' w:author='a'/>")
        run.addprevious(inserted)
        inserted.append(run)  # the paragraph's text, now as an insertion
        for change in changes:
            paragraph._p.append(parse_xml(change))
    document.save(str(path))
    return path


def as_viewed(path: Path) -> Path:
    """The workbook as an author views it: a saved filter hiding rows, a collapsed outline group, and a hidden sheet
    holding last year's plan ahead of this year's."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "序号")
    sheet.auto_filter.ref = f"A{header}:E{sheet.max_row - 1}"
    sheet.auto_filter.add_filter_column(4, ["★区发改委、统计局"])
    for r in range(header + 2, header + 6):
        sheet.row_dimensions[r].hidden = True
    for r in range(header + 20, header + 30):
        sheet.row_dimensions[r].outlineLevel = 1
        sheet.row_dimensions[r].hidden = True
    last_year = book.copy_worksheet(sheet)
    last_year.cell(1, 1).value = str(sheet.cell(1, 1).value).replace("20", "19", 1)
    last_year.sheet_state = "hidden"
    book.move_sheet(last_year, offset=-1)
    book.save(path)
    return path


def with_section_and_broken_title(path: Path, plan: Published) -> Path:
    """The Word document with the notice ending in a section break (a new page, landscape for the table, as Word keeps
    it: the section's properties on the notice's last paragraph) and the title broken over two lines (Shift+Enter)."""
    import copy

    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document(str(path))
    paragraphs = document.paragraphs
    at = next(k for k, paragraph in enumerate(paragraphs) if paragraph.text == title_line(plan))
    notice_end = next(p for p in reversed(paragraphs[:at]) if p.text.strip())
    notice_end._p.get_or_add_pPr().append(copy.deepcopy(document.sections[0]._sectPr))
    document.sections[-1].orientation = WD_ORIENT.LANDSCAPE
    title = paragraphs[at]
    text, half = title.text, len(title.text) // 2
    for run in list(title.runs):
        run._r.getparent().remove(run._r)
    title.add_run(text[:half]).add_break()
    title.add_run(text[half:])
    document.save(str(path))
    return path


def with_symbol_stars(path: Path) -> Path:
    """The Word document with each lead unit's ★ inserted from Wingdings (Insert > Symbol: w:sym, code F0AB), as
    authors mark it, instead of typed."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = Document(str(path))
    for text in list(document.element.body.iter(qn("w:t"))):
        if text.text and text.text.startswith("★"):
            text.text = text.text[1:]
            star = parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>')
            text.getparent().addprevious(star)
    document.save(str(path))
    return path


def split_docx(path: Path, before_row: int) -> Path:
    """The Word document with its table split in two before a row (counted from the header, 0), a paragraph
    between them, as an author splitting the table by hand leaves it; merges running across stay marked."""
    import copy

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document(str(path))
    first = document.tables[0]._tbl
    second = copy.deepcopy(first)
    for row in second.findall(qn("w:tr")):
        second.remove(row)
    for row in first.findall(qn("w:tr"))[before_row:]:
        second.append(row)
    paragraph, run, text = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "（续表）"
    run.append(text)
    paragraph.append(run)
    first.addnext(second)
    first.addnext(paragraph)
    document.save(str(path))
    return path


def combine_docx(first: Path, second: Path, path: Path) -> Path:
    """One Word file holding two plans, the second's paragraphs and table after the first's."""
    import copy

    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(first))
    body = document.element.body
    end = body.find(qn("w:sectPr"))
    for element in Document(str(second)).element.body.iterchildren():
        if element.tag != qn("w:sectPr"):
            end.addprevious(copy.deepcopy(element))
    document.save(str(path))
    return path


def number_automatically(path: Path, list_per_chapter: bool = False) -> Path:
    """The Word document with its chapter numbers (一、) and its 序号 column drawn by Word's automatic numbering
    instead of typed: two list definitions, the 序号 list restarted at each chapter as Word's "restart at 1" does
    (a list instance with a start override); the cells keep no number of their own. `list_per_chapter`: each
    chapter's 序号 numbered by a list of its own instead (as a list copied from another document is; LibreOffice
    writes a restart into a .doc as a separate list for the first paragraph only)."""
    import re

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = Document(str(path))
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w = f"{{{ns}}}"
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    chapter_count = len(re.findall(r"<w:t>[一二三四五六七八九十]+、", document.element.xml))
    lists = [("90", "chineseCounting", "%1、"), ("91", "decimal", "%1")]
    lists += [(str(100 + k), "decimal", "%1") for k in range(chapter_count if list_per_chapter else 0)]
    for abstract_id, number_format, pattern in lists:
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum xmlns:w="{ns}" w:abstractNumId="{abstract_id}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{number_format}"/><w:suff w:val="nothing"/><w:lvlText w:val="{pattern}"/></w:lvl>'
                "</w:abstractNum>"
            ),
        )

    def instance(num_id: int, abstract_id: str, restart: bool) -> str:
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        numbering.append(
            parse_xml(
                f'<w:num xmlns:w="{ns}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return str(num_id)

    def number(paragraph, num_id: str, keep: str) -> None:
        for run in paragraph.findall(f"{w}r"):
            paragraph.remove(run)
        if keep:
            paragraph.append(parse_xml(f'<w:r xmlns:w="{ns}"><w:t>{keep}</w:t></w:r>'))
        properties = paragraph.find(f"{w}pPr")
        if properties is None:
            properties = parse_xml(f'<w:pPr xmlns:w="{ns}"/>')
            paragraph.insert(0, properties)
        properties.append(
            parse_xml(f'<w:numPr xmlns:w="{ns}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        )

    chapters, next_id, current = instance(900, "90", False), 901, None
    for row in document.tables[0]._tbl.findall(f"{w}tr")[1:]:
        first = row.find(f"{w}tc/{w}p")
        text = "".join(t.text or "" for t in first.iter(f"{w}t"))
        heading = re.match(r"^[一二三四五六七八九十]+、(.*)$", text)
        if heading:
            number(first, chapters, heading.group(1))
            own_list = str(100 + next_id - 901)
            current = instance(next_id, own_list, False) if list_per_chapter else instance(next_id, "91", True)
            next_id += 1
        elif text.isdigit():
            number(first, current, "")
    document.save(str(path))
    return path


def two_row_header_docx(path: Path) -> Path:
    """The Word document with its header over two rows: 责任分工 spanning 牵头领导 / 责任单位 written below it, the
    other three header cells merged down (vMerge)."""
    import copy

    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(path))
    header = document.tables[0]._tbl.findall(qn("w:tr"))[0]
    second = copy.deepcopy(header)
    header.addnext(second)
    top, below = header.findall(qn("w:tc")), second.findall(qn("w:tc"))
    for c in range(3):
        top[c].get_or_add_tcPr().append(top[c].makeelement(qn("w:vMerge"), {qn("w:val"): "restart"}))
        below[c].get_or_add_tcPr().append(below[c].makeelement(qn("w:vMerge"), {}))
        for run in below[c].iter(qn("w:r")):
            run.getparent().remove(run)
    top[3].find(f".//{qn('w:t')}").text = GROUP
    top[3].get_or_add_tcPr().append(top[3].makeelement(qn("w:gridSpan"), {qn("w:val"): "2"}))
    header.remove(top[4])
    document.save(str(path))
    return path


def wrap_docx(path: Path, holder: str) -> Path:
    """The Word document with everything in its body held by one thing: "layout" a one-cell table (the plan's table
    nested in it), "text box" a drawing's text box (with the copy Word keeps for old versions), "control" a
    content control."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    document = Document(str(path))
    body = document.element.body
    content = [e for e in body.iterchildren() if e.tag != qn("w:sectPr")]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    shapes = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"'
    skeleton = {
        "layout": f"<w:tbl {ns}><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
        "control": f"<w:sdt {ns}><w:sdtPr/><w:sdtContent/></w:sdt>",
        "text box": f'<w:p {ns} {mc} {shapes}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        "<w:txbxContent/></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent/>"
        "</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
    }[holder]
    holder_element = parse_xml(skeleton)
    places = list(holder_element.iter(qn("w:tc"), qn("w:sdtContent"), qn("w:txbxContent")))
    for element in content:
        body.remove(element)
        for k, place in enumerate(places):
            place.insert(len(place) - (holder == "layout"), element if k == 0 else copy.deepcopy(element))
    body.insert(0, holder_element)
    document.save(str(path))
    return path


def render_word_copy(plan: Published, units_over_lines: bool = False) -> str:
    """The table copied from Word and pasted into a text file: a tab between the cells of a row, a line break at
    its end; a cell covered by a merge above stays an empty cell, and a cell of several paragraphs goes over lines
    (two leaders; with `units_over_lines`, the units broken after their first 、). The title and count above."""
    lines = [*plan.preamble, "\t".join(HEADER)]
    for kind, content in plan.body:
        if kind == "chapter":
            lines.append(content)
            continue
        cells = ["\n".join(span.lines) if span.rows else "" for span in content]
        if units_over_lines and "、" in cells[4]:
            head, tail = cells[4].split("、", 1)
            cells[4] = f"{head}、\n{tail}"
        lines.append("\t".join(cells))
    return "\r\n".join([*lines, plan.footnote]) + "\r\n"
