"""Hostile and broken input, interrupted runs: no script or formula runs, nothing good is lost, every
failure is one line with the right exit status."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import PlanError, load_plan, load_plans
from analysis.cli import main
from analysis.errors import PlanWarning
from tests.conftest import FIXTURES, ROOT, SEEDS

SEED_2022 = (SEEDS / "2022.txt").read_text(encoding="utf-8")
PAYLOADS = {
    "unit": "<script>window.__pwned='unit'</script>",
    "chapter": "<img src=x onerror=\"window.__pwned='chapter'\">",
    "text": "<svg onload=\"window.__pwned='text'\"></svg>",
    "file": "<img src=x onerror=window.__pwned=5>",
}
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def _hostile_seeds(folder: Path) -> Path:
    """2022 with a script in a unit name, markup in a chapter title and in an item's text, a formula
    starting an item, mathtext and English in a leader's cell, under a file name that is markup."""
    folder.mkdir(parents=True)
    text = SEED_2022.replace("★区发改委、统计局", f"★{PAYLOADS['unit']}、区财政局", 1)
    text = text.replace("勇担国家战略使命", f"勇担{PAYLOADS['chapter']}国家战略使命", 1)
    text = text.replace("地区生产总值增长6%左右", f"{FORMULA}地区生产总值增长6%左右{PAYLOADS['text']}", 1)
    text = text.replace("\t陈建忠\n", "\t$\\foo{$ John Smith (acting)\n", 1)
    (folder / f"{PAYLOADS['file']}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    seeds, data, figures = _hostile_seeds(root / "seeds"), root / "data", root / "figures"
    status = main(["report", "--seeds", str(seeds), "--data", str(data), "--figures", str(figures)])
    return status, data, figures


def test_hostile_text_never_becomes_a_live_element(hostile_run, browser):
    status, _, figures = hostile_run
    assert status == 0
    page = browser.new_page()
    page.goto((figures / "report.html").as_uri())
    page.wait_for_function("document.querySelectorAll('div.dt-container').length > 0")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x], svg[onload], [onerror], [onmouseover]").count() == 0
    body = page.locator("body").inner_text()
    assert PAYLOADS["unit"] in body and PAYLOADS["file"] in body  # shown as text, in tables and sentences
    page.close()


def test_formulas_are_text_in_the_workbook_and_the_csv(hostile_run):
    from openpyxl import load_workbook

    _, data, _ = hostile_run
    sheet = load_workbook(data / "plan_tables.xlsx")["全部事项"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)  # stored as text, not as a formula
    csv_text = pd.read_csv(data / "items.csv", encoding="utf-8-sig")["text"]
    assert csv_text.str.startswith("'" + FORMULA).any() and not csv_text.str.startswith("=").any()
    assert pd.read_parquet(data / "items.parquet")["text"].str.startswith(FORMULA).any()  # Parquet keeps the text


def test_odd_leader_cells_are_warned_about_by_line(tmp_path):
    seeds = _hostile_seeds(tmp_path / "seeds")
    with pytest.warns(PlanWarning) as caught:
        load_plans(seeds)
    messages = [str(w.message) for w in caught]
    assert any(m.endswith(":44: 牵头领导栏中的“John”不像人名（应为2至4个汉字）") for m in messages)
    assert any("“(acting)”" in m for m in messages) and any("“$\\foo{$”" in m for m in messages)


