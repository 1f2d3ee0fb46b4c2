"""Whole subsection (项目) titles and numbers for every task row.

In the source, a subsection's number and title sit in a merged cell placed visually inside its
block of rows, so fragments land on arbitrary rows of it. Rules: a numbered row opens a block that
runs to the next numbered row; rows before a chapter's first number belong to its first block;
title fragments join the block they fall in; and rows just before a block's number row move into
that block when their wording names more of that block's distinctive title terms (nouns in the
title that the previous block's title lacks) than the previous one's.
"""

from __future__ import annotations

from analysis.ingest.plan import Row
from analysis.text.segment import title_terms


def assign_subsections(rows: list[Row]) -> None:
    """Give each row its subsection number and whole title, chapter by chapter.

    Where the file shows the merged cells (`Row.opens_block`), the blocks are read from them;
    otherwise (extracted text) they are reconstructed by the rules above.
    """
    for chapter_no in dict.fromkeys(r.chapter_no for r in rows):
        chapter = [r for r in rows if r.chapter_no == chapter_no]
        if any(r.opens_block is not None for r in chapter):
            _assign_merged(chapter)
        else:
            _assign_chapter(chapter)


def _assign_merged(rows: list[Row]) -> None:
    """Blocks as the merged cells draw them: a row whose 序号/项目 cell is its own opens a block."""
    blocks: list[list[Row]] = []
    for row in rows:
        if row.opens_block or not blocks:
            blocks.append([row])
        else:
            blocks[-1].append(row)
    for block in blocks:
        number = next((r.number for r in block if r.number is not None), None)
        title = "".join(r.title_fragment for r in block) or None
        for row in block:
            row.subsection_no, row.subsection_title = number, title


def _assign_chapter(rows: list[Row]) -> None:
    anchors = [i for i, r in enumerate(rows) if r.number is not None]
    if not anchors:
        title = "".join(r.title_fragment for r in rows) or None
        for row in rows:
            row.subsection_title = title
        return
    block_of = [max([k for k, a in enumerate(anchors) if a <= i], default=0) for i in range(len(rows))]
    titles = ["" for _ in anchors]
    for i, row in enumerate(rows):
        titles[block_of[i]] += row.title_fragment
    for k in range(1, len(anchors)):
        terms_next, terms_prev = title_terms(titles[k]), title_terms(titles[k - 1])
        only_next, only_prev = terms_next - terms_prev, terms_prev - terms_next
        i = anchors[k] - 1
        while i > anchors[k - 1] and not rows[i].title_fragment:
            text = rows[i].text
            if sum(t in text for t in only_next) > sum(t in text for t in only_prev):
                block_of[i] = k
                i -= 1
            else:
                break
    for i, row in enumerate(rows):
        k = block_of[i]
        row.subsection_no = rows[anchors[k]].number
        row.subsection_title = titles[k] or None
