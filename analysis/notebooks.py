"""Execute the report notebooks headless with parameters, and render the HTML report.

Parameters are injected the way papermill does it: a cell tagged `parameters`
holds the defaults, and a new cell right after it overrides them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.errors import PlanError
from analysis.paths import NOTEBOOKS_DIR
from analysis.textio import write_atomic

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
CELL_TIMEOUT_S = 600
REPORT_TITLE = "区政府重点工作目标任务年度对比报告"


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The report notebooks, in their numbered order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """Insert a cell overriding the defaults right after the `parameters` cell."""
    source = "\n".join(f"{name} = {value!r}" for name, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source=f"# Injected parameters\n{source}")
    cell.metadata["tags"] = [INJECTED_TAG]
    tagged = [i for i, c in enumerate(nb.cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def execute_notebook(path: Path, parameters: dict[str, object], out_path: Path) -> nbformat.NotebookNode:
    """Run one notebook top to bottom in its own folder; save the executed copy to `out_path`."""
    nb = inject_parameters(nbformat.read(path, as_version=4), parameters)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cell failed"
        raise PlanError(path, f"notebook failed: {first_line}") from exc
    finally:
        write_atomic(out_path, lambda tmp: nbformat.write(nb, str(tmp)))
    return nb


def write_html_report(notebooks: Sequence[nbformat.NotebookNode], out_path: Path) -> Path:
    """One shareable HTML page of all executed notebooks, code hidden."""
    from nbconvert import HTMLExporter

    combined = nbformat.v4.new_notebook()
    combined.metadata = notebooks[0].metadata if notebooks else {}
    combined.metadata["title"] = REPORT_TITLE
    for nb in notebooks:
        combined.cells.extend(c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", []))
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(combined)
    write_atomic(out_path, lambda tmp: tmp.write_text(body, encoding="utf-8"))
    return out_path
