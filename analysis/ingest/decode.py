"""Decoding plan files in whatever encoding they arrive: UTF-8 (with or without BOM), GB18030/GBK, UTF-16."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import PlanError, os_reason

# Tried in order; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")
# A plan's text is a few hundred kilobytes; a file far beyond that is not one (and would only cost time).
MAX_TEXT_BYTES = 5 * 1024 * 1024


def read_plan_bytes(path: str | Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A plan file's bytes; raises PlanError naming the file when it cannot be read, is empty or is far
    larger than any plan."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise PlanError(
                path,
                f"文件有 {size / 1e6:.1f} MB，而方案文件一般不超过 {limit / 1e6:.0f} MB：是否放错了文件？",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(path, f"无法读取文件：{os_reason(exc)}") from None
    if not raw.strip():
        raise PlanError(path, "文件是空的")
    return raw


def read_plan_text(path: str | Path, raw: bytes | None = None) -> str:
    """Decode a plan file to text with LF line ends; raises PlanError naming the file (and line)."""
    path = Path(path)
    raw = read_plan_bytes(path) if raw is None else raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start - exc.start % 2].decode("utf-16", errors="replace").count("\n") + 1
            raise PlanError(path, f"无法读取的 UTF-16 文本：{exc.reason}", line) from None
    elif b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise PlanError(path, "这不是文本文件（含二进制数据）：若是 Word 或 Excel 文件，请保留原来的扩展名", line)
    else:
        text = _decode(path, raw)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_csv_text(path: str | Path, what: str) -> str:
    """A small CSV an analyst edits (the alias table, the decisions), as Excel saves it: UTF-8 with or
    without BOM, or GB18030 (Excel's default on a Chinese system). PlanError naming the file otherwise."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(path, f"无法读取{what}：{os_reason(exc)}") from None
    if b"\x00" in raw:
        raise PlanError(
            path,
            f"{what}不是 CSV 文本（是否把 .xlsx 直接改名成了 .csv？）：请在 Excel 中“另存为”CSV UTF-8",
            raw[: raw.index(b"\x00")].count(b"\n") + 1,
        )
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanError(path, f"{what}的编码既不是 UTF-8 也不是 GB18030：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”")


def _decode(path: Path, raw: bytes) -> str:
    first_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    line = raw[: first_error.start].count(b"\n") + 1
    raise PlanError(path, f"无法识别编码（不是 UTF-8 或 GB18030）：{first_error.reason}", line)
