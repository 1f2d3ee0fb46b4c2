"""The main job end to end on three years: tables, workbook, notebooks, figures, HTML report."""

from __future__ import annotations

import re
import shutil

import pandas as pd
from openpyxl import load_workbook

from analysis import registry
from analysis.cli import main
from analysis.outputs.report_cache import notebook_paths
from analysis.paths import WORKBOOK_NAME


def test_report_exits_cleanly(report_run):
    assert report_run.status == 0


def test_every_table_covers_the_new_year(report_run):
    data = report_run.data
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


def test_workbook_in_chinese_with_filters_print_setup_and_rich_redlines(report_run):
    from openpyxl.cell.rich_text import CellRichText

    from analysis.present.names import table_title

    data = report_run.data
    book = load_workbook(data / WORKBOOK_NAME, rich_text=True)
    tables = [t.name for t in registry.TABLES]
    assert book.sheetnames == ["说明", *(table_title(t) for t in tables)]
    guide = {row[0]: row[1:] for row in book["说明"].iter_rows(min_row=2, values_only=True)}
    assert list(guide) == book.sheetnames[1:] and all(note for note, _ in guide.values())  # every sheet explained
    assert guide["全部事项"][1] == book["全部事项"].max_row - 1  # and its rows counted
    assert "另存为 CSV 文件 seeds/match_decisions.csv" in guide["待核对的配对"][0]
    items = book["全部事项"]
    assert [c.value for c in items[1]][:3] == ["事项编号", "年份", "顺序号"]
    assert items["A2"].value == "2022-001"
    assert items.freeze_panes == "C2" and items.auto_filter.ref == items.dimensions  # 事项编号, 年份 stay in view
    assert items.print_title_rows == "$1:$1" and items.page_setup.orientation == "landscape"
    assert items.sheet_properties.pageSetUpPr.fitToPage and items.page_setup.fitToWidth in (1, 2, 3)
    text_column = [c.value for c in items[1]].index("重点工作目标任务") + 1
    assert items.column_dimensions[items.cell(1, text_column).column_letter].width >= 40  # sized for Chinese
    status = book["事项延续状态"]
    assert {c.value for c in status["D"][1:]} == {"延续", "仅部分相关", "新增", "删除"}
    matches = book["逐年事项配对"]
    header = [c.value for c in matches[1]]
    redline = matches.cell(2, header.index("修订对照") + 1).value
    assert isinstance(redline, CellRichText)
    fonts = {
        (block.font.strike, block.font.color.rgb if block.font.color else None)
        for block in redline
        if hasattr(block, "font")
    }
    assert (True, "00B00020") in fonts  # deletions red and struck through
    assert not any("[-" in str(c.value) for c in matches[matches.cell(1, header.index("修订对照") + 1).column_letter])
    # a share of the year's items is a number formatted as a percentage: 钱宇 leads 42 of 2023's 118 items
    leaders = book[table_title("leader_workload")]
    header = [c.value for c in leaders[1]]
    rows = [[c for c in row] for row in leaders.iter_rows(min_row=2)]
    share = next(
        r[header.index("占当年事项比例")]
        for r in rows
        if r[header.index("牵头领导")].value == "钱宇" and r[header.index("年份")].value == 2023
    )
    assert share.number_format == "0.0%" and round(share.value, 4) == round(42 / 118, 4)
    weighted = next(r[header.index("加权事项数")] for r in rows if r[header.index("牵头领导")].value == "钱宇")
    assert weighted.number_format == "0.00"
    change = next(
        r[header.index("较上一年变化")]
        for r in rows
        if r[header.index("牵头领导")].value == "钱宇" and r[header.index("年份")].value == 2023
    )
    assert change.number_format == "+0;-0;0" and change.value == 12  # 30 items in 2022, 42 in 2023
    # 2023-028 产值超4000亿元: 400,000,000,000 in 元, grouped (Excel's General shows 4E+11)
    targets = book[table_title("targets")]
    header = [c.value for c in targets[1]]
    big = next(r for r in targets.iter_rows(min_row=2) if "4000亿元" in str(r[header.index("原文")].value))
    assert big[header.index("折算值")].value == 4e11 and big[header.index("折算值")].number_format == "#,##0"
    # the review queue: the pair's years and items stay in view, the answer beside the model's verdict and the texts
    queue = book[table_title("review_queue")]
    header = [c.value for c in queue[1]]
    assert queue.freeze_panes == "E2"
    # printed on pages side by side, the pair's ids repeated on each (not shrunk to one page of 3 pt text)
    assert queue.page_setup.fitToWidth > 1 and queue.print_title_cols == "$A:$D"
    changes = book[table_title("target_changes")]  # no key at its left: its first column, 指标, names each row
    assert changes["A1"].value == "指标" and changes.freeze_panes == "B2" and changes.print_title_cols == "$A:$A"
    assert header[header.index("影响的事项数") + 1 : header.index("影响的事项数") + 5] == [
        "分析人员判定",
        "备注",
        "前一年原文",
        "后一年原文",
    ]
    assert queue.column_dimensions[queue.cell(1, header.index("备注") + 1).column_letter].width >= 20
    # the two texts compared are wrapped in full (a 132-character text cut at about 30 before), ids at the top
    for title in ("前一年原文", "后一年原文"):
        assert all(c.alignment.wrap_text for c in queue[queue.cell(1, header.index(title) + 1).column_letter][1:])
    assert queue["A2"].alignment.vertical == "top" and not queue["A2"].alignment.wrap_text
    assert items.cell(2, text_column).alignment.wrap_text
    # the answer is chosen from the answers the decisions file reads
    answer = queue.cell(1, header.index("分析人员判定") + 1).column_letter
    (choice,) = queue.data_validations.dataValidation
    assert choice.type == "list" and choice.formula1 == '"延续,部分相关,无关"'
    assert str(choice.sqref) == f"{answer}2:{answer}{queue.max_row}"


