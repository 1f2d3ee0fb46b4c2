"""Writing outputs so that a failure never loses what was there: single files through a temporary
file, folders of files as a set (staged beside, then swapped in), with ordinary permissions."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def _read_umask() -> int:
    """The process's umask. Read once, at import: reading the umask means setting it, which must not
    race with writes from other threads (the report writes the workbook in one)."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


UMASK = _read_umask()
DEFAULT_FILE_MODE = 0o666 & ~UMASK  # what a plainly created file gets
DEFAULT_FOLDER_MODE = 0o777 & ~UMASK


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


# Folders written as a set: a staging folder beside the target takes every file of a run, then the two
# folders trade places in one step (renameat2 RENAME_EXCHANGE on Linux; elsewhere two renames a moment
# apart), so a reader finds either the whole old set or the whole new one, never a mix.
STAGING_MARK = ".staging-"
AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (then the caller renames twice)."""
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_leftovers(target: Path) -> None:
    """Staging folders of runs that were killed before they could clean up."""
    import shutil

    if target.parent.is_dir():
        for leftover in target.parent.glob(f".{target.name}{STAGING_MARK}*"):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged_folder(target: Path, keep_on_error: bool = False) -> Iterator[Path]:
    """A fresh staging folder beside `target` for one run's files; removed however the run ends
    (kept on an error if asked, for a look at what failed). Publish it with `swap_in`."""
    import shutil

    remove_leftovers(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}", dir=target.parent))
    try:
        yield staging
    except BaseException:
        if keep_on_error:
            print(f"本次运行失败，已生成的文件保留在 {staging}", file=sys.stderr)
        else:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # after swap_in: the old set


def swap_in(staging: Path, target: Path, produced: Callable[[Path], bool]) -> None:
    """Make `staging` the new `target`. Files of the old target that this kind of run does not produce
    (`produced` says which, by path relative to the folder: a README, a user's notes, the workbook beside
    the tables) are carried over first; the old set ends up in `staging`, for the caller to remove."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(20, "不是文件夹", str(target))
    if target.is_dir():
        for path in target.rglob("*"):
            relative = path.relative_to(target)
            leftover = path.name.startswith(".") and path.name.endswith(".tmp")  # of a killed write
            if path.is_file() and not leftover and not produced(relative) and not (staging / relative).exists():
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(path, staging / relative)
                except OSError:
                    import shutil

                    shutil.copy2(path, staging / relative)
        staging.chmod(target.stat().st_mode & 0o7777)
    else:
        staging.chmod(DEFAULT_FOLDER_MODE)
    if not target.exists():
        os.rename(staging, target)
        staging.mkdir()  # the caller removes it
    elif not _exchange(staging, target):
        aside = staging.with_name(staging.name + "-old")
        os.rename(target, aside)
        os.rename(staging, target)
        os.rename(aside, staging)
