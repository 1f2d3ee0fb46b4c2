"""Reader for a saved web page (.html/.htm, or a page saved under another name): the plan's table,
with its rowspan/colspan merges, and the page's text before and after it.

The encoding comes from the page (BOM, meta charset) or, failing that, is sniffed (UTF-8, then
GB18030, which GBK pages decode with). Cell text keeps its line breaks (<br>, <p>, <div>), and
non-breaking spaces (names padded with &nbsp;) become spaces. Of several tables, the one with the
plan's header row is read, with the tables that continue it (a table split at page breaks); page chrome
around it is text before or after, links (menus, related reading) left out.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_bytes
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, is_plan_table, plan_table_grid, span_count

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "title",
        "dt",
        "dd",
    ]
)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
LINE_TAGS = BLOCK_TAGS | {"td", "th", "ul", "ol", "nav", "aside", "body", "html"}  # each holds lines of its own
HTML_MARKS = (b"<html", b"<table", b"<!doctype html", b"<body")


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (a page saved as .txt is read as a page)."""
    start = head[:4096].lower().replace(b"\x00", b"")
    return any(mark in start for mark in HTML_MARKS)


def _decode(path: Path, raw: bytes) -> str:
    """The page's text. Bytes no encoding reads become U+FFFD (a footer pasted in another encoding need not stop
    the reading); the interpreter names a row of the plan that holds one. The decoder's own unnamed notice of them
    is silenced."""
    import logging

    from bs4.dammit import UnicodeDammit

    logging.getLogger("bs4.dammit").setLevel(logging.ERROR)
    guess = UnicodeDammit(raw, known_definite_encodings=["utf-8"], user_encodings=["gb18030"], is_html=True)
    if guess.unicode_markup is None:
        raise PlanError(path, "无法识别编码：既不是网页声明的编码，也不是 UTF-8 或 GB18030")
    return guess.unicode_markup


def _lines(element) -> list[str]:
    """An element's text as its lines: a new line at <br> and at every block element."""
    from bs4 import NavigableString, Tag

    lines, current = [], []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or a doctype
                    current.append(str(child).replace("\xa0", " ").replace("\r", "").replace("\n", ""))
            elif isinstance(child, Tag) and child.name not in SKIPPED_TAGS:
                if child.name == "br":
                    lines.append("".join(current))
                    current.clear()
                elif child.name in BLOCK_TAGS:
                    if current:
                        lines.append("".join(current))
                        current.clear()
                    walk(child)
                    if current:
                        lines.append("".join(current))
                        current.clear()
                else:
                    walk(child)

    walk(element)
    if current:
        lines.append("".join(current))
    return lines


def _source_table(table) -> list[list[SourceCell]]:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a table nested in a cell
        cells = []
        for td in tr.find_all(["td", "th"], recursive=False):
            cells.append(
                SourceCell(
                    lines=_lines(td),
                    place=td.sourceline or tr.sourceline or 0,
                    rowspan=span_count(td.get("rowspan")),
                    colspan=span_count(td.get("colspan")),
                )
            )
        rows.append(cells)
    return rows


def _texts_between(soup, tables: list) -> list[list[tuple[int, str]]]:
    """The page's text split by the given tables (in document order): before the first, between each two, after
    the last; one entry per line as the page shows it (a block element or a <br> ends a line, so a title written
    in several runs of <span> is one line), with its source line. Link text (a site's menus, "related reading"
    lists) is no part of a plan, nor is text inside the tables but their captions."""
    from bs4 import NavigableString, Tag

    chosen = {id(table): k for k, table in enumerate(tables)}
    parts: list[list[tuple[int, str]]] = [[] for _ in range(len(tables) + 1)]
    segment, block, words, line = 0, None, [], 0

    def flush() -> None:
        text = "".join(words).strip()
        if text:
            parts[segment].append((line, text))
        words.clear()

    for element in soup.descendants:  # document order, without recursion (a page may nest deeply)
        if isinstance(element, Tag):
            if element.name == "br" or id(element) in chosen:
                flush()
                segment = chosen.get(id(element), segment - 1) + 1
            continue
        if type(element) is not NavigableString:  # a comment or a doctype
            continue
        owner = None
        for parent in element.parents:
            if id(parent) in chosen or parent.name in SKIPPED_TAGS or (parent.name == "a" and parent.has_attr("href")):
                break
            owner = owner or (parent if parent.name in LINE_TAGS else None)
        else:
            if owner is not block:
                flush()
                block = owner
            if not words:
                line = element.parent.sourceline or 0
            words.append(str(element).replace("\xa0", " ").replace("\r", "").replace("\n", ""))
    flush()
    for k, table in enumerate(tables):  # a table's <caption> (a CMS puts the title there) is the text just above it
        caption = table.find("caption", recursive=False)
        if caption is not None:
            parts[k] += [(caption.sourceline or 0, text.strip()) for text in _lines(caption) if text.strip()]
    return parts


def read_html_page(path: Path, raw: bytes | None = None) -> Grid:
    """The grid of the plan table in a saved web page, with the tables that continue it."""
    from bs4 import BeautifulSoup

    text = _decode(path, read_plan_bytes(path) if raw is None else raw)
    soup = BeautifulSoup(text, "html.parser")
    elements = soup.find_all("table")
    tables = [SourceTable(_source_table(t)) for t in elements]
    plan = next((e for e, t in zip(elements, tables, strict=True) if is_plan_table(t)), None)
    if plan is not None:  # a table nested in one of the plan's cells is part of that cell
        kept = [k for k, e in enumerate(elements) if plan not in e.parents]
        elements, tables = [elements[k] for k in kept], [tables[k] for k in kept]
    return plan_table_grid(
        path, tables, lambda indices: _texts_between(soup, [elements[k] for k in indices]), "网页", "html", "line"
    )
