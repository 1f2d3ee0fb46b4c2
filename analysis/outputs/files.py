"""Writing output files atomically, with the permissions of a plainly written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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
