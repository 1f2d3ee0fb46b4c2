"""Plans as they are published: the seed plans written as a web page, a Word document and an Excel
workbook (with merged cells), and as text copied from the page in Chromium, read back to the same
tables as the text build — leaders' inherited flag included, since these formats show the merges."""

from __future__ import annotations

import copy
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_plan
from analysis.errors import PlanError, PlanWarning
from analysis.ingest.grid import HEADER
from tests.conftest import FIXTURES, SEEDS
from tests.ingest.renderers import (
    as_viewed,
    combine_docx,
    inside_a_block,
    number_automatically,
    published,
    render_docx,
    render_html,
    render_word_copy,
    render_xlsx,
    split_docx,
    title_line,
    two_row_header_docx,
    units_by_line,
    with_tracked_changes,
    with_withdrawn_row,
    wrap_docx,
)

YEARS = (2022, 2023)
LEGACY = FIXTURES / "legacy"  # Office 97-2003 files saved by LibreOffice (tests/tools/make_legacy_fixtures.py)
COMPARED = {
    "items": ["line"],  # where a task sits in the file differs by format
    "item_leaders": [],
    "item_units": [],
    "normalizations": [],
    "documents": ["source", "format"],
}


@pytest.fixture(scope="module", params=YEARS)
def reference(request):
    seed = SEEDS / f"{request.param}.txt"
    return seed, load_plan(seed), published(seed)


def _same_tables(read, reference, expected_format: str) -> None:
    for name, ignored in COMPARED.items():
        got, want = getattr(read, name).drop(columns=ignored), getattr(reference, name).drop(columns=ignored)
        pd.testing.assert_frame_equal(got, want, obj=name)
    assert read.documents["format"].tolist() == [expected_format]


def test_web_page_with_merged_cells(reference, tmp_path):
    _, tables, plan = reference
    path = tmp_path / "plan.html"
    path.write_text(render_html(plan), encoding="utf-8")
    _same_tables(load_plan(path), tables, "html")


def test_gbk_web_page_saved_as_txt(reference, tmp_path):
    _, tables, plan = reference
    path = tmp_path / "plan.txt"  # the suffix lies: the content says it is a page
    path.write_bytes(render_html(plan, charset="gbk").encode("gbk"))
    _same_tables(load_plan(path), tables, "html")


def test_web_page_saved_as_a_single_file_by_chromium(reference, tmp_path, browser):
    """Chrome's and Edge's “网页，单个文件”: the GBK page in a MIME archive, quoted-printable, with no charset on its
    part (the page's own meta says GBK), beside the archived stylesheet; and a site's page showing the plan in a
    frame, whose archive holds the outer page first."""
    _, tables, plan = reference
    page_path = tmp_path / "plan.html"
    page_path.write_bytes(render_html(plan, charset="gbk", site=True).encode("gbk"))
    outer = tmp_path / "outer.html"
    outer.write_text('<html><body><h1>政府信息公开</h1><iframe src="plan.html"></iframe></body></html>', "utf-8")
    page = browser.new_page()
    for shown, name in ((page_path, "plan.mhtml"), (outer, "framed.mhtml")):
        page.goto(shown.as_uri())
        archive = page.context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})["data"]
        assert "multipart/related" in archive and "quoted-printable" in archive and "=D6=D8=B5=E3" in archive  # 重点
        path = tmp_path / name
        path.write_text(archive, encoding="ascii", newline="")
        _same_tables(load_plan(path), tables, "mhtml")
    assert archive.count("Content-Type: text/html") == 2
    page.close()


def test_web_archives_as_other_browsers_write_them(reference, tmp_path):
    """Archives as Internet Explorer or 360 write them (.mht), with a photo that takes them past the 5 MB of any plan
    text: the page in base64 under the charset its part declares (GBK), though the page's meta still says UTF-8; and
    GBK bytes labelled gb2312, as such pages often are, read as browsers read them (· stays ·, not ・); a page typed
    as XHTML. A plain page saved as .mht is read as a page."""
    import quopri
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart
    from email.mime.text import MIMEText

    _, tables, plan = reference
    photo = MIMEImage(b"GIF89a" + bytes(6 * 1024 * 1024), "gif")
    labelled_gb2312 = MIMENonMultipart("text", "html", charset="gb2312")
    labelled_gb2312.set_payload(quopri.encodestring(render_html(plan, charset="gb2312").encode("gbk")).decode("ascii"))
    labelled_gb2312["Content-Transfer-Encoding"] = "quoted-printable"
    as_xhtml = MIMENonMultipart("application", "xhtml+xml", charset="utf-8")
    as_xhtml.set_payload(render_html(plan).encode("utf-8"))
    for part in (MIMEText(render_html(plan, charset="utf-8"), "html", "gbk"), labelled_gb2312, as_xhtml):
        archive = MIMEMultipart("related", type="text/html")
        archive.attach(part)
        archive.attach(photo)
        raw = archive.as_bytes()
        assert len(raw) > 5 * 1024 * 1024 and "重点".encode("gbk") not in raw
        path = tmp_path / "plan.mht"
        path.write_bytes(raw)
        _same_tables(load_plan(path), tables, "mhtml")
    path.write_text(render_html(plan), encoding="utf-8")
    _same_tables(load_plan(path), tables, "mhtml")


def test_word_document_with_merged_cells(reference, tmp_path):
    _, tables, plan = reference
    _same_tables(load_plan(render_docx(plan, tmp_path / "plan.docx")), tables, "docx")


def test_a_word_file_with_tracked_changes_reads_as_shown(reference, tmp_path):
    """A Word file sent out with its tracked changes unaccepted: inserted text (w:ins) is read, deleted text
    (w:delText) and text moved away (w:moveFrom, whose runs keep w:t) are not, in the title and in the table."""
    from docx import Document
    from docx.oxml.ns import qn

    _, tables, plan = reference
    path = with_tracked_changes(render_docx(plan, tmp_path / "plan.docx"), plan)
    assert "移走的字" in "".join(t.text for t in Document(str(path)).element.iter(qn("w:t")))
    _same_tables(load_plan(path), tables, "docx")


def test_word_97_documents_saved_by_an_office_suite(reference):
    """The seed plans saved as .doc by LibreOffice (tests/tools/make_legacy_fixtures.py): the merges come from each
    row's own definition (cells merged down, chapter rows one cell across the table), as the text alone cannot
    tell an empty cell from a row's end. 2022's chapter numbers (一、) and 序号 column are drawn by Word's automatic
    numbering: the numbers Word shows are read from its list definitions; its notice ends in a section break (a mark
    that ends the paragraph) and its title is broken over two lines (Shift+Enter), read as one, as from a .docx.
    2023's lead units are marked by a ★ inserted from Wingdings (kept as the font's own code in a run of that font);
    it was sent out with tracked changes unaccepted: the text deleted or moved away, still in the file, is left out
    in the title and in the task's cell, as Word shows it; and its title, table and footnote are held by a one-cell
    layout table, which is read through."""
    seed, tables, _ = reference
    path = LEGACY / f"plan_{seed.stem}.doc"
    if seed.stem == "2022":
        assert "一、".encode("utf-16-le") not in path.read_bytes()
    else:
        assert "删去的字".encode("utf-16-le") in path.read_bytes()
        assert path.read_bytes().count("\uf0ab".encode("utf-16-le")) >= 100  # a star in each units cell but merged ones
    _same_tables(load_plan(path), tables, "doc")


