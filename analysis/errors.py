"""Error and warning types for bad input, so the command line can report each in one line."""

from __future__ import annotations

import errno
from pathlib import Path

# What the system says, in Chinese, for the failures a user can act on (else the system's own words).
OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.ENOENT: "找不到该文件或文件夹",
    errno.ENOTDIR: "不是文件夹",
    errno.EISDIR: "是文件夹，不是文件",
    errno.EROFS: "位于只读的磁盘上，无法写入",
}


class PlanError(Exception):
    """A plan document that cannot be read as a plan: names the file and line or field."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class NoPlanTable(PlanError):
    """A document without the plan's table (a reader of several documents in one file tries the next)."""


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: everything unwinds, cleans up, and the command line says so in one line."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


class PlanWarning(UserWarning):
    """A plan that was read but looks incomplete (e.g. fewer items than declared)."""


def os_reason(exc: OSError) -> str:
    """Why an operation on a file failed, in Chinese where the cause is one a user can act on."""
    return OS_REASONS.get(exc.errno) or exc.strerror or str(exc)
