"""The notebook runner: a failing notebook is named, the others still finish and are saved."""

from __future__ import annotations

import pytest

from analysis.errors import PlanError
from analysis.outputs.notebooks import execute_notebooks


def test_failing_notebook_is_named_and_the_others_still_finish(tmp_path):
    import nbformat

    paths = []
    for name, code in (("01_fine.ipynb", "x = 1 + 1\nx"), ("02_broken.ipynb", "raise ValueError('no such table')")):
        path = tmp_path / name
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), str(path))
        paths.append(path)
    with pytest.raises(PlanError, match=r"02_broken\.ipynb: Jupyter 笔记本运行出错：ValueError: no such table"):
        execute_notebooks(paths, {}, tmp_path / "out", workers=2)
    fine = nbformat.read(tmp_path / "out" / "01_fine.ipynb", as_version=4)
    assert fine.cells[-1].outputs[0]["data"]["text/plain"] == "2"
    assert (tmp_path / "out" / "02_broken.ipynb").exists()
