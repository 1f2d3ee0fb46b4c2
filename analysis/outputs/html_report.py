"""The HTML report: every executed notebook in one shareable page, code hidden."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat

from analysis.outputs.files import write_atomic
from analysis.outputs.notebooks import INJECTED_TAG

REPORT_TITLE = "区政府重点工作目标任务年度对比报告"


def write_html_report(notebooks: Sequence[nbformat.NotebookNode], out_path: Path) -> Path:
    """One shareable HTML page of all executed notebooks, code hidden."""
    from nbconvert import HTMLExporter

    combined = nbformat.v4.new_notebook()
    combined.metadata = notebooks[0].metadata if notebooks else {}
    combined.metadata["title"] = REPORT_TITLE
    for nb in notebooks:
        combined.cells.extend(c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", []))
    # Validated once after all preprocessors, not after each of them (the same check, a dozen times fewer).
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, optimistic_validation=True
    )
    body, _ = exporter.from_notebook_node(combined)
    write_atomic(out_path, lambda tmp: tmp.write_text(body, encoding="utf-8"))
    return out_path
