"""Reader for a web page saved as a single file (.mhtml / .mht): what Chrome and Edge save as “网页，单个文件”
and Internet Explorer and 360 as a web archive. The archive is a MIME message; its HTML parts are the page and its
frames, read as saved pages, the first that holds the plan's table being the plan. Positions count the lines of
that page, as the browser shows its source.
"""

from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path

from analysis.errors import NoPlanTable, PlanError
from analysis.ingest.decode import MAX_TEXT_BYTES, read_plan_bytes
from analysis.ingest.grid import Grid
from analysis.ingest.html_page import looks_like_html, read_html_page

NO_PAGE = "这个网页存档（.mhtml/.mht）里没有网页：请在浏览器中打开原网页，另存为“网页，全部”（.html）"
# An archive holds the page's pictures too; the page itself is held to the limit of any plan text.
MAX_ARCHIVE_BYTES = 50_000_000
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Labels of GB18030's subsets: decoded as GB18030, as browsers do (Python's strict GB2312 reads GBK's · as ・).
GB_SUBSETS = frozenset({"gb2312", "gbk"})


def looks_like_archive(head: bytes) -> bool:
    """Whether a file's first bytes are a web archive's headers (Word's “单个文件网页” saved under .doc, an archive
    Internet Explorer wrote with From: and Subject: before its MIME-Version)."""
    headers = head[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    return any(line.lower().startswith(b"mime-version:") for line in headers.split(b"\n"))


def archived_pages(raw: bytes) -> list[bytes]:
    """The HTML parts of an archive in order (the page, then its frames), decoded from their transfer encoding;
    none when it is no MIME message. A charset a part declares is applied here; without one the part's bytes go on
    as they are, for the page reader to decode by the page's declaration or by sniffing."""
    from email import message_from_bytes

    try:
        message = message_from_bytes(raw)
    except RecursionError:  # the parser recurses into nested parts; no browser nests them a thousand deep
        return []
    pages = []
    for part in message.walk():
        body = part.get_payload(decode=True) if part.get_content_type() in PAGE_TYPES else None
        if isinstance(body, bytes) and body.strip():
            pages.append(_as_declared(body, part.get_content_charset()))
    return pages


def _as_declared(body: bytes, charset: str | None) -> bytes:
    """A part's bytes as UTF-8 when its declared charset reads them, else as they are."""
    if not charset:
        return body
    try:
        encoding = codecs.lookup(charset).name
        return body.decode("gb18030" if encoding in GB_SUBSETS else encoding).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body  # a charset Python does not know, or one the bytes belie: the page reader sniffs


def read_web_archive(path: Path) -> Grid:
    """The grid of the plan table in an archived page (a plain page saved under .mht is read as it is)."""
    raw = read_plan_bytes(path, MAX_ARCHIVE_BYTES)
    pages = archived_pages(raw)
    if not pages:
        if not looks_like_html(raw):
            raise PlanError(path, NO_PAGE)
        pages = [raw]
    first_miss: NoPlanTable | None = None
    for page in pages:
        if len(page) > MAX_TEXT_BYTES:
            raise PlanError(
                path, f"存档中的网页有 {len(page) / 1e6:.1f} MB，而方案网页一般不超过 {MAX_TEXT_BYTES / 1e6:.0f} MB"
            )
        try:
            return dataclasses.replace(read_html_page(path, page), format="mhtml")
        except NoPlanTable as miss:
            first_miss = first_miss or miss
    assert first_miss is not None
    raise first_miss
