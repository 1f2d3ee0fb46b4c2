"""The HTML report: one page with every executed notebook, code hidden, readable offline and in print.

The page opens with the header of `analysis.present.report` (title, time, source files, warnings) and
a table of contents linking every section; it says `lang="zh-CN"` and carries a print stylesheet.
The table library, embedded by each notebook, is kept once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import nbformat
import pandas as pd

from analysis.outputs.files import write_atomic
from analysis.outputs.notebooks import INJECTED_TAG
from analysis.present.report import REPORT_TITLE, SHORT_CLASS, STYLESHEET, report_header_html
from analysis.present.tables import SHORT_CHARS

# The itables output that embeds the table library (its bundle, base64): one copy serves every table.
LIBRARY_MARK = "injectModule("
NBCONVERT_ALT = "No description has been provided for this image"  # what nbconvert writes for every image


def _image_alts(notebook: nbformat.NotebookNode) -> list[str]:
    """The alt text of each image output, in page order (nbconvert's template drops it for its English
    placeholder, so `_finish_page` puts it back)."""
    return [
        output.get("metadata", {}).get("image/png", {}).get("alt", "图表")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def _combined(notebooks: Sequence[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """All notebooks' cells in one, injected parameters left out, the table library kept once."""
    combined = nbformat.v4.new_notebook()
    combined.metadata = notebooks[0].metadata if notebooks else {}
    combined.metadata["title"] = REPORT_TITLE
    library_seen = False
    for nb in notebooks:
        for cell in nb.cells:
            if INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
                continue
            if cell.cell_type == "code":
                kept = []
                for output in cell.get("outputs", []):
                    is_library = LIBRARY_MARK in str(output.get("data", {}).get("text/html", ""))
                    if not (is_library and library_seen):
                        kept.append(output)
                    library_seen = library_seen or is_library
                cell = nbformat.from_dict({**cell, "outputs": kept})
            combined.cells.append(cell)
    return combined


def _finish_page(body: str, header: str, image_alts: Sequence[str]) -> str:
    """Language, stylesheet, the charts' alt text, the header and a table of contents linking every heading."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    soup.html["lang"] = "zh-CN"
    for image, alt in zip(soup.find_all("img", alt=NBCONVERT_ALT), image_alts, strict=False):
        image["alt"] = alt
    # Offline: no script or stylesheet from the network (the template's MathJax and require.js are not used),
    # and no English "static preview" marker in the tables' static copies.
    for tag in soup.find_all(["script", "link"]):
        if str(tag.get("src") or tag.get("href") or "").startswith(("http:", "https:", "//")):
            tag.decompose()
    for marker in soup.find_all("sup"):
        if marker.find("a", href=lambda h: h and "itables.org" in h):
            marker.decompose()
    for notice in soup.find_all("noscript"):  # the library's English note to trust the notebook, shown without scripts
        if "ITables" in notice.get_text():
            notice.decompose()
    for copy in soup.find_all("div", id=lambda i: i and i.endswith("_fallback")):
        _short_columns_on_one_line(copy)
    style = soup.new_tag("style")
    style.string = STYLESHEET
    soup.head.append(style)
    main = soup.find("main") or soup.body
    toc = soup.new_tag("nav", attrs={"class": "toc"})
    toc_title = soup.new_tag("h2")
    toc_title.string = "目录"
    toc.append(toc_title)
    outer = soup.new_tag("ol")
    toc.append(outer)
    # one list per level: chapters (h1), their questions (h2), and the few named parts within (h3: 待核对的配对)
    lists, counts = [outer], [0, 0, 0]
    for heading in main.find_all(["h1", "h2", "h3"]):
        for anchor in heading.find_all("a", class_="anchor-link"):
            anchor.decompose()
        level = int(heading.name[1]) - 1
        counts[level:] = [counts[level] + 1] + [0] * (2 - level)
        heading["id"] = "s" + "-".join(str(n) for n in counts[: level + 1])
        entry = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{heading['id']}")
        link.string = heading.get_text(strip=True)
        entry.append(link)
        parent = min(level, len(lists) - 1)  # an h3 straight under an h1 (要点) goes under the h1
        lists[parent].append(entry)
        del lists[parent + 1 :]
        lists.append(soup.new_tag("ol"))
        entry.append(lists[-1])
    for empty in toc.find_all("ol"):
        if not empty.contents:
            empty.decompose()
    main.insert(0, toc)
    main.insert(0, BeautifulSoup(header, "html.parser"))
    return str(soup)


def _short_columns_on_one_line(copy) -> None:
    """In a table's plain copy (shown without scripts and in print), a column of short values (ids, years, 是否有关联)
    keeps each on one line, as the interactive table does (`dt-nowrap`): else the long texts beside it squeeze it to
    a character a line."""
    rows = [row.find_all("td", recursive=False) for row in copy.select("tbody > tr")]
    width = max((len(cells) for cells in rows), default=0)
    for column in range(width):
        cells = [cells[column] for cells in rows if len(cells) == width]
        if cells and max(len(cell.get_text(strip=True)) for cell in cells) <= SHORT_CHARS:
            for cell in cells:
                cell["class"] = [*cell.get("class", []), SHORT_CLASS]


def write_html_report(
    notebooks: Sequence[nbformat.NotebookNode],
    out_path: Path,
    documents: pd.DataFrame,
    plan_hashes: dict[str, str],
    generated: datetime | None = None,
) -> Path:
    """Write the report page (atomically) and return its path."""
    from nbconvert import HTMLExporter

    # Validated once after all preprocessors, not after each of them (the same check, a dozen times fewer).
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, optimistic_validation=True
    )
    combined = _combined(notebooks)
    body, _ = exporter.from_notebook_node(combined)
    header = report_header_html(documents, plan_hashes, generated or datetime.now().astimezone())
    page = _finish_page(body, header, _image_alts(combined))
    write_atomic(out_path, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return out_path
