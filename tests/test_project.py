"""Project rules that are checked, not argued: one dependency list, clean notebooks."""

from __future__ import annotations

import re
import tomllib

import nbformat

from analysis.outputs.notebooks import PARAMETERS_TAG
from analysis.outputs.report_cache import notebook_paths
from tests.conftest import ROOT


def _requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ \[;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_environment_yml_installs_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = set(project["dependencies"]).union(*project["optional-dependencies"].values())
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    listed = {line.strip()[2:] for line in env.splitlines() if line.strip().startswith("- ") and ">=" in line}
    assert listed == wanted
    assert "- -e ." in env


def test_notebooks_committed_without_outputs_and_parameterized():
    paths = notebook_paths()
    assert [p.name[:2] for p in paths] == [f"{i:02d}" for i in range(len(paths))]  # 00 the key points, then 01…
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


# Import names that differ from the distribution that provides them.
DISTRIBUTION_OF = {"docx": "python-docx", "bs4": "beautifulsoup4", "pil": "pillow", "sklearn": "scikit-learn"}
# Imported only through a package that is declared (IPython comes with ipykernel).
COMES_WITH = {"ipython"}


def test_every_third_party_import_is_a_declared_dependency():
    """A fresh install gets exactly the declared list: a module imported but not declared works only on
    the machine where it happened to be installed."""
    import sys

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _requirement_names(project["dependencies"] + project["optional-dependencies"]["dev"])
    imported = set()
    for path in [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "tests").rglob("*.py"), ROOT / "tasks.py"]:
        for m in re.finditer(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", path.read_text(encoding="utf-8"), re.M):
            imported.add(m.group(1))
    local = {"analysis", "tests", "tasks", "bench", "__future__"}
    third_party = {name for name in imported - local if name not in sys.stdlib_module_names}
    missing = {DISTRIBUTION_OF.get(n.lower(), n.lower()) for n in third_party} - declared - COMES_WITH
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"
