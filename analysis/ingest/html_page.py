"""Reader for a saved web page (.html/.htm, or a page saved under another name): the plan's table,
with its rowspan/colspan merges, and the page's text before and after it.

The encoding comes from the page (BOM, meta charset) or, failing that, is sniffed (UTF-8, then
GB18030, which GBK pages decode with). Cell text keeps its line breaks (<br>, <p>, <div>), and
non-breaking spaces (names padded with &nbsp;) become spaces. Of several tables, the one with the
plan's header row is read; page chrome around it is text before or after.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_bytes
from analysis.ingest.grid import Grid
from analysis.ingest.merged_table import SourceCell, SourceTable, grid_from_table, is_plan_table, no_plan_table

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
HTML_MARKS = (b"<html", b"<table", b"<!doctype html", b"<body")


def looks_like_html(head: bytes) -> bool:
    """Whether a file's first bytes are an HTML page (a page saved as .txt is read as a page)."""
    start = head[:4096].lower().replace(b"\x00", b"")
    return any(mark in start for mark in HTML_MARKS)


def _decode(path: Path, raw: bytes) -> str:
    from bs4.dammit import UnicodeDammit

    guess = UnicodeDammit(raw, known_definite_encodings=["utf-8"], user_encodings=["gb18030"], is_html=True)
    if guess.unicode_markup is None:
        raise PlanError(path, "unreadable encoding: neither the page's declared encoding, UTF-8 nor GB18030")
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
                    rowspan=_span(td.get("rowspan")),
                    colspan=_span(td.get("colspan")),
                )
            )
        rows.append(cells)
    return rows


def _span(value: object) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _text_around(soup, table) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Text before and after the table, one entry per line, with the line it is on."""
    from bs4 import NavigableString

    before, after, inside = [], [], False
    for element in soup.find_all(string=True):
        if type(element) is not NavigableString or element.find_parent(SKIPPED_TAGS) is not None:
            continue
        if element.find_parent("table") is table or table in element.parents:
            inside = True
            continue
        text = str(element).replace("\xa0", " ").strip()
        if text:
            line = element.parent.sourceline or 0
            (after if inside else before).append((line, text))
    return before, after


def read_html_page(path: Path, raw: bytes | None = None) -> Grid:
    """The grid of the plan table in a saved web page."""
    from bs4 import BeautifulSoup

    text = _decode(path, read_plan_bytes(path) if raw is None else raw)
    soup = BeautifulSoup(text, "html.parser")
    tables = [SourceTable(_source_table(t)) for t in soup.find_all("table")]
    found = next((i for i, t in enumerate(tables) if is_plan_table(t)), None)
    if found is None:
        raise no_plan_table(path, tables, "the page")
    table = tables[found]
    table.before, table.after = _text_around(soup, soup.find_all("table")[found])
    return grid_from_table(path, table, "html", "line")
