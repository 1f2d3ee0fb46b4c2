"""Write the Office 97-2003 fixtures (`tests/fixtures/legacy/`): the seed plans rendered as .xlsx and .docx, then
saved as .xls and .doc by LibreOffice, the way an analyst's office suite saves them. Needs LibreOffice
(`apt-get install libreoffice-calc-nogui libreoffice-writer-nogui`); the tests read the committed files.

    .venv/bin/python tests/tools/make_legacy_fixtures.py

- `plan_2022.doc`: the plan as published (merged cells), its chapter numbers (一、) and 序号 column drawn by Word's
  automatic numbering (`number_automatically`, each chapter's 序号 a list of its own), the notice ending in a
  section break and the title broken over two lines (`with_section_and_broken_title`).
- `plan_2023.doc`: each lead unit's ★ inserted from Wingdings (`with_symbol_stars`), sent out with tracked changes
  unaccepted (`with_tracked_changes`: text deleted and moved away in the title and a task's cell), the title, table
  and footnote held by a one-cell layout table (`wrap_docx`).
- `plan_2023_text_box.doc`: the plan as published, held by a text box (a frame LibreOffice writes as one; made
  through .odt, since LibreOffice does not draw the test renderer's DrawingML text box).
- `plan_2023.doc`: each lead unit's ★ inserted from Wingdings (`with_symbol_stars`), and sent out with tracked
  changes unaccepted (`with_tracked_changes`: text deleted and moved away in the title and a task's cell).
- `plan_2022.xls`: the plan as published, as a workbook is viewed: a saved filter hiding rows, a collapsed outline
  group, and a hidden sheet holding last year's plan ahead of this year's.
- `plan_2023.xls`: a withdrawn task kept on a hand-hidden row inside a merged block, and a hidden column of notes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ingest.renderers import (  # noqa: E402
    as_viewed,
    inside_a_block,
    number_automatically,
    published,
    render_docx,
    render_xlsx,
    with_section_and_broken_title,
    with_symbol_stars,
    with_tracked_changes,
    with_withdrawn_row,
    wrap_docx,
)

SEEDS = ROOT / "seeds"
OUT = ROOT / "tests" / "fixtures" / "legacy"


def _in_a_text_box(document: Path) -> Path:
    """The document's body moved into a frame anchored to its one paragraph, through LibreOffice's .odt."""
    import re
    import zipfile

    _convert([document], "odt", document.parent)
    flat = document.with_suffix(".odt")
    with zipfile.ZipFile(flat) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    content = parts["content.xml"].decode("utf-8")
    start = content.index(">", content.index("<office:text")) + 1
    end = content.index("</office:text>")
    body = content[start:end]
    declarations = re.match(r"\s*<text:sequence-decls>.*?</text:sequence-decls>", body, re.S)
    kept = declarations.group(0) if declarations else ""
    body = body[len(kept) :]
    frame = (
        '<text:p><draw:frame draw:name="plan" text:anchor-type="paragraph" svg:width="16cm" svg:height="20cm">'
        f'<draw:text-box fo:min-height="20cm">{body}</draw:text-box></draw:frame></text:p>'
    )
    parts["content.xml"] = (content[:start] + kept + frame + content[end:]).encode("utf-8")
    boxed = document.with_name(f"{document.stem}_text_box.odt")
    with zipfile.ZipFile(boxed, "w") as target:
        target.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return boxed


def _convert(sources: list[Path], to: str, folder: Path) -> None:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", to, "--outdir", str(folder), *map(str, sources)],
        check=True,
        capture_output=True,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        plans = {year: published(SEEDS / f"{year}.txt") for year in (2022, 2023)}
        boxed = work / "boxed"
        boxed.mkdir()
        numbered = number_automatically(render_docx(plans[2022], work / "plan_2022.docx"), list_per_chapter=True)
        starred = with_symbol_stars(render_docx(plans[2023], work / "plan_2023.docx"))
        documents = [
            with_section_and_broken_title(numbered, plans[2022]),
            wrap_docx(with_tracked_changes(starred, plans[2023]), "layout"),
            _in_a_text_box(render_docx(plans[2023], boxed / "plan_2023.docx")),
        ]
        at = inside_a_block(plans[2023])
        books = [
            as_viewed(render_xlsx(plans[2022], work / "plan_2022.xlsx")),
            render_xlsx(with_withdrawn_row(plans[2023], at), work / "plan_2023.xlsx", hidden_rows=(at,)),
        ]
        _convert(documents, "doc:MS Word 97", work)
        _convert(books, "xls:MS Excel 97", work)
        for made in sorted(work.glob("*.doc")) + sorted(work.glob("*.xls")):
            shutil.copyfile(made, OUT / made.name)
            print(OUT / made.name)


if __name__ == "__main__":
    main()
