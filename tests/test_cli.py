"""The command line: one line and exit status 2 on bad input, data untouched; --debug shows the traceback."""

from __future__ import annotations

import os
import shutil

import pytest

from analysis import PlanError
from analysis.cli import EXIT_BAD_INPUT, main
from tests.conftest import SEEDS
from tests.ingest.test_reading import BAD_INPUTS, _write


def test_cli_bad_file_among_several_one_line_exit_2_and_data_untouched(tmp_path, capsys):
    seeds, out = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, seeds)
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert {p.stat().st_mode & 0o777 for p in out.iterdir()} == {0o666 & ~umask}  # not private temp-file modes
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _write(seeds, BAD_INPUTS["wrong shape"][0].replace("2022年", "2024年"), "2024.txt")
    capsys.readouterr()
    assert main(["build", "--seeds", str(seeds), "--out", str(out)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("错误：") and "2024.txt:" in err[0] and "“责任单位”栏为空" in err[0]
    # and the task it is about, as the plan writes it (line 32 of 2022.txt), to find the row in any format
    assert err[0].endswith("（这一行的任务：“一般公共预算收入增长5%以上”）")
    assert "Traceback" not in err[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_cli_debug_shows_traceback(tmp_path):
    path = _write(tmp_path, b"")
    with pytest.raises(PlanError):
        main(["--debug", "build", "--seeds", str(tmp_path), "--out", str(tmp_path / "d")])
    assert path.exists()


def test_a_report_on_bad_input_prints_its_one_line_and_nothing_else(tmp_path, capsys):
    """Kernels start while the tables are built; they are announced only once the tables stand, so a bad plan
    gets its one line with nothing before it."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    _write(seeds, BAD_INPUTS["wrong shape"][0].replace("2022年", "2024年"), "2024.txt")
    figures = tmp_path / "figures"
    assert main(["report", "--seeds", str(seeds), "--data", str(tmp_path / "data"), "--figures", str(figures)]) == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert len(said.err.strip().splitlines()) == 1 and "2024.txt:" in said.err
    assert not figures.exists() or not any(figures.iterdir())