@pytest.mark.parametrize("suffix", [".doc", ".xls"])
def test_a_file_named_doc_or_xls_is_read_as_what_it_holds(reference, tmp_path, suffix):
    """What sites and people also name .doc or .xls: a newer file renamed, a web page (a site's export to Excel
    often writes an HTML table), a web archive (Word's “单个文件网页” saved as .doc, a common way of publishing, here
    as Internet Explorer heads it). Each is read as what it is; RTF and anything else is named, with what to save
    instead."""
    _, tables, plan = reference
    newer = render_docx(plan, tmp_path / "plan.docx") if suffix == ".doc" else render_xlsx(plan, tmp_path / "plan.xlsx")
    renamed = newer.rename(tmp_path / f"renamed{suffix}")
    _same_tables(load_plan(renamed), tables, newer.suffix[1:])
    page = tmp_path / f"page{suffix}"
    page.write_text(render_html(plan), encoding="utf-8")
    _same_tables(load_plan(page), tables, "html")
    archive = tmp_path / f"archive{suffix}"
    archive.write_bytes(
        b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: plan\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + render_html(plan).encode("utf-8")
        + b"\r\n--b--\r\n"
    )
    _same_tables(load_plan(archive), tables, "mhtml")
    other = "不是 Word 文档" if suffix == ".doc" else "不是 Excel 工作簿"
    for content, message in ((rb"{\rtf1\ansi \u24207?}", "这是 RTF 文件"), (b'ID;PWXL;N;E\nC;Y1;X1;K"x"\n', other)):
        page.write_bytes(content)  # RTF, and a SYLK file (a spreadsheet format older than .xls)
        with pytest.raises(PlanError, match=f"page{suffix}: {message}"):
            load_plan(page)


def test_a_word_97_plan_held_by_a_text_box():
    """A text box's text is a story of its own after the document's main text, which holds only its anchor: the plan
    there is read as if it stood alone."""
    _same_tables(load_plan(LEGACY / "plan_2023_text_box.doc"), load_plan(SEEDS / "2023.txt"), "doc")


def test_office_files_are_read_by_what_they_hold_not_their_name(reference, tmp_path):
    """A Word 97 document named .xls and a workbook named .doc are read as what they are; a table exported as
    tab-separated text under .xls is read as a copied table; Office 2003 XML (Word's “XML 文档”, Excel's “XML 电子表格
    2003”, which some systems export under these names) is named, with what to save instead."""
    import shutil

    seed, tables, plan = reference
    for held, named in ((".doc", ".xls"), (".xls", ".doc")):
        path = shutil.copyfile(LEGACY / f"plan_{seed.stem}{held}", tmp_path / f"plan{named}")
        if (seed.stem, held) == ("2023", ".xls"):  # the workbook with a hand-hidden row, named as it reads
            with pytest.warns(PlanWarning, match=r"plan\.doc: 工作表中手动隐藏的第6行未计入"):
                read = load_plan(path)
        else:
            read = load_plan(path)
        _same_tables(read, tables, held[1:])
    export = tmp_path / "export.xls"
    export.write_text(title_line(plan) + "\n" + render_word_copy(plan), encoding="gb18030")
    _same_tables(load_plan(export), tables, "copied_text")
    office_xml = {
        ".xls": '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet><Table><Row><Cell>'
        "<Data>序号</Data></Cell></Row></Table></Worksheet></Workbook>",
        ".doc": '<?xml version="1.0" encoding="UTF-8"?>\n<w:wordDocument '
        'xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"><w:body><w:p><w:r><w:t>序号</w:t></w:r></w:p>'
        "</w:body></w:wordDocument>",
    }
    for suffix, content in office_xml.items():
        path = tmp_path / f"system{suffix}"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(PlanError, match=rf"system{suffix}: 这是 Office 2003 的 XML 格式"):
            load_plan(path)


def test_vertical_merges_given_cell_by_cell_are_all_applied():
    """A row may give its vertical merges one sprmTVertMerge for each merged cell, rather than in the row's
    definition: each applies (序号, 项目 and 牵头领导 continuing the cells above), not only the last."""
    import struct

    from analysis.ingest.word_97 import DEF_TABLE, VERT_MERGE, _row_layout, _sprms

    edges = [-108, 1620, 3348, 5076, 6804, 8532]
    definition = bytes([5]) + struct.pack("<6h", *edges) + bytes(20) * 5  # five cells, no merge flags of their own
    grpprl = struct.pack("<HH", DEF_TABLE, len(definition) + 1) + definition
    for cell in (0, 1, 3):
        grpprl += struct.pack("<HBBB", VERT_MERGE, 2, cell, 1)  # operand size 2: the cell, 1 = continues
    assert _row_layout(_sprms(grpprl)) == (edges, [True, True, False, True, False])


def test_paragraph_properties_kept_in_the_data_stream_are_read():
    """Word keeps a paragraph's properties that do not fit its page (a wide row's definition) in the Data stream, the
    page holding only where (sprmPHugePapx): the row end and its cells' merges are read from there."""
    import struct

    from analysis.ingest.word_97 import DEF_TABLE, HUGE_PROPERTIES, PAGE, TABLE_ROW_END, _bin_table, _row_layout

    edges = [0, 1000, 2000]
    definition = bytes([2]) + struct.pack("<3h", *edges) + struct.pack("<H", 0x20) + bytes(18) + bytes(20)
    kept = struct.pack("<HB", TABLE_ROW_END, 1) + struct.pack("<HH", DEF_TABLE, len(definition) + 1) + definition
    data = bytes(7) + struct.pack("<H", len(kept)) + kept  # the properties, 7 bytes into the Data stream
    grpprl = bytes(2) + struct.pack("<HI", HUGE_PROPERTIES, 7)  # the style index, then where the rest is
    page = bytearray(PAGE)
    struct.pack_into("<2I", page, 0, 100, 102)  # one run: the row end's mark, at file offset 100
    page[8] = 16  # its properties at byte 32 of the page
    page[32] = (len(grpprl) + 2) // 2  # its size as 2 × cb − 1 bytes: one byte of padding after
    page[33 : 33 + len(grpprl)] = grpprl
    page[PAGE - 1] = 1
    table = struct.pack("<3I", 100, 102, 1)  # the bin table: the run's offsets, and its page (the second)
    runs = _bin_table(bytes(PAGE) + bytes(page), table, 0, len(table), paragraphs=True, data=data)
    properties = runs.at(100)
    assert properties[TABLE_ROW_END] == b"\x01"
    assert _row_layout(properties) == (edges, [True, False])


