"""Reader for a web page saved as a single file (.mhtml / .mht): what Chrome and Edge save as “网页，单个文件”
and Internet Explorer and 360 as a web archive. The archive is a MIME message; its first HTML part is the page,
read as a saved page. Positions count the lines of that page, as the browser shows its source.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_plan_bytes
from analysis.ingest.grid import Grid
from analysis.ingest.html_page import looks_like_html, read_html_page

NO_PAGE = "这个网页存档（.mhtml/.mht）里没有网页：请在浏览器中打开原网页，另存为“网页，全部”（.html）"


def archived_page(raw: bytes) -> bytes | None:
    """The page an archive holds, decoded from its transfer encoding; None when it holds none (or is no MIME
    message). A charset the part declares is applied here; without one the page's bytes go on as they are, for
    the page reader to decode by the page's declaration or by sniffing."""
    from email import message_from_bytes

    try:
        message = message_from_bytes(raw)
    except RecursionError:  # the parser recurses into nested parts; no browser nests them a thousand deep
        return None
    page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    body = page.get_payload(decode=True) if page is not None else None
    if not isinstance(body, bytes) or not body.strip():
        return None
    charset = page.get_content_charset()
    if charset:
        try:
            return body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a charset Python does not know, or one the bytes belie: the page reader sniffs
    return body


def read_web_archive(path: Path) -> Grid:
    """The grid of the plan table in an archived page (a plain page saved under .mht is read as it is)."""
    raw = read_plan_bytes(path)
    page = archived_page(raw)
    if page is None:
        if not looks_like_html(raw):
            raise PlanError(path, NO_PAGE)
        page = raw
    return dataclasses.replace(read_html_page(path, page), format="mhtml")
