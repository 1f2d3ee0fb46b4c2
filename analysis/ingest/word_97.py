"""Reader for a Word 97–2003 document (.doc), the format of many attachments on county sites and of Word's
“Word 97-2003 文档”. The text alone cannot tell an empty cell from the end of a row (both end in the same mark),
so the table is read as Word lays it out: the file's piece table gives the text, its paragraph properties say which
paragraphs are in a table and which ends a row, and each row's own definition gives its cells' edges (a cell
spanning columns) and vertical merges. The grid is then read by the .docx reader's rules (`word.document_grid`).

Layout follows [MS-DOC]: the File Information Block, the piece table (Clx), the paragraph properties' bin table
(PlcBtePapx) and its pages (PapxFkp), and the table sprms sprmTDefTable and sprmTVertMerge; tables inside a table's
cell (a layout table) by their depth, and a text box's text, a story after the main text. Character properties
are read to show the text as Word shows it: text a tracked change deletes (sprmCFRMarkDel) is left out, and a
symbol inserted from a symbol font is its character. Automatic numbering: `word_97_numbering`.
"""

from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, is_plan_table
from analysis.ingest.word import SYMBOL_FONTS, document_grid, symbol
from analysis.ingest.word_97_numbering import list_labels

PAGE = 512  # bytes of a formatted disk page (FKP)
FIB_MAGIC = 0xA5EC
WHICH_TABLE_STREAM, ENCRYPTED = 0x0200, 0x0100  # FibBase flags
CLX, PLCF_BTE_CHPX, PLCF_BTE_PAPX, FONTS, PLF_LST, PLF_LFO = 33, 12, 13, 15, 73, 74  # pairs in FibRgFcLcb97
# the stories' lengths in characters, in the order FibRgLw97 gives them from its fourth field and the text holds them
STORIES = ("text", "ftn", "hdd", "mcr", "atn", "edn", "txbx")
# sprms read
IN_TABLE, TABLE_ROW_END, TABLE_DEPTH = 0x2416, 0x2417, 0x6649
INNER_CELL_END, INNER_ROW_END = 0x244B, 0x244C  # the same marks in a table inside a table's cell
MAX_DEPTH = 64  # tables inside tables: Word nests them no deeper
DEF_TABLE, VERT_MERGE, DELETED = 0xD608, 0xD62B, 0x0800
HUGE_PROPERTIES = 0x6646  # sprmPHugePapx: where in the Data stream a paragraph's properties are kept
GATHERED = frozenset({VERT_MERGE})  # sprms a row gives once for each cell they apply to
SYMBOL, RUN_FONTS = 0x6A09, (0x4A4F, 0x4A50, 0x4A51)  # a symbol's font and code; a run's fonts (by script)
SYMBOL_PLACE = "("  # the character Word keeps where a symbol was inserted (sprmCSymbol says which)
# characters of the main text
PARAGRAPH_END, CELL_END, SECTION_END, LINE_BREAK = "\r", "\x07", "\x0c", "\x0b"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
DROPPED = dict.fromkeys(map(ord, "\x01\x02\x03\x04\x05\x08\x0e\x1f"))  # objects, notes' marks, column breaks
DROPPED[0x1E] = "-"  # a non-breaking hyphen
# Windows-1252 bytes a compressed piece stores where Unicode has other code points ([MS-DOC] 2.4.1)
COMPRESSED_SPECIALS = {
    0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
    0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
    0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161,
    0x9B: 0x203A, 0x9C: 0x0153, 0x9F: 0x0178,
}  # fmt: skip


class Damaged(Exception):
    """The file's structures do not hold together."""


def _sprms(grpprl: bytes) -> dict[int, bytes]:
    """A property list's sprms → their operands (the last one wins, as Word applies them in order; the operands of a
    sprm given once for each cell, `GATHERED`, are joined in order)."""
    found, at = {}, 0
    while at + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, at)
        at += 2
        size = (1, 1, 2, 4, 2, 2, None, 3)[sprm >> 13]
        if size is None:
            if sprm == DEF_TABLE:  # a two-byte size that counts itself less one
                if at + 2 > len(grpprl):
                    break
                size = max(0, struct.unpack_from("<H", grpprl, at)[0] - 1)
                at += 2
            elif at < len(grpprl):
                size = grpprl[at]
                at += 1
            else:
                break
        operand = grpprl[at : at + size]
        found[sprm] = found.get(sprm, b"") + operand if sprm in GATHERED else operand
        at += size
    return found


