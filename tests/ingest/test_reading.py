"""Encodings, line endings and bad input: same tables, or one clear line and exit status 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import PlanError, load_plan, load_plans
from analysis.cli import main
from analysis.errors import PlanWarning
from tests.conftest import SEEDS

SEED_2022 = (SEEDS / "2022.txt").read_text(encoding="utf-8")


def _tables_equal(a, b) -> None:
    for name in ("items", "item_leaders", "item_units", "normalizations"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8-sig", "\n"), ("utf-8", "\r\n"), ("gb18030", "\n"), ("gbk", "\r\n"), ("utf-16", "\n")],
)
def test_encodings_and_line_endings_give_identical_tables(tmp_path, encoding, newline):
    reference = load_plan(SEEDS / "2022.txt")
    path = tmp_path / "plan.txt"
    path.write_bytes(SEED_2022.replace("\n", newline).encode(encoding))
    _tables_equal(load_plan(path), reference)


def _write(tmp_path: Path, text: str | bytes, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _drop_line(text: str, fragment: str) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if fragment in line)
    return "\n".join(lines[:index] + lines[index + 1 :])


BAD_INPUTS = {
    "empty": (b"", "文件是空的", None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "二进制数据", 3),
    "undecodable": ("区政府2022年\n".encode() + b"\xff\xfe\xfa abc \x81\n", "无法识别编码", 2),
    "no title": (SEED_2022.replace("区政府2022年重点工作目标任务分解落实方案\n", "\n"), "找不到方案标题", None),
    "no header": (SEED_2022.replace("\t重点工作目标任务\n", "\t工作任务\n"), "表头应为", 16),
    # the units cell of the 一般公共预算收入 row is missing: the next row's number cell slides in
    "wrong shape": (_drop_line(SEED_2022, "★区财政局、吴江税务局"), "“责任单位”栏为空", 30),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_names_file_and_line(tmp_path, case):
    content, message, line = BAD_INPUTS[case]
    path = _write(tmp_path, content)
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert message in str(caught.value)
    assert caught.value.path == str(path)
    assert caught.value.line == line


def test_two_files_for_one_year_name_both(tmp_path):
    shutil.copy(SEEDS / "2022.txt", tmp_path / "a.txt")
    shutil.copy(SEEDS / "2022.txt", tmp_path / "b.txt")
    with pytest.raises(PlanError, match=r"b\.txt: 与 .*a\.txt 同为2022年的方案"):
        load_plans(tmp_path)


def test_truncated_file_warns_with_both_counts(tmp_path, capsys):
    lines = SEED_2022.split("\n")
    cut = next(i for i, line in enumerate(lines) if "新增停车泊位" in line) - 1
    path = _write(tmp_path, "\n".join(lines[:cut]))
    with pytest.warns(PlanWarning) as caught:
        tables = load_plan(path)
    messages = [str(w.message) for w in caught]
    assert any("plan.txt: 实际读到56项，与文件所写“共108项”不符" in m for m in messages), messages
    assert any(m.endswith("最后这一行未计入") for m in messages), messages
    assert len(tables.items) == 56  # 新增停车泊位 is the 57th item
    assert main(["build", "--seeds", str(tmp_path), "--out", str(tmp_path / "d")]) == 0
    assert "警告：" in capsys.readouterr().err


def test_empty_seeds_folder(tmp_path):
    with pytest.raises(PlanError, match="没有方案文件"):
        load_plans(tmp_path)


def test_files_in_the_folder_that_are_not_plans_are_named_in_one_warning(tmp_path):
    shutil.copy(SEEDS / "2022.txt", tmp_path / "2022.txt")
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "match_decisions.csv").write_text("item_from,item_to,decision\n", encoding="utf-8")
    with pytest.warns(PlanWarning, match=r"不是方案格式，未读取：notes\.md、scan\.jpg$"):
        load_plans(tmp_path)


def test_page_headers_and_footers_in_extracted_text_are_left_out(tmp_path):
    """Text taken from a paged document carries each page's header (the title again) and footer (第 2 页 共 9 页,
    — 3 —) between cells; they are no part of the cell above them."""
    page_break = "\n区政府2022年重点工作目标任务分解落实方案\n第 2 页 共 9 页\n— 3 —\n"
    paged = SEED_2022.replace("\t★区财政局、吴江税务局\n", "\t★区财政局、吴江税务局\n" + page_break, 1)
    assert paged != SEED_2022
    read, reference = load_plan(_write(tmp_path, paged)), load_plan(SEEDS / "2022.txt")
    pd.testing.assert_frame_equal(read.items.drop(columns="line"), reference.items.drop(columns="line"))
    for name in ("item_leaders", "item_units"):
        pd.testing.assert_frame_equal(getattr(read, name), getattr(reference, name))


def test_two_leaders_written_with_a_comma_are_two():
    from analysis.tidy.leaders import is_padded, split_leaders

    assert split_leaders(["季恒义、吉伟"]) == ["季恒义", "吉伟"]
    assert split_leaders(["陈建忠   吉  伟", "王嵘，季恒义"]) == ["陈建忠", "吉伟", "王嵘", "季恒义"]
    assert is_padded("季恒义、吉伟")  # said as a normalization


def test_one_numbering_slip_is_one_note():
    """An extra row repeating a number (6, 6, 7), a misprint (5, 5, 7) and a skip (5, 7) are each one note; a plan
    numbering each chapter from 1 is none."""
    from analysis.ingest.interpret import _numbering_notes
    from analysis.ingest.plan import Row

    def notes(numbers: list[int]) -> list[tuple[int, int]]:
        rows = [Row(i, 1, "", None, "", f"{n}.任务", n, ["钱宇"], "★区发改委") for i, n in enumerate(numbers)]
        return [(note.values["number"], note.values["previous"]) for note in _numbering_notes(Path("p.txt"), rows)]

    assert notes([1, 2, 3, 4, 5, 6, 6, 7, 8, 9]) == [(6, 6)]  # an extra row: 114 notes before on the real plan
    assert notes([1, 2, 3, 4, 5, 5, 7, 8, 9]) == [(5, 5)]
    assert notes([1, 2, 3, 4, 5, 7, 8, 9]) == [(7, 5)]
    assert notes([1, 2, 3, 1, 2, 3]) == []
