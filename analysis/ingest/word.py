"""Reader for a Word document (.docx): the plan's table with its merged cells (and the tables that continue
it, a table split by hand or at page breaks), and the paragraphs before and after it.

python-docx repeats a merged cell's text in every position it covers, so the merges are read from
the table's own marks instead: `gridSpan` for a cell spanning columns, `vMerge` for one continuing a
cell above. Positions count the document's paragraphs and table rows together, from 1.
"""

from __future__ import annotations

import zipfile
from bisect import bisect_left
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.archive import OLE_MAGIC, check_unpacked_size
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, is_plan_table, plan_table_grid, span_count
from analysis.ingest.word_numbering import MC, W, paragraph_labels

# Symbol-font characters a plan uses, as Unicode: ★ inserted from Wingdings (its code AB), the lead unit's mark.
SYMBOLS = {("Wingdings", "AB"): "★"}
SYMBOL_FONTS = frozenset(font for font, _ in SYMBOLS)


def symbol(font: str, char: str | int) -> str:
    """The Unicode character of a character inserted from a symbol font (its code as Word keeps it: in hex text in a
    .docx, a number in a .doc; F0xx and 00xx both name the font's character xx); nothing for one not known."""
    if isinstance(char, str):
        char = int(char, 16) if 0 < len(char) <= 4 and all(c in "0123456789abcdefABCDEF" for c in char) else -1
    return SYMBOLS.get((font, f"{char & 0xFF:02X}"), "") if char >= 0 and char >> 8 in (0, 0xF0) else ""


# Tracked changes whose runs the document as shown leaves out: text moved away, or deleted as some writers mark it
# (Word's deleted text is w:delText, never read; inserted text, w:ins, is read).
STRUCK = frozenset({f"{W}moveFrom", f"{W}del"})
FALLBACK = frozenset({f"{MC}Fallback"})


def _cell_lines(tc, labels: dict[object, str]) -> list[str]:
    """A cell's paragraphs, one line each (text of its runs, tabs and breaks included; the label Word numbers it
    with first)."""
    lines = []
    for paragraph in tc.iter(f"{W}p"):
        parts = [labels.get(paragraph, "")]
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append("" if _within(node, paragraph, STRUCK) else node.text or "")
            elif node.tag in (f"{W}br", f"{W}cr"):
                lines.append("".join(parts))
                parts = []
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag == f"{W}sym":  # a character typed from a symbol font (Insert > Symbol)
                parts.append(symbol(str(node.get(f"{W}font", "")), str(node.get(f"{W}char", ""))))
        lines.append("".join(parts))
    return lines


def _property(tc, name: str) -> object | None:
    properties = tc.find(f"{W}tcPr")
    return None if properties is None else properties.find(f"{W}{name}")


def _source_rows(table, first_place: int, labels: dict[object, str]) -> list[list[SourceCell]]:
    rows = []
    # the table's own rows (in a content control too), not a nested table's
    own_rows = [tr for tr in table.iter(f"{W}tr") if next(tr.iterancestors(f"{W}tbl")) is table]
    for r, tr in enumerate(own_rows):
        cells = []
        for tc in tr.findall(f"{W}tc"):
            span = _property(tc, "gridSpan")
            merge = _property(tc, "vMerge")
            continues = merge is not None and merge.get(f"{W}val") in (None, "continue")
            colspan = span_count(span.get(f"{W}val")) if span is not None else 1
            cells.append(SourceCell(_cell_lines(tc, labels), first_place + r, colspan=colspan, continues=continues))
        rows.append(cells)
    return rows


def read_word(path: Path) -> Grid:
    """The grid of the plan table of a .docx file."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    check_unpacked_size(path)
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        if _is_encrypted(path):
            reason = "文件设有密码：请另存一份不加密的副本"
        elif not zipfile.is_zipfile(path):
            reason = "文件已损坏或不完整（也可能是 .doc 文件改了扩展名）：请用 Word 或 WPS 重新另存为 .docx"
        else:
            reason = str(exc)
        raise PlanError(path, f"无法读取这份 Word 文档：{reason}") from None
    body = document.element.body
    labels = paragraph_labels(body, _numbering(document.part), document.styles.element)
    blocks = [
        ("table", partial(_source_rows, block, labels=labels))
        if block.tag == f"{W}tbl"
        else ("paragraph", _paragraph_text(block, labels))
        for block in _blocks(body, labels)
    ]
    return document_grid(path, blocks, "docx")


def document_grid(path: Path, blocks: list[tuple[str, object]], kind: str) -> Grid:
    """The grid of a Word document's plan table, from its blocks in order: ("paragraph", text), or ("table",
    rows_from) where `rows_from(first_place)` gives the table's rows. Positions count the paragraphs and table rows
    together, from 1, so a position names one of them."""
    tables: list[SourceTable] = []
    starts: list[int] = []  # each table's first position
    texts: list[tuple[int, str]] = []
    place = 1
    for what, content in blocks:
        if what == "table":
            starts.append(place)
            tables.append(SourceTable(content(place)))
            place += len(tables[-1].rows)
        else:
            texts.append((place, content))
            place += 1

    def split_by(indices: list[int]) -> list[list[tuple[int, str]]]:
        """The paragraphs before, between and after the given tables."""
        firsts = [starts[k] for k in indices]
        parts: list[list[tuple[int, str]]] = [[] for _ in range(len(indices) + 1)]
        for at, text in texts:
            if text:  # after as many of the tables as start before it: a paragraph is never inside a table
                parts[bisect_left(firsts, at)].append((at, text))
        return parts

    return plan_table_grid(path, tables, split_by, "文档", kind, "row")


def _blocks(container, labels: dict[object, str]) -> Iterator:
    """The paragraphs and tables of a container in reading order, looking into what only holds them: a content
    control, a text box (its drawing's own content, not the copy kept for old Word versions), and a layout table
    (one whose cells hold tables, the plan's table nested in it, when it is not the plan's table itself)."""
    for child in container.iterchildren():
        if child.tag == f"{W}p":
            boxes = [box for box in child.iter(f"{W}txbxContent") if not _within(box, child, FALLBACK)]
            yield from (block for box in boxes for block in _blocks(box, labels)) if boxes else (child,)
        elif child.tag == f"{W}tbl":
            nested = child.find(f"{W}tr/{W}tc/{W}tbl") is not None
            if nested and not is_plan_table(SourceTable(_source_rows(child, 0, labels))):
                for cell in child.iter(f"{W}tc"):
                    if next(cell.iterancestors(f"{W}tbl")) is child:
                        yield from _blocks(cell, labels)
            else:
                yield child
        elif child.tag == f"{W}sdt" and child.find(f"{W}sdtContent") is not None:
            yield from _blocks(child.find(f"{W}sdtContent"), labels)


def _within(element, paragraph, tags: frozenset[str]) -> bool:
    """Whether an element sits, inside `paragraph`, under an element with one of `tags`: the fallback copy of a
    drawing (mc:Fallback), which repeats its content, or a tracked change the document as shown leaves out."""
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _paragraph_text(paragraph, labels: dict[object, str]) -> str:
    text = "".join(t.text or "" for t in paragraph.iter(f"{W}t") if not _within(t, paragraph, STRUCK))
    return (labels.get(paragraph, "") + text).strip()


def _numbering(part):
    """The document's list definitions, None where it has none."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return None


def _is_encrypted(path: Path) -> bool:
    """Office files saved with a password are OLE containers, not zip files."""
    try:
        return path.read_bytes().startswith(OLE_MAGIC)
    except OSError:
        return False