@dataclass
class _Runs:
    """The runs of a properties bin table: file offsets where each starts and ends, and each run's sprms."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    sprms: list[dict[int, bytes]] = field(default_factory=list)

    def at(self, fc: int) -> dict[int, bytes]:
        k = bisect_right(self.starts, fc) - 1
        return self.sprms[k] if k >= 0 and fc < self.ends[k] else {}


def _bin_table(document: bytes, table: bytes, fc: int, lcb: int, paragraphs: bool, data: bytes = b"") -> _Runs:
    """Read a PlcBtePapx (paragraphs) or PlcBteChpx (characters) and the pages it points to. A paragraph's properties
    too large for its page (a wide table row's definition) are kept in the Data stream (`data`), the page pointing
    there."""
    runs = _Runs()
    if lcb < 8:
        return runs
    n = (lcb - 4) // 8
    pages = struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))
    for pn in pages:
        page = document[(pn & 0x3FFFFF) * PAGE : (pn & 0x3FFFFF) * PAGE + PAGE]
        if len(page) < PAGE:
            raise Damaged("properties page beyond the document")
        crun = page[PAGE - 1]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for i in range(crun):
            if paragraphs:
                offset = page[4 * (crun + 1) + 13 * i] * 2
                cb = page[offset] if offset else 0
                if offset and cb == 0:
                    cb, offset = page[offset + 1] * 2, offset + 1
                else:
                    cb = 2 * cb - 1
                grpprl = page[offset + 1 + 2 : offset + 1 + cb] if offset else b""  # after the style index
            else:
                offset = page[4 * (crun + 1) + i] * 2
                grpprl = page[offset + 1 : offset + 1 + page[offset]] if offset else b""
            sprms = _sprms(grpprl)
            if paragraphs and len(sprms.get(HUGE_PROPERTIES, b"")) == 4:
                (at,) = struct.unpack("<I", sprms[HUGE_PROPERTIES])
                (size,) = struct.unpack_from("<H", data, at)
                sprms = {**sprms, **_sprms(data[at + 2 : at + 2 + size])}
            runs.starts.append(fcs[i])
            runs.ends.append(fcs[i + 1])
            runs.sprms.append(sprms)
    order = sorted(range(len(runs.starts)), key=runs.starts.__getitem__)
    return _Runs([runs.starts[k] for k in order], [runs.ends[k] for k in order], [runs.sprms[k] for k in order])


def _pieces(table: bytes, fc: int, lcb: int) -> tuple[list[int], list[tuple[int, bool]]]:
    """The piece table: the character positions where pieces start (and the last one's end), and each piece's file
    offset and whether it is stored one byte a character (compressed)."""
    at, end = fc, fc + lcb
    while at < end and table[at] == 1:  # property modifiers of fast-saved files come first (their size unsigned:
        at += 3 + struct.unpack_from("<H", table, at + 1)[0]  # a negative one would walk back for ever)
    if at >= end or table[at] != 2:
        raise Damaged("no piece table")
    (size,) = struct.unpack_from("<I", table, at + 1)
    n = (size - 4) // 12
    cps = list(struct.unpack_from(f"<{n + 1}i", table, at + 5))
    pieces = []
    for i in range(n):
        (raw,) = struct.unpack_from("<I", table, at + 5 + 4 * (n + 1) + 8 * i + 2)
        compressed = bool(raw & 0x40000000)
        pieces.append(((raw & 0x3FFFFFFF) // 2 if compressed else raw & 0x3FFFFFFF, compressed))
    return cps, pieces


def _characters(document: bytes, cps: list[int], pieces: list[tuple[int, bool]], start: int, limit: int):
    """The characters from position `start` up to `limit` (a story: the main text, the text boxes' text) with the
    file offset of each, piece by piece."""
    for (first, last), (fc, compressed) in zip(pairwise(cps), pieces, strict=False):
        begin, end = max(first, start), min(last, limit)
        if end <= begin:
            continue
        if compressed:
            data = document[fc + begin - first : fc + end - first]
            text = "".join(chr(COMPRESSED_SPECIALS.get(b, b)) for b in data)
            yield text, [fc + begin - first + k for k in range(len(data))]
        else:
            at = fc + 2 * (begin - first)
            data = document[at : at + 2 * (end - begin)]
            units = array("H", data[: len(data) // 2 * 2])  # one character a code unit: a pair is joined later
            if sys.byteorder == "big":
                units.byteswap()
            yield "".join(map(chr, units)), [at + 2 * k for k in range(len(units))]


@dataclass
class _Paragraph:
    text: str
    end: str  # the mark ending it: PARAGRAPH_END, or CELL_END for a cell's last paragraph and a row's end
    properties: dict[int, bytes]

    def _flag(self, sprm: int) -> bool:
        return self.properties.get(sprm, b"\0")[:1] != b"\0"

    @property
    def depth(self) -> int:
        """How deep in tables the paragraph stands: 0 outside, 1 in a table, 2 in a table inside a table's cell."""
        depth = self.properties.get(TABLE_DEPTH, b"")
        if len(depth) == 4:
            return max(0, min(struct.unpack("<i", depth)[0], MAX_DEPTH))
        return 1 if self._flag(IN_TABLE) else 0

    @property
    def ends_row(self) -> bool:
        return self._flag(TABLE_ROW_END if self.depth <= 1 else INNER_ROW_END)

    @property
    def ends_cell(self) -> bool:
        return self.end == CELL_END if self.depth <= 1 else self._flag(INNER_CELL_END)


def _joined(chars: list[str]) -> str:
    """A paragraph's characters as text, a surrogate pair (a character beyond the BMP, 𠀀) joined into one."""
    return "".join(chars).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _fonts(table: bytes, fib: dict[str, int]) -> list[str]:
    """The document's font names (SttbfFfn), by the index runs name them with."""
    if fib["fonts_size"] < 4:
        return []
    at = fib["fonts"]
    (count,) = struct.unpack_from("<H", table, at)
    at += 2
    if count == 0xFFFF:  # an extended table: the count follows
        (count,) = struct.unpack_from("<H", table, at)
        at += 2
    at += 2  # no extra data for fonts
    names = []
    for _ in range(count):
        size = table[at]
        names.append(table[at + 40 : at + 1 + size].decode("utf-16-le", errors="replace").split("\0")[0])
        at += 1 + size
    return names


def _shown(char: str, properties: dict[int, bytes], fonts: list[str]) -> str:
    """What the document shows for a character: a symbol inserted from a symbol font (Word keeps its font and code
    aside; other writers keep the font's own code, U+F0xx, in a run of that font) as its Unicode character."""
    if char == SYMBOL_PLACE and len(properties.get(SYMBOL, b"")) >= 4:
        font, code = struct.unpack_from("<HH", properties[SYMBOL])
        return symbol(fonts[font] if font < len(fonts) else "", code)
    if "\uf000" <= char <= "\uf0ff":
        for sprm in RUN_FONTS:
            index = properties.get(sprm, b"")
            number = struct.unpack("<H", index)[0] if len(index) == 2 else len(fonts)
            name = fonts[number] if number < len(fonts) else ""
            if name in SYMBOL_FONTS:
                return symbol(name, ord(char))
    return char


def _paragraphs(document: bytes, table: bytes, fib: dict[str, int], data: bytes = b"") -> list[list[_Paragraph]]:
    """The paragraphs of each story that can hold the plan: the main text, then the text boxes' text."""
    cps, pieces = _pieces(table, fib["clx"], fib["clx_size"])
    paragraph_runs = _bin_table(document, table, fib["papx"], fib["papx_size"], paragraphs=True, data=data)
    character_runs = _bin_table(document, table, fib["chpx"], fib["chpx_size"], paragraphs=False)
    fonts = _fonts(table, fib)
    boxes = sum(fib[f"ccp_{story}"] for story in STORIES[: STORIES.index("txbx")])  # where the text boxes' text starts
    stories = []
    for start, limit in ((0, fib["ccp_text"]), (boxes, boxes + fib["ccp_txbx"])):
        paragraphs, current = [], []
        fields: list[bool] = []  # per open field, whether its result (after the separator) is being read
        for text, offsets in _characters(document, cps, pieces, start, limit):
            for char, fc in zip(text, offsets, strict=True):
                if char in (PARAGRAPH_END, CELL_END, SECTION_END):  # a section break (or page break) ends one too
                    paragraphs.append(_Paragraph(_joined(current), char, paragraph_runs.at(fc)))
                    current = []
                elif char == FIELD_BEGIN:
                    fields.append(False)
                elif char == FIELD_SEPARATOR and fields:
                    fields[-1] = True
                elif char == FIELD_END and fields:
                    fields.pop()
                elif fields and not fields[-1]:
                    continue  # a field's instructions (PAGE, HYPERLINK "…"): not what the document shows
                elif (properties := character_runs.at(fc)).get(DELETED, b"\0")[:1] != b"\0":
                    continue  # deleted in a tracked change
                else:
                    current.append(_shown(char, properties, fonts))
        stories.append(paragraphs)
    list_labels([paragraph for story in stories for paragraph in story], table, fib)
    return stories


def _row_layout(properties: dict[int, bytes]) -> tuple[list[int], list[bool]]:
    """A row's cell edges (twips, left to right, one more than its cells) and which of its cells continue a vertical
    merge down from the cell above, as the properties of the row's end mark define them."""
    definition = properties.get(DEF_TABLE, b"")
    edges: list[int] = []
    continues: list[bool] = []
    if definition:
        count = definition[0]
        if len(definition) >= 1 + 2 * (count + 1):
            edges = list(struct.unpack_from(f"<{count + 1}h", definition, 1))
            cells_at = 1 + 2 * (count + 1)
            for i in range(count):
                flags = definition[cells_at + 20 * i : cells_at + 20 * i + 2]
                value = struct.unpack("<H", flags)[0] if len(flags) == 2 else 0
                continues.append(bool(value & 0x20) and not value & 0x40)  # fVertMerge without fVertRestart
    merges = properties.get(VERT_MERGE, b"")
    for at in range(0, len(merges) - 1, 2):  # one (cell, flag) pair for each merged cell: 1 continues, 3 starts
        if merges[at] < len(continues):
            continues[merges[at]] = merges[at + 1] == 1
    return edges, continues


@dataclass
class _Table:
    """A table as its paragraphs build it: rows of cells (lines, left edge, right edge, continues), each cell's content
    kept too, in order (lines, and the tables inside it)."""

    rows: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # the row being read: its cells so far
    lines: list[str] = field(default_factory=list)  # the cell being read: its lines
    content: list = field(default_factory=list)  # the cell being read: its paragraphs' text and tables, in order
    contents: list = field(default_factory=list)  # each finished cell's content, the whole table through

    def add(self, paragraph: _Paragraph) -> None:
        if paragraph.ends_row:
            edges, continues = _row_layout(paragraph.properties)
            row = []
            for k, lines in enumerate(self.cells):
                left, right = (edges[k], edges[k + 1]) if k + 1 < len(edges) else (None, None)
                row.append((lines, left, right, k < len(continues) and continues[k]))
            self.rows.append(row)
            self.cells = []
            return
        lines = [line.translate(DROPPED) for line in paragraph.text.split(LINE_BREAK)]
        self.lines.extend(lines)
        self.content.append("".join(lines))  # one paragraph, joined at its line breaks as outside a table
        if paragraph.ends_cell:
            self.cells.append(self.lines)
            self.contents.append(self.content)
            self.lines, self.content = [], []

    def hold(self, inner: _Table) -> None:
        """A table inside the cell being read: its text is the cell's, row by row; the table itself is kept."""
        self.lines.extend(line for row in inner.rows for cell in row for line in cell[0])
        self.content.append(inner)


def _tables(paragraphs: list[_Paragraph]):
    """The document's paragraphs and top-level tables in order: str, or _Table (tables inside its cells held)."""
    stack: list[_Table] = []
    for paragraph in paragraphs:
        depth = paragraph.depth
        while len(stack) > depth:  # a table ends where the text leaves it
            finished = stack.pop()
            if stack:
                stack[-1].hold(finished)
            else:
                yield finished
        while len(stack) < depth:
            stack.append(_Table())
        if stack:
            stack[-1].add(paragraph)
        else:
            yield paragraph.text.replace(LINE_BREAK, "").translate(DROPPED)  # one line, as the .docx reader joins it
    while stack:
        finished = stack.pop()
        if stack:
            stack[-1].hold(finished)
        else:
            yield finished


def _blocks(paragraphs: list[_Paragraph]):
    """The document's blocks in order: ("paragraph", text), or ("table", rows). A table whose cells hold tables and
    which is not the plan's table itself (a layout table) gives its cells' paragraphs and tables instead, as the
    .docx reader reads one."""

    def unfolded(item):
        if isinstance(item, str):
            yield "paragraph", item
        elif any(isinstance(part, _Table) for content in item.contents for part in content) and not is_plan_table(
            SourceTable(_source_rows(item.rows, 0))
        ):
            for content in item.contents:
                for part in content:
                    yield from unfolded(part)
        else:
            yield "table", item.rows

    for item in _tables(paragraphs):
        yield from unfolded(item)


def _source_rows(rows: list, first_place: int) -> list[list[SourceCell]]:
    """A table's rows as SourceCells: a cell spans the columns whose edges (of all the table's rows) it covers."""
    edges = sorted({edge for row in rows for _, left, right, _ in row if left is not None for edge in (left, right)})
    source = []
    for r, row in enumerate(rows):
        cells = []
        for lines, left, right, continues in row:
            span = 1 if left is None else max(1, bisect_right(edges, right) - bisect_right(edges, left))
            cells.append(SourceCell(lines, first_place + r, colspan=span, continues=continues))
        source.append(cells)
    return source


def _fib(path: Path, document: bytes) -> dict[str, int]:
    if len(document) < 34 or struct.unpack_from("<H", document, 0)[0] != FIB_MAGIC:
        raise Damaged("the Word text holds no File Information Block")
    (flags,) = struct.unpack_from("<H", document, 10)
    if flags & ENCRYPTED:
        raise PlanError(path, "无法读取这份 Word 97-2003 文档：文件设有密码，请另存一份不加密的副本")
    (csw,) = struct.unpack_from("<H", document, 32)
    words_end = 34 + 2 * csw
    (cslw,) = struct.unpack_from("<H", document, words_end)
    longs = words_end + 2
    pairs = longs + 4 * cslw + 2
    pair = lambda k: struct.unpack_from("<II", document, pairs + 8 * k)  # noqa: E731
    return {
        "table_stream": int(bool(flags & WHICH_TABLE_STREAM)),
        **{
            f"ccp_{story}": struct.unpack_from("<i", document, longs + 4 * (3 + k))[0]
            for k, story in enumerate(STORIES)
        },
        **dict(zip(("clx", "clx_size"), pair(CLX), strict=True)),
        **dict(zip(("papx", "papx_size"), pair(PLCF_BTE_PAPX), strict=True)),
        **dict(zip(("chpx", "chpx_size"), pair(PLCF_BTE_CHPX), strict=True)),
        **dict(zip(("fonts", "fonts_size"), pair(FONTS), strict=True)),
        **dict(zip(("lists", "lists_size"), pair(PLF_LST), strict=True)),
        **dict(zip(("instances", "instances_size"), pair(PLF_LFO), strict=True)),
    }


def read_word_97(path: Path, raw: bytes) -> Grid:
    """The grid of the plan table of a .doc file (`raw`, its bytes)."""
    import olefile

    try:
        with olefile.OleFileIO(raw) as container:
            if not container.exists("WordDocument"):
                raise PlanError(path, "不是 Word 文档（其中没有 Word 正文）：请用 Word 或 WPS 打开后另存为 .docx")
            document = container.openstream("WordDocument").read()
            fib = _fib(path, document)
            name = f"{fib['table_stream']}Table"
            if not container.exists(name):
                raise Damaged(f"no {name} stream")
            table = container.openstream(name).read()
            data = container.openstream("Data").read() if container.exists("Data") else b""
        main, boxes = (list(_blocks(story)) for story in _paragraphs(document, table, fib, data))
        if not any(kind == "table" and is_plan_table(SourceTable(_source_rows(rows, 0))) for kind, rows in main):
            main += boxes  # a plan held by a text box: its text is a story of its own, after the main text
        blocks = main
    except PlanError:
        raise
    except Exception as exc:  # a damaged binary file breaks its structures in any number of ways
        raise PlanError(
            path,
            f"无法读取这份 Word 97-2003 文档（已损坏：{type(exc).__name__} {exc}）：请用 Word 或 WPS 重新另存为 .docx",
        ) from None
    return document_grid(
        path,
        [("table", partial(_source_rows, content)) if kind == "table" else (kind, content) for kind, content in blocks],
        "doc",
    )
