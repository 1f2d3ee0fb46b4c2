"""Reading plan files: one reader per format turns a file into a cell grid, one interpreter reads it.

`read_plan(path)` reads one file; `read_plans(folder)` every plan file of a folder, checking that
each year appears once. Readers are picked by suffix and, for text files, by content (a web page
saved as .txt is read as a page; a copied table by its tab-separated header line). Adding a format
means adding its reader module and its suffix in `READERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.archive import MAX_OFFICE_BYTES, OLE_MAGIC, ZIP_MAGIC, zip_holds
from analysis.ingest.decode import read_plan_bytes, read_plan_text
from analysis.ingest.grid import Grid
from analysis.ingest.interpret import interpret
from analysis.ingest.plan import ParsedPlan, Row
from analysis.inputs import IGNORED_NAMES, PLAN_SUFFIXES, plan_files

__all__ = ["PLAN_SUFFIXES", "ParsedPlan", "Row", "plan_files", "read_plan", "read_plans"]

# Office 97-2003 suffixes: what such a file is, the program that saves it anew, and the newer format to save.
OFFICE_97 = {".doc": ("Word 文档", "Word", ".docx"), ".xls": ("Excel 工作簿", "Excel", ".xlsx")}
# Office 2003 XML (Word's “XML 文档”, Excel's “XML 电子表格 2003”), which some systems export under .doc or .xls
OFFICE_2003_XML = (
    b"<?mso-application",
    b"urn:schemas-microsoft-com:office:",
    b"schemas.microsoft.com/office/word/2003",
)
# Formats we cannot read exactly, and what to do instead.
UNSUPPORTED = {
    ".wps": "不支持 WPS 文字文件（.wps）：请用 WPS 打开后另存为 .docx",
    ".pdf": "不支持 PDF 文件（表格无法准确读取）：请改用网站上的网页（另存为 .html）或 Word 附件（.docx）",
    ".ofd": "不支持 OFD 版式文件（表格无法准确读取）：请改用网站上的网页（另存为 .html）或 Word 附件（.docx）",
    ".odt": "不支持 ODF 文字文件（.odt）：请用 WPS 或 LibreOffice 打开后另存为 .docx",
    ".ods": "不支持 ODF 表格文件（.ods）：请用 WPS 或 LibreOffice 打开后另存为 .xlsx",
    ".et": "不支持 WPS 表格文件（.et）：请用 WPS 打开后另存为 .xlsx",
}


def _read_text_file(path: Path) -> Grid:
    """A .txt file: a saved web page, a table copied from a page, Word or Excel, or text extracted one cell per
    line."""
    from analysis.ingest.copied_text import is_copied_table, read_copied_text
    from analysis.ingest.extracted_text import read_extracted_text
    from analysis.ingest.html_page import looks_like_html, read_html_page
    from analysis.ingest.sheet_text import copied_sheet, read_copied_sheet

    raw = read_plan_bytes(path)
    if looks_like_html(raw):
        return read_html_page(path, raw)
    text = read_plan_text(path, raw)
    if not is_copied_table(text):
        return read_extracted_text(path, text)
    sheet = copied_sheet(text)
    return read_copied_text(path, text) if sheet is None else read_copied_sheet(path, sheet)


def _read_html(path: Path) -> Grid:
    from analysis.ingest.html_page import read_html_page

    return read_html_page(path)


def _read_web_archive(path: Path) -> Grid:
    from analysis.ingest.web_archive import read_web_archive

    return read_web_archive(path)


def _read_csv(path: Path) -> Grid:
    from analysis.ingest.sheet_text import read_csv_sheet

    return read_csv_sheet(path)


def _read_docx(path: Path) -> Grid:
    from analysis.ingest.word import read_word

    return read_word(path)


def _read_xlsx(path: Path) -> Grid:
    from analysis.ingest.excel import read_excel

    return read_excel(path)


def _read_office_97(path: Path) -> Grid:
    """A .doc or .xls file, read by what it holds: an Office 97-2003 document or workbook (whichever the name says), or
    what sites and people also name so: a newer file renamed, a web page (a site's "export to Excel" often writes an
    HTML table), a web archive (Word's “单个文件网页” saved under .doc), or a tab-separated export. RTF, Office 2003
    XML and anything else get a line saying what to save instead."""
    from analysis.ingest.copied_text import is_copied_table
    from analysis.ingest.html_page import looks_like_html, read_html_page
    from analysis.ingest.web_archive import looks_like_archive

    what, program, save_as = OFFICE_97[path.suffix.lower()]
    advice = f"请用 {program} 或 WPS 打开后另存为 {save_as}"
    raw = read_plan_bytes(path, MAX_OFFICE_BYTES)
    if raw.startswith(ZIP_MAGIC):
        return _read_xlsx(path) if zip_holds(path, "xl/workbook.xml") else _read_docx(path)
    if raw.startswith(OLE_MAGIC):
        return _read_ole(path, raw, f"{what}：{advice}")
    if looks_like_archive(raw):
        return _read_web_archive(path)
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") and any(mark in head for mark in OFFICE_2003_XML):
        raise PlanError(path, f"这是 Office 2003 的 XML 格式，不是 {what}：{advice}")
    if looks_like_html(raw):
        return read_html_page(path, raw)
    if raw.startswith(b"{\\rtf"):
        raise PlanError(path, f"这是 RTF 文件，不是 {what}：{advice}")
    try:
        text = read_plan_text(path, raw)
    except PlanError:
        text = ""
    if text and is_copied_table(text):
        return _read_text_file(path)  # a table exported as tab-separated text
    raise PlanError(path, f"不是 {what}（文件内容既不是 {path.suffix.lower()} 也不是 {save_as}）：{advice}")


def _read_ole(path: Path, raw: bytes, instead: str) -> Grid:
    """An OLE compound file: a Word 97-2003 document or an Excel 97-2003 workbook, whatever its name; an Office file
    saved with a password (its package encrypted inside) is named as one."""
    import olefile

    try:
        with olefile.OleFileIO(raw) as container:
            streams = {"/".join(entry) for entry in container.listdir()}
    except Exception:  # a damaged container: the reader of what the name says gives the line
        streams = set()
    word, excel = "WordDocument" in streams, bool(streams & {"Workbook", "Book"})
    if not streams:  # a container too damaged to list: its name's reader says what is wrong
        word, excel = path.suffix.lower() == ".doc", path.suffix.lower() == ".xls"
    if word:
        from analysis.ingest.word_97 import read_word_97

        return read_word_97(path, raw)
    if excel:
        from analysis.ingest.excel_97 import read_xls

        return read_xls(path, raw)
    if "EncryptedPackage" in streams:
        raise PlanError(path, "文件设有密码：请另存一份不加密的副本")
    raise PlanError(path, f"不是 {instead}")


def _unsupported(path: Path) -> Grid:
    raise PlanError(path, UNSUPPORTED[path.suffix.lower()])


READERS: dict[str, Callable[[Path], Grid]] = {
    ".txt": _read_text_file,
    ".html": _read_html,
    ".htm": _read_html,
    ".mhtml": _read_web_archive,
    ".mht": _read_web_archive,
    ".docx": _read_docx,
    ".doc": _read_office_97,
    ".xlsx": _read_xlsx,
    ".xls": _read_office_97,
    ".csv": _read_csv,
    **dict.fromkeys(UNSUPPORTED, _unsupported),
}
if set(READERS) != set(PLAN_SUFFIXES):
    raise AssertionError("analysis.inputs.PLAN_SUFFIXES must list exactly the suffixes READERS reads")


def read_plan(path: str | Path) -> ParsedPlan:
    """Read one plan file; raises PlanError naming the file and line on bad input."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower(), _read_text_file)  # a file named by hand: read by its content
    return interpret(reader(path))


def read_plans(folder: str | Path) -> list[ParsedPlan]:
    """Every plan file of a folder, by year. One bad file raises PlanError naming it; two files for
    one year are an error naming both."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PlanError(folder, "找不到方案文件夹")
    files = plan_files(folder)
    if not files:
        raise PlanError(folder, f"文件夹中没有方案文件（{'、'.join('*' + s for s in PLAN_SUFFIXES)}）")
    plans = [read_plan(path) for path in files]
    skipped = sorted(p.name for p in folder.iterdir() if p not in files and not p.name.startswith((".", "~$")))
    skipped = [name for name in skipped if name not in IGNORED_NAMES]
    if skipped:
        plans[0].warnings.append(f"{folder}: 以下文件不是方案格式，未读取：{'、'.join(skipped)}")
    seen: dict[int, Path] = {}
    for plan in plans:
        if plan.year in seen:
            raise PlanError(plan.source, f"与 {seen[plan.year]} 同为{plan.year}年的方案：每年只放一个文件")
        seen[plan.year] = plan.source
    return sorted(plans, key=lambda p: p.year)
