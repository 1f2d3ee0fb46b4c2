"""Error and warning types for bad input, so the command line can report each in one line."""

from __future__ import annotations

from pathlib import Path


class PlanError(Exception):
    """A plan document that cannot be read as a plan: names the file and line or field."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM: everything unwinds, cleans up, and the command line says so in one line."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


class PlanWarning(UserWarning):
    """A plan that was read but looks incomplete (e.g. fewer items than declared)."""