def test_a_damaged_or_locked_word_97_document_is_one_line(tmp_path):
    """A truncated .doc, one whose middle is overwritten, and one saved with a password: one line naming the file."""
    import olefile

    whole = (LEGACY / "plan_2022.doc").read_bytes()
    damaged = bytearray(whole)
    damaged[2048:40960] = b"\xff" * (40960 - 2048)
    for name, content in (("cut.doc", whole[: len(whole) // 3]), ("damaged.doc", bytes(damaged))):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(PlanError, match=rf"{name}: 无法读取这份 Word 97-2003 文档（已损坏"):
            load_plan(path)
    locked = tmp_path / "locked.doc"
    locked.write_bytes(whole)
    with olefile.OleFileIO(str(locked), write_mode=True) as container:
        document = bytearray(container.openstream("WordDocument").read())
        document[11] |= 0x01  # fEncrypted, as Word marks a file saved with a password
        container.write_stream("WordDocument", bytes(document))
    with pytest.raises(PlanError, match=r"locked.doc: 无法读取这份 Word 97-2003 文档：文件设有密码"):
        load_plan(locked)


def test_excel_workbook_with_merged_ranges(reference, tmp_path):
    _, tables, plan = reference
    _same_tables(load_plan(render_xlsx(plan, tmp_path / "plan.xlsx")), tables, "xlsx")


def _chapter_row(plan, k: int) -> int:
    return [i for i, (kind, _) in enumerate(plan.body) if kind == "chapter"][k]


def test_a_table_split_across_tables_is_read_whole(reference, tmp_path):
    """A page (or a Word file) whose table is split at page breaks, a page number and 续表 between the parts: in the
    middle of a merged block (the merges run on into the next table, or restart there empty), at a chapter whose
    heading stands between the tables as a paragraph in several runs, the header repeated or not, in three parts.
    Every item is read, as from the text."""
    _, tables, plan = reference
    inside, chapter = inside_a_block(plan), _chapter_row(plan, 2)
    splits = [
        ((inside,), False, False),
        ((inside,), True, True),
        ((chapter,), True, False),
        ((inside, chapter, chapter + 12), True, True),
    ]
    for split_before, repeat_header, restart_empty in splits:
        path = tmp_path / "split.html"
        page = render_html(plan, split_before=split_before, repeat_header=repeat_header, restart_empty=restart_empty)
        path.write_text(page, encoding="utf-8")
        _same_tables(load_plan(path), tables, "html")
    document = split_docx(render_docx(plan, tmp_path / "split.docx"), inside + 1)
    _same_tables(load_plan(document), tables, "docx")


def test_two_plans_in_one_word_file_are_an_error(tmp_path):
    first, second = (render_docx(published(SEEDS / f"{year}.txt"), tmp_path / f"{year}.docx") for year in YEARS)
    for order in ((first, second), (second, first)):
        with pytest.raises(PlanError, match="一个文件里有两份方案"):
            load_plan(combine_docx(*order, tmp_path / "both.docx"))


def test_a_row_inside_a_merged_block_is_named_by_its_own_line(tmp_path):
    """An error in a row under merged 序号 / 项目 cells names that row's line, not the block's first."""
    plan = published(SEEDS / "2022.txt")
    row = next(i for i in range(inside_a_block(plan), len(plan.body)) if plan.body[i][1][4].rows == 1)
    plan.body[row][1][4].lines = []  # its 责任单位 left empty
    page = render_html(plan)
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    line = next(n for n, text in enumerate(page.split("\n"), start=1) if plan.body[row][1][2].lines[0] in text)
    with pytest.raises(PlanError, match="“责任单位”栏为空") as caught:
        load_plan(path)
    assert caught.value.line == line


def test_a_site_headline_and_links_to_other_plans_are_not_the_plan(reference, tmp_path):
    """A government page: the site's headline repeats the title above the document's own title and its declared
    count, and "related reading" lists link to last year's plan above and below. The title nearest the table is
    the plan's; links are no part of it."""
    _, tables, plan = reference
    path = tmp_path / "page.html"
    path.write_text(render_html(plan, site=True), encoding="utf-8")
    _same_tables(load_plan(path), tables, "html")


def test_two_plans_on_one_page_are_an_error(tmp_path):
    first, second = (render_html(published(SEEDS / f"{year}.txt")) for year in YEARS)
    path = tmp_path / "both.html"
    path.write_text(first.replace("</body></html>", "") + second, encoding="utf-8")
    with pytest.raises(PlanError, match="一个文件里有两份方案"):
        load_plan(path)


def test_excel_with_a_blank_first_column_and_the_count_in_the_title_cell(reference, tmp_path):
    """A sheet laid out by hand: the table from column B, the title and its count in one cell, and chapter
    headings merged across the table or written in its first cell alone."""
    _, tables, plan = reference
    for merged in (True, False):
        path = render_xlsx(plan, tmp_path / "plan.xlsx", first_column=2, title_cell=True, merged_chapters=merged)
        _same_tables(load_plan(path), tables, "xlsx")


def _sheet_rows(workbook: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    return [["" if v is None else v for v in row] for row in load_workbook(workbook).active.iter_rows(values_only=True)]


def _sheet_as_text(
    workbook: Path, path: Path, encoding: str, dialect: str = "excel", rows: slice = slice(None)
) -> Path:
    """The workbook's sheet as Excel writes it as text (saved as CSV, `excel`, or copied, `excel-tab`): a merged
    range's text in its first cell only, CRLF between rows, a cell with line breaks in quotes."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, dialect=dialect).writerows(_sheet_rows(workbook)[rows])
    path.write_text(out.getvalue(), encoding=encoding, newline="")
    return path


def test_sheet_saved_as_csv(reference, tmp_path):
    """Excel's “CSV（逗号分隔）” (GB18030 on a Chinese system) and “CSV UTF-8” (with a BOM), of a sheet as published
    and of one laid out by hand: every empty cell is covered by the one above, as the merges were."""
    _, tables, plan = reference
    published_sheet = render_xlsx(plan, tmp_path / "plan.xlsx")
    by_hand = render_xlsx(plan, tmp_path / "by_hand.xlsx", first_column=2, title_cell=True, merged_chapters=False)
    for workbook, encoding in ((published_sheet, "gb18030"), (by_hand, "utf-8-sig")):
        path = _sheet_as_text(workbook, tmp_path / "plan.csv", encoding)
        assert re.search(r'"[^"]+\n[^"]+"', path.read_text(encoding=encoding))  # two leaders in a cell, quoted
        _same_tables(load_plan(path), tables, "csv")


def test_cells_copied_from_excel_into_a_text_file(reference, tmp_path):
    """Excel's copy of the sheet pasted into Notepad (UTF-8), or saved as “Unicode 文本” (UTF-16): tab-separated, a
    cell with two leaders in quotes over two lines; and a copy of the table alone under a title typed by hand."""
    _, tables, plan = reference
    workbook = render_xlsx(plan, tmp_path / "plan.xlsx")
    for encoding in ("utf-8", "utf-16"):
        path = _sheet_as_text(workbook, tmp_path / "copied.txt", encoding, "excel-tab")
        assert '\t"' in path.read_text(encoding=encoding)
        _same_tables(load_plan(path), tables, "copied_sheet")
    header_row = next(k for k, row in enumerate(_sheet_rows(workbook)) if row[0] == HEADER[0])
    table_only = _sheet_as_text(workbook, tmp_path / "table.txt", "utf-8", "excel-tab", slice(header_row, None))
    title = title_line(plan)
    typed = f"{title}\r\n{plan.preamble[plan.preamble.index(title) + 1]}\r\n"
    table_only.write_text(typed + table_only.read_text(encoding="utf-8"), encoding="utf-8", newline="")
    _same_tables(load_plan(table_only), tables, "copied_sheet")


def test_sheets_written_out_by_other_writers_and_laid_out_otherwise(reference, tmp_path):
    """Rows written without their trailing empty cells (CSV and a copy from Excel), empty rows below the table (a
    sheet formatted far down), a header over two rows (责任分工 over 牵头领导 / 责任单位, the merge lost in the text),
    a note beside a chapter heading in a column right of the table, and subsections named in a cell merged over 序号
    and 项目 without a number: all read as the sheet."""
    _, tables, plan = reference
    workbook = render_xlsx(plan, tmp_path / "plan.xlsx")
    for dialect, name in (("excel", "plan.csv"), ("excel-tab", "copied.txt")):
        path = _sheet_as_text(workbook, tmp_path / name, "utf-8", dialect)
        separator = "," if dialect == "excel" else "\t"
        short = re.sub(rf"{separator}+(?=\r\n)", "", path.read_text(encoding="utf-8"))
        path.write_text(short + f"{separator * 4}\r\n" * 1000, encoding="utf-8", newline="")
        assert f"{separator}\r\n" not in short
        _same_tables(load_plan(path), tables, "csv" if dialect == "excel" else "copied_sheet")
    two_rows = render_xlsx(plan, tmp_path / "two_rows.xlsx", two_row_header=True)
    rows = _sheet_rows(two_rows)
    assert rows[next(k for k, row in enumerate(rows) if row[0] == HEADER[0]) + 1][3:5] == ["牵头领导", "责任单位"]
    chapter = next(k for k, row in enumerate(rows) if str(row[0]).startswith("二、"))
    rows = [[*row, "制表：区政府办" if k == chapter else ""] for k, row in enumerate(rows)]
    path = tmp_path / "two_rows.csv"
    path.write_text("\r\n".join(",".join(f'"{cell}"' for cell in row) for row in rows), encoding="utf-8", newline="")
    _same_tables(load_plan(path), tables, "csv")
    named = render_xlsx(plan, tmp_path / "named.xlsx", name_over_number=True)  # 序号 and 项目 merged, no number
    assert any(row[0] == "主要预期目标" and row[1] == "" for row in _sheet_rows(named))
    read, from_sheet = load_plan(_sheet_as_text(named, tmp_path / "named.csv", "utf-8")), load_plan(named)
    assert read.items["subsection_no"].isna().all()  # as the sheet reads: the subsections have no number
    pd.testing.assert_frame_equal(read.items.drop(columns="line"), from_sheet.items.drop(columns="line"))
    pd.testing.assert_frame_equal(read.item_units, tables.item_units)


def test_a_csv_of_one_sheet_of_several_says_a_chapter_is_missing(reference, tmp_path):
    """A plan with a sheet for each chapter saved as CSV, which keeps the sheet shown: the second sheet alone (under
    the plan's title, without the declared count) reads chapter 二 only, and a note says 一 is missing."""
    from openpyxl import load_workbook

    plan = reference[2]
    workbook = render_xlsx(plan, tmp_path / "plan.xlsx", sheet_per_chapter=True)
    book = load_workbook(workbook)
    second = [["" if v is None else v for v in row] for row in book.worksheets[1].iter_rows(values_only=True)]
    path = tmp_path / "second.csv"
    path.write_text("\r\n".join(",".join(f'"{cell}"' for cell in row) for row in second), encoding="utf-8", newline="")
    with pytest.warns(PlanWarning, match="章节编号缺少“一”"):
        read = load_plan(path)
    assert set(read.items["chapter_no"]) == {2}
    notes = read.reading_notes
    assert notes["kind"].tolist() == ["chapters_missing"]
    assert notes["note"].iloc[0].startswith("章节编号缺少“一”（读到的章节为“二”）")


def _small_csv(path: Path, task_rows: list[str]) -> Path:
    """A plan of two tasks in one chapter as CSV, its task rows as given (CRLF between rows, as Excel writes)."""
    top = ["区政府2024年重点工作目标任务分解落实方案", "（共2项）", ",".join(HEADER), "一、主要预期目标"]
    path.write_text("\r\n".join([*top, *task_rows]), encoding="utf-8", newline="")
    return path


def test_a_row_written_without_its_trailing_empty_cells_takes_them_from_above(tmp_path):
    """A writer that leaves out a row's trailing empty cells (Excel pads them): the second task's leader and units,
    merged with the first's in the sheet, carry down as the merge did."""
    rows = ["1,主要预期目标,1.地区生产总值增长5%左右。,钱  宇,★区发改委、统计局", ",,2.一般公共预算收入增长5%。"]
    read = load_plan(_small_csv(tmp_path / "plan.csv", rows))
    units = read.item_units.groupby("item_id")["unit"].apply(list).to_dict()
    assert units == {"2024-001": ["区发改委", "区统计局"], "2024-002": ["区发改委", "区统计局"]}
    assert read.item_leaders[["item_id", "leader", "inherited"]].values.tolist() == [
        ["2024-001", "钱宇", False],
        ["2024-002", "钱宇", True],
    ]


def test_a_csv_separated_by_semicolons(reference, tmp_path):
    """Excel in a European locale separates by semicolons, and may name the separator in a first line it hides
    (sep=;): both read as the sheet, an error naming the row Excel shows."""
    import csv
    import io

    _, tables, plan = reference
    rows = _sheet_rows(render_xlsx(plan, tmp_path / "plan.xlsx"))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path = tmp_path / "plan.csv"
    for first_line in ("", "sep=;\r\n"):
        path.write_text(first_line + out.getvalue(), encoding="utf-8", newline="")
        _same_tables(load_plan(path), tables, "csv")
    path = _small_csv(
        tmp_path / "small.csv", ["1,主要预期目标,1.地区生产总值增长5%左右。,钱宇,★区发改委", "2,,,,★区统计局"]
    )
    path.write_text("sep=;\r\n" + path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8", newline="")
    with pytest.raises(PlanError, match="“重点工作目标任务”栏为空") as caught:
        load_plan(path)
    assert caught.value.line == 6


def test_a_csv_row_in_error_is_named_by_the_row_excel_shows(tmp_path):
    """The row Excel shows, though a cell of an earlier row holds a line break (two leaders), or in a copy of the cells
    the line of the text file; the review queue saved among the plans under another name is named as what it is."""
    path = _small_csv(
        tmp_path / "plan.csv", ['1,主要预期目标,1.地区生产总值增长5%左右。,"钱  宇\n季恒义",★区发改委', ",,,,★区统计局"]
    )
    with pytest.raises(PlanError, match="“重点工作目标任务”栏为空") as caught:
        load_plan(path)
    assert caught.value.line == 6
    copied = tmp_path / "copied.txt"  # the same cells copied from Excel: the line in Notepad, after a two-line cell
    copied.write_text(path.read_text(encoding="utf-8").replace(",", "\t"), encoding="utf-8", newline="")
    with pytest.raises(PlanError, match="“重点工作目标任务”栏为空") as caught:
        load_plan(copied)
    assert caught.value.line == 7
    quotes = [
        '1\t主要预期目标\t"十四五"规划中期评估。\t"钱  宇\n季恒义"\t★区发改委',
        '\t\t"""双碳""工作"\t\t★区统计局',
    ]
    copied.write_text(
        "\n".join([*_small_csv(tmp_path / "top.csv", []).read_text("utf-8").replace(",", "\t").split("\r\n"), *quotes]),
        "utf-8",
    )
    texts = load_plan(copied).items["text"].tolist()
    assert texts == ['"十四五"规划中期评估。', '"双碳"工作']  # as Excel shows them: one written, one quoted whole
    queue = tmp_path / "判定.csv"
    queue.write_text("前一年事项,后一年事项,分析人员判定\n2022-001,2023-001,延续\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"请把它命名为 match_decisions\.csv"):
        load_plan(queue)


def test_text_copied_from_the_page_in_a_browser(reference, tmp_path, browser):
    """Chromium's copy of the page, with cells as plain text and, as pages exported from Word have them, with
    every cell's text in a paragraph (a 项目 cell then comes on a line of its own); and of a page whose table is
    split in three, the header (over two rows in the fourth), a page number and 续表 between the parts."""
    _, tables, plan = reference
    page = browser.new_page()
    split = (inside_a_block(plan), _chapter_row(plan, 2))  # the third: split in three, the header repeated
    variants = ((False, (), False), (True, (), False), (False, split, False), (False, split, True))
    for paragraphs, split_before, two_rows in variants:
        page_path = tmp_path / "plan.html"
        rendered = render_html(
            plan, paragraphs=paragraphs, split_before=split_before, repeat_header=True, two_row_header=two_rows
        )
        page_path.write_text(rendered, encoding="utf-8")
        page.goto(page_path.as_uri())
        copied = page.evaluate(
            "() => { const s = getSelection(); s.selectAllChildren(document.body); return s.toString(); }"
        )
        assert "\t" in copied and "&nbsp;" not in copied
        path = tmp_path / "copied.txt"
        path.write_text(copied, encoding="utf-8")
        _same_tables(load_plan(path), tables, "copied_text")
    page.close()


def test_a_table_copied_without_its_title_says_to_add_it(tmp_path):
    text = "序号\t项目\t重点工作目标任务\t牵头领导\t责任单位\n一、主要预期目标\n1\t主要预期目标\t1.地区生产总值增长6%左右。\t钱宇\t★区发改委\n"
    (tmp_path / "copied.txt").write_text(text, encoding="utf-8")
    with pytest.raises(PlanError, match="请在表格上方单独一行加上带年份的标题"):
        load_plan(tmp_path / "copied.txt")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx"),
        ("plan.wps", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "另存为 .docx"),
        ("plan.pdf", b"%PDF-1.7\n", "表格无法准确读取"),
        ("plan.ofd", b"PK\x03\x04", "OFD 版式文件（表格无法准确读取）"),
        ("plan.ods", b"PK\x03\x04", "另存为 .xlsx"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "无法读取这份 Word 文档：文件已损坏或不完整"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "设有密码"),
        ("plan.xlsx", b"garbage", "无法读取这份 Excel 工作簿"),
        (
            "plan.mhtml",
            b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\nContent-Type: image/png\n'
            b"Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n",
            "里没有网页",
        ),
        ("plan.mht", "区政府2024年重点工作目标任务分解落实方案".encode(), "里没有网页"),
        (
            "plan.html",
            "<html><body><table><tr><td>导航</td></tr></table></body></html>".encode(),
            "没有带方案表头",
        ),
    ],
)
def test_unreadable_files_get_one_line_naming_them(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PlanError, match=message) as caught:
        load_plan(path)
    assert caught.value.path == str(path) and "\n" not in str(caught.value)


def test_word_document_without_the_plan_table(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("区政府2024年重点工作目标任务分解落实方案")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "序号"
    document.save(str(tmp_path / "plan.docx"))
    with pytest.raises(PlanError, match="没有带方案表头"):
        load_plan(tmp_path / "plan.docx")


def test_a_header_row_short_of_a_column_names_the_column(tmp_path):
    """A header that lost a column (or renamed one) is a near miss: the message says which column to fix."""
    from docx import Document

    document = Document()
    header = document.add_table(rows=2, cols=4).rows[0].cells
    for cell, name in zip(header, ["序号", "项目", "重点工作目标任务", "责任单位"], strict=True):
        cell.text = name
    document.save(str(tmp_path / "plan.docx"))
    with pytest.raises(PlanError, match="最接近的表头为 序号 / 项目 / 重点工作目标任务 / 责任单位（缺少 牵头领导）"):
        load_plan(tmp_path / "plan.docx")
    row = "".join(f"<td>{name}</td>" for name in ["序号", "项目", "重点工作目标任务", "牵头单位", "责任单位"])
    (tmp_path / "plan.html").write_text(f"<table><tr>{row}</tr></table>", encoding="utf-8")
    with pytest.raises(PlanError, match="缺少 牵头领导；多出 牵头单位"):
        load_plan(tmp_path / "plan.html")


def test_copied_rows_that_fit_no_column_name_the_line(tmp_path):
    text = "区政府2024年重点工作目标任务分解落实方案\n序号\t项目\t重点工作目标任务\t牵头领导\t责任单位\n一、主要预期目标\n1\t2\t3\t4\t5\t6\n"
    (tmp_path / "copied.txt").write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(tmp_path / "copied.txt")
    assert caught.value.line == 4 and "五列" in str(caught.value)


def test_a_mixed_seeds_folder_builds_and_reports(tmp_path):
    from analysis.cli import main

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    render_docx(published(SEEDS / "2022.txt"), seeds / "附件：2022年方案.docx")
    (seeds / "2023年方案（网页）.htm").write_text(render_html(published(SEEDS / "2023.txt")), encoding="utf-8")
    (seeds / "match_decisions.csv").write_text("item_from,item_to,decision\n", encoding="utf-8")  # not a plan
    data, figures = tmp_path / "data", tmp_path / "figures"
    assert main(["report", "--seeds", str(seeds), "--data", str(data), "--figures", str(figures)]) == 0
    documents = pd.read_parquet(data / "documents.parquet")
    assert documents[["year", "format", "parsed_count"]].values.tolist() == [[2022, "docx", 108], [2023, "html", 118]]
    assert (figures / "report.html").exists()


def test_a_word_row_short_of_a_cell_is_named_not_filled_from_above(tmp_path):
    """A row that lost its 责任单位 cell is no merge: reading the units of the row above into it would be wrong."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(FIXTURES / "plan_2024_constructed.docx"))
    rows = document.tables[0]._tbl.tr_lst
    cells = [tr.findall(qn("w:tc")) for tr in rows]
    row = next(
        tr
        for tr, tcs in zip(rows, cells, strict=True)
        if len(tcs) == 5 and "".join(tcs[2].itertext()).startswith("60.")
    )
    row.remove(row.findall(qn("w:tc"))[4])
    document.save(str(tmp_path / "2024.docx"))
    with pytest.raises(PlanError, match="这一行只有4个单元格，应有5个") as caught:
        load_plan(tmp_path / "2024.docx")
    assert caught.value.line is not None


def test_item_numbers_repeated_skipped_or_left_out_are_warned_about(tmp_path):
    """2023's items run 1.–118.; a copy that prints 57. twice, or drops the 57., still reads, and says where."""
    text = (SEEDS / "2023.txt").read_text(encoding="utf-8")
    assert "\t58." in text and "\t57." in text
    for name, garbled, expected in (
        ("repeated.txt", text.replace("\t58.", "\t57.", 1), "正文前的编号“57.”排在“57.”之后"),
        ("left_out.txt", text.replace("\t57.", "\t", 1), "该事项正文前没有编号（应为“57.”）"),
    ):
        (tmp_path / name).write_text(garbled, encoding="utf-8")
        with pytest.warns(PlanWarning) as caught:
            plan = load_plan(tmp_path / name)
        numbering = [str(w.message) for w in caught if "number" in str(w.message)]
        assert len(numbering) == 1 and expected in numbering[0], numbering
        assert len(plan.items) == 118
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_plan(SEEDS / "2023.txt")  # the plan as published: nothing to say


def test_reading_notes_reach_the_tables_in_chinese(tmp_path):
    """The notes printed as warnings are also a table, in Chinese, for the report and the workbook."""
    text = (SEEDS / "2023.txt").read_text(encoding="utf-8").replace("\t58.", "\t57.", 1)
    (tmp_path / "2023.txt").write_text(text, encoding="utf-8")
    with pytest.warns(PlanWarning):
        notes = load_plan(tmp_path / "2023.txt").reading_notes
    assert notes[["year", "source", "item_id", "kind", "note"]].values.tolist() == [
        [
            2023,
            "2023.txt",
            "2023-058",
            "number_out_of_order",
            "正文前的编号“57.”排在“57.”之后（重号还是跳号？请核对原文）",
        ]
    ]
    assert notes["line"].item() == next(
        i for i, line in enumerate(text.split("\n"), 1) if line.startswith("\t57.") and "培训" in line
    )
    assert load_plan(SEEDS / "2023.txt").reading_notes.empty


def test_a_part_of_a_split_table_with_other_columns_is_named(tmp_path):
    """A part after a page break with a spacer column added (and the header repeated) is no continuation the reader
    can line up: an error saying so, not half a plan."""
    plan = published(SEEDS / "2022.txt")
    page = render_html(plan, split_before=(_chapter_row(plan, 3),), repeat_header=True)
    first, rest = page.split("续表", 1)
    path = tmp_path / "plan.html"
    path.write_text(first + "续表" + rest.replace("<tr>", "<tr><td></td>"), encoding="utf-8")
    with pytest.raises(PlanError, match="方案表格在第3张表格中续接，但该表有6列，前面的方案表格有5列"):
        load_plan(path)


def test_units_one_a_line_and_a_sheet_for_each_chapter(reference, tmp_path):
    """Offices write the units one a line (a paragraph each in Word, Alt+Enter in Excel) with no 、 between, and
    may keep each chapter on a sheet of its own under the title and header: read as the text gives them."""
    _, tables, plan = reference
    by_line = units_by_line(plan)
    _same_tables(load_plan(render_docx(by_line, tmp_path / "plan.docx")), tables, "docx")
    _same_tables(load_plan(render_xlsx(by_line, tmp_path / "plan.xlsx")), tables, "xlsx")
    _same_tables(load_plan(render_xlsx(plan, tmp_path / "sheets.xlsx", sheet_per_chapter=True)), tables, "xlsx")


def test_a_word_file_with_the_first_heading_above_the_table(reference, tmp_path):
    """A table for each chapter, the first chapter's heading a paragraph just above the first table."""
    from docx import Document
    from docx.oxml.ns import qn

    _, tables, plan = reference
    path = render_docx(plan, tmp_path / "plan.docx")
    document = Document(str(path))
    table = document.tables[0]._tbl
    heading_row = table.findall(qn("w:tr"))[1]
    table.remove(heading_row)
    paragraph = copy.deepcopy(heading_row.find(f"{qn('w:tc')}/{qn('w:p')}"))
    table.addprevious(paragraph)
    document.save(str(path))
    _same_tables(load_plan(path), tables, "docx")


def test_a_star_inserted_from_a_symbol_font_marks_the_lead_unit():
    from docx.oxml import parse_xml

    from analysis.ingest.word import W, _cell_lines

    ns = W.strip("{}")
    cell = parse_xml(
        f'<w:tc xmlns:w="{ns}"><w:p><w:r><w:sym w:font="Wingdings" w:char="F0AB"/><w:t>区发改委、统计局</w:t></w:r>'
        "</w:p></w:tc>"
    )
    assert _cell_lines(cell, {}) == ["★区发改委、统计局"]


def test_a_symbol_word_97_keeps_aside_is_read_as_its_character():
    """Word keeps a symbol inserted into a .doc as "(" with its font and code aside (sprmCSymbol); other writers keep
    the font's own code (U+F0AB) in a run of the symbol font. Both are the ★; text in other fonts is left as it is."""
    import struct

    from analysis.ingest.word_97 import RUN_FONTS, SYMBOL, _shown

    fonts = ["宋体", "Wingdings"]
    assert _shown("(", {SYMBOL: struct.pack("<HH", 1, 0xF0AB)}, fonts) == "★"
    assert _shown("(", {}, fonts) == "("
    assert _shown("\uf0ab", {RUN_FONTS[0]: struct.pack("<H", 1)}, fonts) == "★"
    assert _shown("\uf0ab", {RUN_FONTS[0]: struct.pack("<H", 0)}, fonts) == "\uf0ab"


def test_word_rows_inside_a_content_control_are_read(reference, tmp_path):
    """Rows a template wraps in a content control (w:sdt) are the table's own rows."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _, tables, plan = reference
    path = render_docx(plan, tmp_path / "plan.docx")
    document = Document(str(path))
    rows = document.tables[0]._tbl.findall(qn("w:tr"))
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    rows[5].addprevious(control)
    for row in rows[5:15]:
        content.append(row)
    document.save(str(path))
    _same_tables(load_plan(path), tables, "docx")


def test_numbers_drawn_by_word_automatic_numbering_are_read(reference, tmp_path):
    """Chapter numbers (一、) and the 序号 column numbered by Word's numbering button, restarted at each chapter: the
    numbers Word shows are read, though the cells hold no text; and with each chapter's 序号 a list of its own."""
    _, tables, plan = reference
    for list_per_chapter in (False, True):
        path = number_automatically(render_docx(plan, tmp_path / "plan.docx"), list_per_chapter)
        _same_tables(load_plan(path), tables, "docx")


WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _list_level(ilvl: int, number_format: str, pattern: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:lvlText w:val="{pattern}"/>{extra}</w:lvl>'
    )


def _numbered(style: str = "", num_id: str = "", ilvl: int = 0) -> str:
    own = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
    style = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{style}{own}</w:pPr></w:p>"


def _labels(numbering: str, styles: str, paragraphs: list[str]) -> list[str]:
    """The labels Word draws on a body of paragraphs, given numbering and style definitions (their inner XML)."""
    from docx.oxml import parse_xml

    from analysis.ingest.word_numbering import paragraph_labels

    body = parse_xml(f'<w:body xmlns:w="{WORD_NS}" xmlns:mc="{MC_NS}">{"".join(paragraphs)}</w:body>')
    labels = paragraph_labels(
        body,
        parse_xml(f'<w:numbering xmlns:w="{WORD_NS}">{numbering}</w:numbering>'),
        parse_xml(f'<w:styles xmlns:w="{WORD_NS}">{styles}</w:styles>'),
    )
    return [labels.get(p, "").strip() for p in body]


def test_word_numbering_labels_follow_levels_styles_and_bullets():
    """A heading style linked to a list numbers its paragraphs; a second level restarts under each first-level
    paragraph and draws both levels (%1.%2), each in its own level's format, as Word does; a bullet list draws no
    number."""
    numbering = (
        f'<w:abstractNum w:abstractNumId="0">{_list_level(0, "chineseCounting", "%1、")}'
        f"{_list_level(1, 'decimal', '%1.%2')}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1">{_list_level(0, "bullet", "•")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    styles = (
        '<w:style w:styleId="Chapter"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:styleId="MyChapter"><w:basedOn w:val="Chapter"/></w:style>'
    )
    paragraphs = [
        _numbered("MyChapter"),
        _numbered(num_id="1", ilvl=1),
        _numbered(num_id="1", ilvl=1),
        _numbered(num_id="2"),
        _numbered("Chapter"),
        _numbered(num_id="1", ilvl=1),
        _numbered(),
    ]
    assert _labels(numbering, styles, paragraphs) == ["一、", "一.1", "一.2", "", "二、", "二.1", ""]


def test_word_numbering_follows_list_styles_overrides_restarts_and_text_boxes():
    """As Word counts: a list defined through a list style (numStyleLink) takes that style's levels; a list
    instance redefining a level (lvlOverride with w:lvl) draws it its own way; a level told never to restart
    (lvlRestart 0) runs on under the next first-level paragraph; legal numbering (isLgl) draws every level in
    digits; a text box's copy for old Word versions (mc:Fallback) is not counted again."""
    never_restarts, legal = '<w:lvlRestart w:val="0"/>', "<w:isLgl/>"
    numbering = (
        f'<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="PlanList"/>{_list_level(0, "chineseCounting", "%1、")}'
        f"{_list_level(1, 'decimal', '%2', never_restarts)}{_list_level(2, 'decimal', '%1.%3', legal)}</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PlanList"/></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2">{_list_level(0, "decimal", "(%1)")}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        f'<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">{_list_level(0, "decimal", "%1")}'
        "</w:lvlOverride></w:num>"
    )
    styles = '<w:style w:type="numbering" w:styleId="PlanList"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    in_box = _numbered(num_id="2")
    box = (
        f"<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent>{in_box}</w:txbxContent></mc:Choice>"
        f"<mc:Fallback><w:txbxContent>{in_box}</w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    paragraphs = [
        _numbered(num_id="2"),
        _numbered(num_id="2", ilvl=1),
        _numbered(num_id="2", ilvl=2),
        box,
        _numbered(num_id="2", ilvl=1),
        _numbered(num_id="2", ilvl=2),
        _numbered(num_id="3"),
        _numbered(num_id="3"),
    ]
    assert _labels(numbering, styles, paragraphs) == ["一、", "1", "1.1", "", "2", "2.1", "1", "2"]
    # the box's own paragraph drew 二、: the next chapter would be 三、, not 四、
    assert _labels(numbering, styles, [*paragraphs[:4], _numbered(num_id="2")])[-1] == "三、"


@pytest.mark.parametrize("form", ["html split, header repeated", "docx", "xlsx"])
def test_a_header_over_two_rows_is_read(reference, tmp_path, form):
    """责任分工 over 牵头领导 / 责任单位, the other header cells spanning both rows: in a page split in two with the
    header repeated on the second part, a Word file and a workbook."""
    _, tables, plan = reference
    if form.startswith("html"):
        path = tmp_path / "plan.html"
        split = _chapter_row(plan, 3)
        path.write_text(render_html(plan, split_before=(split,), repeat_header=True, two_row_header=True), "utf-8")
    elif form == "docx":
        path = two_row_header_docx(render_docx(plan, tmp_path / "plan.docx"))
    else:
        path = render_xlsx(plan, tmp_path / "plan.xlsx", two_row_header=True)
    _same_tables(load_plan(path), tables, form.split()[0])


def test_excel_97_workbooks_saved_by_an_office_suite(reference):
    """The seed plans saved as .xls by LibreOffice (tests/tools/make_legacy_fixtures.py). 2022 as a workbook is
    viewed: rows a saved filter or a collapsed group hides are read, a hidden sheet holding last year's plan ahead of
    this year's is not, and nothing is said of them. 2023 with a withdrawn task on a hand-hidden row inside a merged
    block and a hidden column of notes: the plan as the sheet shows it, the hidden row named."""
    import io

    import xlrd

    seed, tables, _ = reference
    path = LEGACY / f"plan_{seed.stem}.xls"
    book = xlrd.open_workbook(str(path), formatting_info=True, logfile=io.StringIO())
    plan_sheet = next(sheet for sheet in book.sheets() if sheet.visibility == 0)
    hidden = sorted(r + 1 for r, info in plan_sheet.rowinfo_map.items() if info.hidden and not info.outline_level)
    if seed.stem == "2022":
        assert [sheet.visibility for sheet in book.sheets()] == [1, 0]  # last year's sheet first, hidden
        assert len(hidden) == 4  # the filter's
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            read = load_plan(path)
        assert read.reading_notes.empty
    else:
        assert len(hidden) == 1
        assert plan_sheet.cell_value(hidden[0] - 1, 2) == "（本项已调整，不再列入）推进某项工作。"
        with pytest.warns(PlanWarning, match=rf"plan_2023.xls: 工作表中手动隐藏的第{hidden[0]}行未计入"):
            read = load_plan(path)
        assert read.reading_notes["kind"].tolist() == ["hidden_rows"]
    _same_tables(read, tables, "xls")


def test_a_damaged_excel_97_workbook_is_one_line(tmp_path):
    """A truncated .xls, and one whose middle is overwritten: one line naming the file, no traceback."""
    whole = (LEGACY / "plan_2022.xls").read_bytes()
    damaged = bytearray(whole)
    damaged[4096:12288] = b"\xff" * 8192
    for name, content in (("cut.xls", whole[: len(whole) // 3]), ("damaged.xls", bytes(damaged))):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(PlanError, match=rf"{name}: 无法读取这份 Excel 97-2003 工作簿（已损坏"):
            load_plan(path)


def test_rows_and_columns_a_sheet_hides_are_left_out_and_named(reference, tmp_path):
    """A withdrawn task kept on a hidden row inside a merged block, and a hidden column of notes (备注): the plan is
    read as the sheet shows it, and the hidden row is named."""
    from openpyxl import load_workbook

    _, tables, plan = reference
    at = inside_a_block(plan)
    path = render_xlsx(with_withdrawn_row(plan, at), tmp_path / "plan.xlsx", hidden_rows=(at,))
    with pytest.warns(PlanWarning, match=r"plan.xlsx: 工作表中手动隐藏的第\d+行未计入"):
        read = load_plan(path)
    notes = read.reading_notes
    assert notes["kind"].tolist() == ["hidden_rows"]
    hidden = [r for r, dimension in load_workbook(path).active.row_dimensions.items() if dimension.hidden]
    assert notes["note"].tolist() == [
        f"工作表中手动隐藏的第{hidden[0]}行未计入（按表格显示的内容读取；筛选或分组折叠隐藏的行照常读取）"
    ]
    _same_tables(read, tables, "xlsx")


def test_a_subsection_named_over_the_number_column_is_read_without_a_number(reference, tmp_path):
    """Each subsection's name in one cell merged across 序号 and 项目, no number printed: the name is the 项目's and the
    subsection has no number; everything else reads as the text."""
    _, tables, plan = reference
    read = load_plan(render_xlsx(plan, tmp_path / "plan.xlsx", name_over_number=True))
    assert read.items["subsection_no"].isna().all()
    columns = ["line", "subsection_no"]
    pd.testing.assert_frame_equal(read.items.drop(columns=columns), tables.items.drop(columns=columns))
    pd.testing.assert_frame_equal(read.item_units, tables.item_units)


def test_a_formula_saved_without_its_value_is_named(reference, tmp_path):
    """A units cell written as a formula by a program (openpyxl saves no value with it): read as it stands it would
    be an empty cell; the error names the cell and says to save the file in Excel."""
    from openpyxl import load_workbook

    _, _, plan = reference
    path = render_xlsx(plan, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 5).value or "").startswith("★"))
    sheet.cell(row, 5).value = f'="{sheet.cell(row, 5).value}"'
    book.save(path)
    with pytest.raises(PlanError, match=rf"plan.xlsx:{row}: 工作表“.*”的 E{row} 单元格是公式，保存时没有存下计算结果"):
        load_plan(path)


def test_a_header_over_two_rows_in_extracted_text(reference, tmp_path):
    """Text taken from a document whose header is over two rows, with two group names (工作内容 over 项目 /
    重点工作目标任务, 责任分工 over the last two) each on a line of its own among the five; and taken from a paged
    document that repeats the header at a page top, after the page's number."""
    seed, tables, _ = reference
    text = seed.read_text(encoding="utf-8")
    header = "\t序号\n\t项目\n\t重点工作目标任务\n\t牵头领导\n\t责任单位\n"
    assert header in text
    grouped = header.replace("\t项目\n", "\t工作内容\n\t责任分工\n\t项目\n")
    chapter = re.search(r"^\t三、", text, flags=re.MULTILINE).start()
    paged = text[:chapter] + "— 3 —\n" + grouped + text[chapter:]
    path = tmp_path / "plan.txt"
    path.write_text(paged.replace(header, grouped, 1), encoding="utf-8")
    _same_tables(load_plan(path), tables, "text")


@pytest.mark.parametrize("holder", ["layout", "text box", "control"])
def test_a_word_plan_held_by_a_layout_table_a_text_box_or_a_content_control(reference, tmp_path, holder):
    """The title, the plan's table and the footnote inside a one-cell layout table, a text box (read once, though
    the file keeps a second copy for old Word versions) or a content control."""
    _, tables, plan = reference
    _same_tables(load_plan(wrap_docx(render_docx(plan, tmp_path / "plan.docx"), holder)), tables, "docx")


def test_cells_a_sheet_cannot_show_are_named_only_where_the_plan_reads_them(reference, tmp_path):
    """A units cell showing Excel's #N/A is an error naming it; a formula saved without its value in a hidden
    helper column, or on another sheet, is no part of the plan and does not stop the reading."""
    from openpyxl import load_workbook

    _, tables, plan = reference
    path = render_xlsx(plan, tmp_path / "plan.xlsx")
    book = load_workbook(path)
    sheet = book.active
    row = next(r for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 5).value or "").startswith("★"))
    sheet.cell(row, 7).value = '=IF(E5="","缺牵头单位","")'  # openpyxl saves no value with a formula
    sheet.column_dimensions["G"].hidden = True
    book.create_sheet("统计").cell(1, 2).value = "=COUNTA(重点工作!C:C)"
    book.save(path)
    _same_tables(load_plan(path), tables, "xlsx")
    sheet.cell(row, 5).value = "#N/A"
    book.save(path)
    with pytest.raises(PlanError, match=rf"plan.xlsx:{row}: 工作表“.*”的 E{row} 单元格显示 Excel 错误值 #N/A"):
        load_plan(path)


def test_rows_a_filter_or_a_collapsed_group_hides_are_read_and_hidden_sheets_are_not(reference, tmp_path):
    """A saved filter and a collapsed outline group hide rows from view, not from the plan: they are read. A hidden
    sheet holding last year's plan ahead of this year's is passed over, as Excel shows the workbook."""
    _, tables, plan = reference
    path = as_viewed(render_xlsx(plan, tmp_path / "plan.xlsx"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _same_tables(load_plan(path), tables, "xlsx")


def test_word_list_style_links_resolve_through_long_chains_and_loops():
    """A hostile numbering part: 2,000 list styles each linking to the next before one defines the levels, and a
    loop of links that defines nothing; 2,000 paragraph styles each based on the next, and two based on each other.
    The chains resolve (each style once, no recursion limit), the loops draw no label."""
    n = 2000
    chain = "".join(
        f'<w:abstractNum w:abstractNumId="{i}"><w:numStyleLink w:val="S{i + 1}"/></w:abstractNum>'
        f'<w:num w:numId="{i}"><w:abstractNumId w:val="{i}"/></w:num>'
        for i in range(n)
    )
    end = f'<w:abstractNum w:abstractNumId="{n}">{_list_level(0, "decimal", "%1")}</w:abstractNum>'
    end += f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'
    loop = (
        '<w:abstractNum w:abstractNumId="L"><w:numStyleLink w:val="LOOP"/></w:abstractNum>'
        '<w:num w:numId="L"><w:abstractNumId w:val="L"/></w:num>'
    )
    styles = "".join(
        f'<w:style w:type="numbering" w:styleId="S{i}"><w:pPr><w:numPr><w:numId w:val="{i}"/></w:numPr></w:pPr>'
        "</w:style>"
        for i in range(n + 1)
    )
    styles += (
        '<w:style w:type="numbering" w:styleId="LOOP"><w:pPr><w:numPr><w:numId w:val="L"/></w:numPr></w:pPr></w:style>'
    )
    styles += (
        '<w:style w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:styleId="B"><w:basedOn w:val="A"/></w:style>'
    )
    styles += "".join(f'<w:style w:styleId="P{i}"><w:basedOn w:val="P{i + 1}"/></w:style>' for i in range(n))
    styles += f'<w:style w:styleId="P{n}"><w:pPr><w:numPr><w:numId w:val="{n}"/></w:numPr></w:pPr></w:style>'
    paragraphs = [_numbered(num_id="0"), _numbered(num_id=str(n // 2)), _numbered(num_id="L"), _numbered("A")]
    assert _labels(chain + end + loop, styles, [*paragraphs, _numbered("P0")]) == ["1", "2", "", "", "3"]


def test_a_table_copied_from_word_into_a_text_file(reference, tmp_path):
    """Word's copy keeps the cells a merge covers as empty ones, so a row may begin with tabs; cells of several
    paragraphs go over lines (two leaders; units broken after a 、)."""
    _, tables, plan = reference
    for units_over_lines in (False, True):
        path = tmp_path / "copied.txt"
        path.write_text(render_word_copy(plan, units_over_lines), encoding="utf-8", newline="")
        assert "\n\t\t" in path.read_text(encoding="utf-8")
        _same_tables(load_plan(path), tables, "copied_text")


def test_a_page_mixing_encodings_names_the_row_it_garbles(reference, tmp_path, capfd):
    """A UTF-8 page with one fragment left in GBK bytes: in a task row it is an error naming that row's line (the
    text would read 苏州��书仓); in the page's footer it does no harm, and no unnamed notice reaches the screen."""
    _, tables, plan = reference
    page = render_html(plan).encode("utf-8")
    footer = page.replace("版权所有".encode(), "版权所有".encode("gbk"))
    path = tmp_path / "plan.html"
    path.write_bytes(footer)
    _same_tables(load_plan(path), tables, "html")
    assert "could not be decoded" not in capfd.readouterr().err
    task = next(content[2].lines[0] for kind, content in plan.body if kind == "task" and "、" in content[2].lines[0])
    path.write_bytes(page.replace(task.encode(), _mixed(task)))
    line = page[: page.index(task.encode())].count(b"\n") + 1
    with pytest.raises(PlanError, match=rf"plan.html:{line}: 这一行有无法识别的字符"):
        load_plan(path)


@pytest.mark.parametrize("shown_as", [("gbk", "latin-1"), ("utf-8", "cp1252")])
def test_a_row_garbled_by_a_wrong_code_page_is_named(reference, tmp_path, shown_as):
    """Text saved as a program showed it in a Western code page (推进 in GBK bytes read as Latin-1 is ÍÆ½ø): every
    character readable, none of it Chinese. In a task row it is an error naming that row's line, not a task."""
    _, _, plan = reference
    page = render_html(plan)
    task = next(content[2].lines[0] for kind, content in plan.body if kind == "task" and "、" in content[2].lines[0])
    head, tail = task.split("、", 1)
    garbled = tail.encode(shown_as[0]).decode(shown_as[1], errors="ignore")
    path = tmp_path / "plan.html"
    path.write_text(page.replace(task, f"{head}、{garbled}"), encoding="utf-8")
    line = page[: page.index(task)].count("\n") + 1
    with pytest.raises(PlanError, match=rf"plan.html:{line}: 这一行是乱码"):
        load_plan(path)


def _mixed(text: str) -> bytes:
    """The text in UTF-8 but for its first 、, left in GBK bytes."""
    head, tail = text.split("、", 1)
    return head.encode() + "、".encode("gbk") + tail.encode()


def test_a_title_in_the_tables_caption_is_the_plans(reference, tmp_path):
    """A CMS page puts the title and its count in the table's <caption>, not above the table."""
    _, tables, plan = reference
    title = next(line for line in plan.preamble if "重点工作" in line and line.endswith("方案"))
    count = next(line for line in plan.preamble if line.startswith("（共"))
    page = render_html(plan).replace(f"<p>{title}</p>", "", 1).replace(f"<p>{count}</p>", "", 1)
    assert f"<p>{title}</p>" not in page
    page = page.replace('<table border="1">', f'<table border="1"><caption><b>{title}</b><br>{count}</caption>', 1)
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    read = load_plan(path)
    _same_tables(read, tables, "html")
    assert read.documents["declared_count"].notna().all()


def test_a_line_break_in_a_layout_cell_paragraph_joins_as_outside_a_table():
    """A title broken with Shift+Enter inside a layout table's cell reads as one line, as it does outside a table
    (the cell's own lines, for a table that is the plan's, keep the break)."""
    from analysis.ingest.word_97 import IN_TABLE, _Paragraph, _Table

    table = _Table()
    table.add(_Paragraph("区政府2022年重点工作\x0b目标任务分解落实方案", "\r", {IN_TABLE: b"\x01"}))
    assert table.content == ["区政府2022年重点工作目标任务分解落实方案"]
    assert table.lines == ["区政府2022年重点工作", "目标任务分解落实方案"]