def test_notebooks_executed_without_errors_or_missing_glyphs(report_run):
    figures = report_run.figures
    import nbformat

    for path in notebook_paths():
        nb = nbformat.read(figures / "notebooks" / path.name, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output.output_type != "error", (path.name, output.get("evalue"))
                text = output.get("text", "")
                assert "missing from font" not in text and "Glyph" not in text, (path.name, text)


def test_figures_in_three_formats_with_data(report_run):
    figures = report_run.figures
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
    figures = report_run.figures
    html = (figures / "report.html").read_text(encoding="utf-8")
    assert "各年度方案概览" in html and "2024年" in html
    assert "load_tables(" not in html
    assert html.count("<img") >= len(list(figures.glob("*.png")))  # every exported chart is shown
    alts = re.findall(r'<img[^>]* alt="([^"]*)"', html)
    assert len(alts) == html.count("<img") and all(alt.startswith("图表：") for alt in alts)  # alt text in Chinese
    assert any("各章节重点工作事项数" in alt for alt in alts)  # the chart's own title


def test_report_on_bad_input_stops_before_any_notebook_runs(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "2022.txt").write_text("这不是一份方案\n", encoding="utf-8")
    figures = tmp_path / "figures"
    status = main(["report", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--figures", str(figures)])
    error = capsys.readouterr().err.strip().splitlines()
    assert status == 2
    assert len(error) == 1 and error[0].startswith(f"错误：{seeds / '2022.txt'}:")
    assert not figures.exists()  # the kernels started beside the build ran nothing and wrote nothing
    assert [p.name for p in tmp_path.iterdir()] == ["seeds"]  # no staging folder left behind


def test_rerun_with_fewer_years_and_a_narrower_width_leaves_only_its_own_figures(report_run, tmp_path):
    from PIL import Image

    figures = tmp_path / "figures"
    shutil.copytree(report_run.figures, figures)
    assert list(figures.glob("*_2024.png"))  # the three-year run drew 2024's charts
    wide = Image.open(figures / "overview_items_per_chapter.png").width
    arguments = ["report", "--seeds", str(report_run.seeds), "--data", str(report_run.data), "--figures", str(figures)]
    (figures / "README.md").write_text("kept", encoding="utf-8")
    assert main([*arguments, "--years", "2022", "2023", "--figure-width-cm", "8"]) == 0
    assert not list(figures.glob("*2024*")) and (figures / "README.md").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in (figures / "notebooks").iterdir()) == [p.name for p in notebook_paths()]
    assert Image.open(figures / "overview_items_per_chapter.png").width < 0.7 * wide  # laid out at 8 cm
    matching = (figures / "notebooks" / "02_matching.ipynb").read_text(encoding="utf-8")
    assert "2023年共118项" in matching and "2024年共" not in matching  # --years reaches notebook 02 too


def test_a_failed_report_leaves_the_previous_outputs_untouched(report_run, tmp_path, monkeypatch, capsys):
    import nbformat

    from analysis import report

    figures = tmp_path / "figures"
    shutil.copytree(report_run.figures, figures)
    before = {p: p.read_bytes() for p in figures.rglob("*") if p.is_file()}
    broken = tmp_path / "01_broken.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('no such table')")]), broken
    )
    monkeypatch.setattr(report, "notebook_paths", lambda: [broken])
    arguments = ["report", "--seeds", str(report_run.seeds), "--data", str(report_run.data), "--figures", str(figures)]
    assert main(arguments) == 2
    assert "01_broken.ipynb: Jupyter 笔记本运行出错：ValueError: no such table" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in figures.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_broken.ipynb", "figures"]  # no staging left


def test_workbook_headers_and_codes_read_in_chinese(report_run):
    import re

    from analysis.present.names import coded_columns, column_title

    book = load_workbook(report_run.data / WORKBOOK_NAME, read_only=True)
    for sheet in book.worksheets:
        assert not re.search(r"[A-Za-z]", sheet.title)
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert not [h for h in header if re.search(r"[A-Za-z_]", str(h))], (sheet.title, header)
        coded = {column_title(None, c) for c in coded_columns()} & set(header)
        for row in sheet.iter_rows(min_row=2, max_row=60, values_only=True):
            for name in coded:
                value = row[header.index(name)]
                assert value is None or not re.search(r"[A-Za-z_]", str(value)), (sheet.title, name, value)
