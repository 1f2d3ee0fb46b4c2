"""Decoding plan files in whatever encoding they arrive: UTF-8 (with or without BOM), GB18030/GBK, UTF-16."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import PlanError

# Tried in order; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


def read_plan_bytes(path: str | Path) -> bytes:
    """A plan file's bytes; raises PlanError naming the file when it cannot be read or is empty."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise PlanError(path, "file is empty")
    return raw


def read_plan_text(path: str | Path, raw: bytes | None = None) -> str:
    """Decode a plan file to text with LF line ends; raises PlanError naming the file (and line)."""
    path = Path(path)
    raw = read_plan_bytes(path) if raw is None else raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    elif b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise PlanError(path, "binary data (NUL byte), not a text plan", line)
    else:
        text = _decode(path, raw)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(path: Path, raw: bytes) -> str:
    first_error: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    line = raw[: first_error.start].count(b"\n") + 1
    raise PlanError(path, f"unreadable encoding (not UTF-8 or GB18030): {first_error.reason}", line)
