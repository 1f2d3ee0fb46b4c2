"""Office files (.docx, .xlsx) are zip archives, unpacked by python-docx and openpyxl; a few checks first, so a
file that claims far more than any plan does not cost the build its memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

from analysis.errors import PlanError

# A plan's Word or Excel file unpacks to a few megabytes; a file far beyond that is not one (a zip bomb, say).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# An Office file is read into memory whole; a plan's is well under a megabyte, with pictures a few.
MAX_OFFICE_BYTES = 50_000_000
# How a file's first bytes tell its container: a zip archive (.docx, .xlsx), an OLE compound file (.doc, .xls).
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_unpacked_size(path: Path) -> None:
    """Raise for an archive that unpacks to far more than any plan. A file that is no zip archive passes: its
    reader's own message says what is wrong with it."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanError(
            path,
            f"解压后有 {unpacked / 1e6:.0f} MB，而方案文件一般不超过 {MAX_UNPACKED_BYTES / 1e6:.0f} MB："
            "是否放错了文件？",
        )


def zip_holds(path: Path, name: str) -> bool:
    """Whether a zip archive holds a part of this name (xl/workbook.xml: a workbook; word/document.xml: a document)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return name in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def sheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets of a workbook's archive."""
    return [name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