def _interrupt_as_in_a_terminal() -> None:
    """Ctrl-C's default in the child: a shell starts background jobs with SIGINT ignored, and a test run
    launched that way (`.ci/run &`) would otherwise hand the ignoring on to the build."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _build_in_child(seeds: Path, data: Path, pause: str) -> subprocess.Popen:
    env = {**os.environ, "PLAN_ANALYSIS_PAUSE_S": pause, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "analysis", "build", "--seeds", str(seeds), "--out", str(data)]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interrupt_as_in_a_terminal,  # POSIX only, as the signals tested
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _wait_for_staging(data: Path, child: subprocess.Popen) -> None:
    for _ in range(600):
        if list(data.parent.glob(f".{data.name}.staging-*/*.parquet")):
            return
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    raise AssertionError("the build never started writing")


@pytest.mark.parametrize(
    ("sent", "status", "word"),
    [(signal.SIGKILL, -9, None), (signal.SIGTERM, 143, "已终止"), (signal.SIGINT, 130, "已中断")],
)
def test_an_interrupted_build_leaves_the_previous_tables_whole(tmp_path, sent, status, word):
    earlier, seeds, data = tmp_path / "earlier", tmp_path / "seeds", tmp_path / "data"
    earlier.mkdir()
    shutil.copy(SEEDS / "2022.txt", earlier)
    assert main(["build", "--seeds", str(earlier), "--out", str(data)]) == 0
    before = _snapshot(data)
    shutil.copytree(SEEDS, seeds)
    child = _build_in_child(seeds, data, "0.05")
    _wait_for_staging(data, child)
    child.send_signal(sent)
    _, err = child.communicate(timeout=60)
    assert child.returncode == status
    if word:
        assert err.strip().splitlines()[-1].startswith(word) and "Traceback" not in err
    assert _snapshot(data) == before  # the earlier set, whole: not a mix
    assert main(["build", "--seeds", str(seeds), "--out", str(data)]) == 0  # the next run cleans up and succeeds
    assert not list(tmp_path.glob(".data.staging-*"))
    assert sorted(pd.read_parquet(data / "documents.parquet")["year"]) == [2022, 2023]


def test_a_terminated_report_changes_no_output_and_stops_its_kernels(report_run, tmp_path):
    figures = tmp_path / "figures"
    shutil.copytree(report_run.figures, figures)
    before = _snapshot(figures)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "analysis", "report", "--seeds", str(report_run.seeds)]
    command += ["--data", str(report_run.data), "--figures", str(figures), "--force"]  # current: made again
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(600):  # wait until the notebooks run (their staging folder has executed copies coming)
        if list(tmp_path.glob(".figures.staging-*")) and _kernels(child.pid):
            break
        time.sleep(0.05)
    time.sleep(1.0)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 143 and err.strip().splitlines()[-1].startswith("已终止")
    assert _snapshot(figures) == before
    assert not list(tmp_path.glob(".figures.staging-*"))
    time.sleep(1.0)
    assert not _kernels(child.pid)


def _kernels(parent: int) -> list[str]:
    """Kernel processes started by a process (they name their parent's connection files)."""
    out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines()[1:] if "ipykernel" in line and line.split()[1] == str(parent)]


UTF16_BROKEN = {
    "odd length": "区政府2022年".encode("utf-16") + b"\x00",
    "lone surrogate": b"\xff\xfe" + "区政府".encode("utf-16-le") + b"\x00\xd8\x41\x00",
}


