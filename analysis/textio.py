"""Reading plan files in whatever encoding they arrive, and writing outputs atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis.errors import PlanError

# Tried in order; GB18030 is a superset of GBK and GB2312.
ENCODINGS = ("utf-8-sig", "gb18030")


def read_plan_text(path: str | Path) -> str:
    """Decode a plan file (UTF-8 with or without BOM, GB18030/GBK) to text with LF line ends."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not raw.strip():
        raise PlanError(path, "file is empty")
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


def _default_file_mode() -> int:
    """Permissions a plainly created file gets (0o666 minus the umask).

    Read once, at import: reading the umask means setting it, which must not race with
    writes from other threads (the report writes the workbook in one).
    """
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_FILE_MODE = _default_file_mode()


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, then rename over the target.

    A failure midway leaves the previous file untouched. The result gets the permissions of a
    plainly written file (temporary files are private), so shared folders stay readable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        tmp.chmod(DEFAULT_FILE_MODE)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
