"""The main job end to end on three years: tables, workbook, notebooks, figures, HTML report."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.outputs.notebooks import notebook_paths
from analysis.outputs.workbook import WORKBOOK_NAME
from tests.conftest import write_three_years


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    seeds, data, figures = write_three_years(root / "seeds"), root / "data", root / "figures"
    status = main(["report", "--seeds", str(seeds), "--data", str(data), "--figures", str(figures)])
    return status, data, figures


def test_report_exits_cleanly(report_run):
    assert report_run[0] == 0


def test_every_table_covers_the_new_year(report_run):
    _, data, _ = report_run
    items = pd.read_parquet(data / "items.parquet")
    assert sorted(items["year"].unique()) == [2022, 2023, 2024]
    per_year = {
        "documents": "year",
        "item_leaders": "year",
        "item_units": "year",
        "matches": "year_to",
        "item_status": "year",
        "lineages": "year",
        "targets": "year",
        "target_changes": "year_to",
        "leader_workload": "year",
        "unit_workload": "year",
    }
    for name, column in per_year.items():
        frame = pd.read_parquet(data / f"{name}.parquet")
        assert 2024 in set(frame[column]), name


def test_workbook_has_every_table_with_frozen_header(report_run):
    _, data, _ = report_run
    book = load_workbook(data / WORKBOOK_NAME, read_only=False)
    tables = sorted(p.stem for p in data.glob("*.parquet"))
    assert sorted(book.sheetnames) == sorted(t[:31] for t in tables)
    items = book["items"]
    assert items.freeze_panes == "A2"
    assert items["A1"].value == "item_id" and items["A2"].value == "2022-001"
    assert items.column_dimensions["I"].width >= 40  # the task text column is sized for Chinese


def test_notebooks_executed_without_errors_or_missing_glyphs(report_run):
    _, _, figures = report_run
    import nbformat

    for path in notebook_paths():
        nb = nbformat.read(figures / "notebooks" / path.name, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", (path.name, output.get("evalue"))
                text = output.get("text", "")
                assert "missing from font" not in text and "Glyph" not in text, (path.name, text)


def test_figures_in_three_formats_with_data(report_run):
    _, _, figures = report_run
    pngs = sorted(figures.glob("*.png"))
    assert pngs
    for png in pngs:
        for suffix in (".svg", ".pdf", ".csv"):
            assert png.with_suffix(suffix).exists(), png.with_suffix(suffix).name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "overview_items_per_chapter.png" in {p.name for p in pngs}
    svg = (figures / "overview_items_per_chapter.svg").read_text(encoding="utf-8")
    assert "<text" not in svg  # text drawn as paths: viewable without the font
    pdf = (figures / "overview_items_per_chapter.pdf").read_bytes()
    assert b"/Type3" in pdf and b"NotoSansCJK" in pdf  # CJK font embedded as Type 3 subsets


def test_html_report_hides_code(report_run):
    _, _, figures = report_run
    html = (figures / "report.html").read_text(encoding="utf-8")
    assert "各年度方案概览" in html and "2024年" in html
    assert "load_tables(" not in html
    assert html.count("<img") >= len(list(figures.glob("*.png")))  # every exported chart is shown


def test_report_on_bad_input_stops_before_any_notebook_runs(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2022.txt").write_text("这不是一份方案\n", encoding="utf-8")
    figures = tmp_path / "figures"
    status = main(["report", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--figures", str(figures)])
    error = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(error) == 1 and error[0].startswith(f"error: {seeds / '2022.txt'}:")
    assert not figures.exists()  # the kernels started beside the build ran nothing and wrote nothing
