"""Project rules that are checked, not argued: one dependency list, clean notebooks."""

from __future__ import annotations

import re
import tomllib

import nbformat

from analysis.outputs.notebooks import PARAMETERS_TAG, notebook_paths
from tests.conftest import ROOT


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_environment_yml_installs_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {line.strip()[2:] for line in env.splitlines() if line.strip().startswith("- ") and ">=" in line}
    assert listed == wanted
    assert "- -e ." in env


def test_notebooks_committed_without_outputs_and_parameterized():
    paths = notebook_paths()
    assert [p.name[:2] for p in paths] == [f"{i:02d}" for i in range(1, len(paths) + 1)]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(not c.outputs and c.execution_count is None for c in code), path.name
        assert PARAMETERS_TAG in code[0].metadata.get("tags", []), path.name
        assert 'SEEDS_DIR = "../seeds"' in code[0].source and "YEARS = None" in code[0].source
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), path.name


def test_alias_table_has_no_bom_and_known_kinds():
    raw = (ROOT / "analysis" / "resources" / "unit_aliases.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