@pytest.mark.parametrize("case", UTF16_BROKEN)
def test_broken_utf16_is_one_line(tmp_path, case, capsys):
    (tmp_path / "2022.txt").write_bytes(UTF16_BROKEN[case])
    assert main(["build", "--seeds", str(tmp_path), "--out", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "无法读取的 UTF-16 文本" in err[0] and "2022.txt" in err[0]


ALIAS_TABLES = {
    "bad quoting": ('alias,canonical,kind\n"区发改委,区发展改革委,\n', "不是有效的 CSV", None),
    "missing column": ("alias,kind\n区发改委,department\n", "缺少列：canonical", 1),
    "unknown kind": ("alias,canonical,kind\n区发改委,区发展改革委,ministry\n", "未知的单位类别“ministry”", 2),
    "empty": ("# nothing but a comment\n", "别名表是空的", 1),
    "binary": (b"alias,canonical,kind\n\x00\x01\x02", "不是 CSV 文本", 2),
    "duplicate": ("alias,canonical,kind\n区A局,区B局,\n区A局,区C局,\n", "“区A局”出现了两次（另见第2行）", 3),
    "cycle": ("alias,canonical,kind\n区A局,区B局,\n区B局,区A局,\n", "别名表中有循环", 2),
}


@pytest.mark.parametrize("case", ALIAS_TABLES)
def test_a_broken_alias_table_is_named_by_line(tmp_path, case):
    content, message, line = ALIAS_TABLES[case]
    path = tmp_path / f"aliases_{len(case)}.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(PlanError, match=re.escape(message)) as caught:
        load_plan(SEEDS / "2022.txt", path)
    assert caught.value.path == str(path) and caught.value.line == line


def test_an_alias_table_saved_by_chinese_excel_is_read(tmp_path):
    path = tmp_path / "aliases_gbk.csv"
    path.write_bytes("alias,canonical,kind\n区发改委,区发展和改革委员会,\n".encode("gb18030"))
    units = load_plan(SEEDS / "2022.txt", path).item_units
    assert "区发展和改革委员会" in set(units["unit"]) and "区发改委" not in set(units["unit"])


def test_output_folders_that_cannot_be_used_are_one_line_exit_1(tmp_path, capsys):
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["build", "--seeds", str(SEEDS), "--out", str(blocker)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"错误：{blocker}: ") and "不是文件夹" in err[0]


def test_a_full_disk_is_one_line_and_leaves_the_tables(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    assert main(["build", "--seeds", str(SEEDS), "--out", str(data)]) == 0
    before = _snapshot(data)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(data / "items.parquet"))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full)
    assert main(["build", "--seeds", str(SEEDS), "--out", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("磁盘已满") and "Traceback" not in "\n".join(err)
    assert _snapshot(data) == before


def test_text_rules_stay_linear_and_huge_files_are_refused(tmp_path):
    from analysis.tidy.units import footnote_providers

    started = time.perf_counter()
    footnote_providers("注：" + "甲" * 1_000_000)  # a footnote of a million characters with no punctuation
    assert time.perf_counter() - started < 1.0
    huge = tmp_path / "2022.txt"
    huge.write_bytes(SEED_2022.encode("utf-8") * 220)  # about 5.5 MB
    with pytest.raises(PlanError, match=r"方案文件一般不超过"):
        load_plan(huge)


def test_two_plans_in_one_file_and_a_title_with_two_years_are_errors(tmp_path):
    both = tmp_path / "both.txt"
    both.write_text(SEED_2022 + "\n" + (SEEDS / "2023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"一个文件里有两份方案：第16行和第\d+行各有一个表头"):
        load_plan(both)
    two_years = tmp_path / "years.txt"
    two_years.write_text(SEED_2022.replace("区政府2022年重点工作", "区政府2022年2023年重点工作"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"标题中有2个年份（2022、2023）"):
        load_plan(two_years)


def test_sizes_an_office_file_claims_do_not_size_the_work(tmp_path):
    """A Word merge of a hundred million columns (and one written in superscript digits), a list starting at a
    5,000-digit number or at ①: read as a plan would be. An Excel range merging a whole sheet, and an archive that
    unpacks to gigabytes: one line each, before anything is unpacked."""
    import zipfile

    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    from tests.ingest.renderers import number_automatically, published, render_docx, render_xlsx

    seed = SEEDS / "2022.txt"
    plan, reference = published(seed), load_plan(seed)
    path = number_automatically(render_docx(plan, tmp_path / "plan.docx"))
    document = Document(str(path))
    rows = document.tables[0]._tbl.findall(qn("w:tr"))
    spans = [row.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:gridSpan')}") for row in rows]
    chapters = [span for span in spans if span is not None]
    chapters[0].set(qn("w:val"), "99999999")
    chapters[1].set(qn("w:val"), "²")
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    starts = numbering.findall(f".//{qn('w:abstractNum')}/{qn('w:lvl')}/{qn('w:start')}")
    for start, value in zip(starts[2:], ["9" * 5000, "①"] * len(starts), strict=False):
        start.set(qn("w:val"), value)  # the lists the plan's numbers do not use
    document.save(str(path))
    read = load_plan(path)
    pd.testing.assert_frame_equal(read.items.drop(columns="line"), reference.items.drop(columns="line"))

    sheet = render_xlsx(plan, tmp_path / "plan.xlsx")
    whole = tmp_path / "whole.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(whole, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<mergeCells count="(\d+)">', b'<mergeCells><mergeCell ref="A1:XFD1048576"/>', data)
            target.writestr(info, data)
    with pytest.raises(PlanError, match=r"whole.xlsx: 合并区域 A1:XFD1048576 覆盖 [\d,]+ 个单元格"):
        load_plan(whole)

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("word/document.xml", "w") as out:
        for _ in range(210):
            out.write(bytes(1024 * 1024))
    with pytest.raises(PlanError, match=r"bomb.docx: 解压后有 220 MB，而方案文件一般不超过"):
        load_plan(bomb)


def test_an_archive_nested_past_the_parser_and_a_csv_wider_than_excel_are_one_line(tmp_path):
    """A web archive nesting parts twenty thousand deep (the email parser recurses) holds no page; a CSV row of a
    million columns (Excel has 16,384) is named by its row; a million empty columns are no such row."""
    nested = tmp_path / "nested.mhtml"
    levels = b"".join(b'--b%d\nContent-Type: multipart/related; boundary="b%d"\n\n' % (i, i + 1) for i in range(20_000))
    nested.write_bytes(b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n' + levels)
    with pytest.raises(PlanError, match="里没有网页"):
        load_plan(nested)
    wide = tmp_path / "wide.csv"
    wide.write_text("序号,项目,重点工作目标任务,牵头领导,责任单位\n" + "," * 1_000_000 + "x\n", encoding="utf-8")
    with pytest.raises(PlanError, match="写到了第1000001列，超出 Excel 的16384列") as caught:
        load_plan(wide)
    assert caught.value.line == 2
    empty = tmp_path / "empty.csv"
    empty.write_text(("," * 1_000_000 + "\n") * 4, encoding="utf-8")
    with pytest.raises(PlanError, match="CSV 文件中没有带方案表头"):
        load_plan(empty)


@pytest.mark.parametrize("suffix", [".doc", ".xls"])
@pytest.mark.filterwarnings("ignore::analysis.errors.PlanWarning")
def test_office_97_files_damaged_at_random_are_read_or_one_line(tmp_path, suffix):
    """Binary Office files damaged byte by byte (a seeded random sample of the damage a bad download or disk does):
    each is read, or stopped with one line naming the file, never a traceback; and each is read in well under a
    second, whatever sizes the damaged structures claim. One sample had claimed a row 63,316 rows down: xlrd laid
    out every row to it (2.7 s), and a sheet of 65,536 × 256 cells took a minute."""
    import random
    import time

    whole = (FIXTURES / "legacy" / f"plan_2023{suffix}").read_bytes()
    rng = random.Random(20261130)
    path = tmp_path / f"damaged{suffix}"
    outcomes, slowest = {"read": 0, "one line": 0}, 0.0
    for _ in range(40):
        data = bytearray(whole)
        for _ in range(rng.choice([1, 4, 16, 64])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        at = rng.randrange(len(data))
        data[at : at + 4] = rng.choice([b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80", b"\xff\xff\xff\xff"])
        path.write_bytes(bytes(data))
        started = time.perf_counter()
        try:
            load_plan(path)
            outcomes["read"] += 1
        except PlanError as error:
            assert str(error).startswith(str(path)) and "\n" not in str(error)
            outcomes["one line"] += 1
        slowest = max(slowest, time.perf_counter() - started)
    assert all(outcomes.values()), outcomes  # the sample holds damage that reads and damage that stops
    assert slowest < 1.5, slowest


def test_a_word_97_piece_table_claiming_a_negative_size_ends():
    """A fast-saved .doc's property modifiers come before its piece table, each with its size: one claiming -3 bytes
    had walked the reader back to where it started, for ever. The size is read unsigned; the file is damaged."""
    import struct

    from analysis.ingest.word_97 import Damaged, _pieces

    clx = b"\x01" + struct.pack("<h", -3) + b"\x02" + struct.pack("<I", 16) + struct.pack("<2i", 0, 4) + bytes(8)
    with pytest.raises(Damaged, match="no piece table"):
        _pieces(clx, 0, len(clx))
