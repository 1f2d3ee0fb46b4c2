"""The analyst's matching decisions: a CSV beside the plans that the build applies over the model.

`seeds/match_decisions.csv` (or `--decisions FILE`) has one row per decided pair: item_from, item_to,
decision (continued / related / unrelated), note. The review queue sheet of the workbook can be saved
as this file as it is: its Chinese headers and values (前一年事项, 延续 …) are read too, the texts
it carries are checked against the current plans, and it lists the decisions already made after the open
questions (`answer_sheet`), so saving it over the file keeps them. Plan readers never read it; the build never writes
it, so rerunning never loses a decision. Problems are named by line: a broken file is an error, a
decision about items that no longer exist (or whose text changed) is a warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd

from analysis.errors import PlanError, PlanWarning
from analysis.ingest.decode import read_csv_text
from analysis.registry import make_frame
from analysis.text.display_names import column_title, table_title, value_title

DECISIONS = ("continued", "related", "unrelated")
REQUIRED = ("item_from", "item_to", "decision")


ANSWER_COLUMNS = ("decision", "note")  # the review queue's columns the analyst fills in, in the workbook


def _columns(codes: list[str] | tuple[str, ...], joiner: str = "、") -> str:
    """Columns named as the review sheet heads them, with the code name a CSV may use: “前一年事项”（item_from）."""
    return joiner.join(f"“{column_title('review_queue', c)}”（{c}）" for c in codes)


def _code_names(columns: list[str]) -> list[str]:
    """Column names as code names, also when the file has the workbook's Chinese headers."""
    by_title = {
        column_title("review_queue", c): c for c in ("item_from", "item_to", *ANSWER_COLUMNS, "text_from", "text_to")
    }
    return [by_title.get(str(c).strip(), str(c).strip()) for c in columns]


def _decision_words() -> dict[str, str]:
    """Every word a decision may be written in: the code, its Chinese name, and the model's word for no link
    (无关联, which the queue shows beside the answer column and an analyst may copy)."""
    words = {value_title("decision", d): d for d in DECISIONS} | {d: d for d in DECISIONS}
    return words | {value_title("model_label", "none"): "unrelated"}


def answer_sheet(review: pd.DataFrame, decisions: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The review queue as the workbook gives it to be answered: the open questions, then every decision already
    in the decisions file (question 'decided', its answer and note filled in). A rerun asks only what is still
    open, so a sheet of open questions saved over the decisions file would lose the earlier answers; this one
    keeps them. A decision keeps the texts it recorded (so a changed plan still flags it), else today's."""
    if decisions.empty:
        return review
    year = dict(zip(items["item_id"], items["year"], strict=True))
    text = dict(zip(items["item_id"], items["text"].astype(str), strict=True))
    recorded_or_now = {
        side: [
            written or text.get(i, "")
            for i, written in zip(decisions[f"item_{side}"], decisions[f"text_{side}"], strict=True)
        ]
        for side in ("from", "to")
    }
    decided = pd.DataFrame(
        {
            "year_from": decisions["item_from"].map(year).astype("Int64"),
            "item_from": decisions["item_from"],
            "year_to": decisions["item_to"].map(year).astype("Int64"),
            "item_to": decisions["item_to"],
            "question": "decided",
            "asked_for": "",
            "model_label": "",
            "impact": 0,
            "shared_terms": "",
            "evidence": "",
            "text_from": recorded_or_now["from"],
            "text_to": recorded_or_now["to"],
            "decision": decisions["decision"],
            "note": decisions["note"],
        }
    ).reindex(columns=review.columns)
    return pd.concat([review, decided.astype(review.dtypes.to_dict(), errors="ignore")], ignore_index=True)


def read_decisions(path: str | Path | None) -> pd.DataFrame:
    """The decisions of a file (an empty table when there is none), with the line each came from."""
    if path is None or not Path(path).is_file():
        return make_frame("match_decisions", [])
    path = Path(path)
    import csv
    import io

    rows = list(csv.reader(io.StringIO(read_csv_text(path, "判定文件"))))
    if not rows:
        return make_frame("match_decisions", [])
    header = _code_names(rows[0])
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise PlanError(
            path, f"判定文件缺少列：{_columns(missing)}：请保留“{table_title('review_queue')}”表原有的表头", 1
        )
    by_value = _decision_words()
    records = []
    for line, values in enumerate(rows[1:], start=2):
        cells = dict(zip(header, [v.strip() for v in values], strict=False))
        if not any(cells.get(c) for c in REQUIRED):
            continue  # an empty line, or a queue row nobody decided
        decision = by_value.get(cells.get("decision", ""))
        if not cells.get("decision"):
            continue
        if decision is None:
            words = (
                "、".join(value_title("decision", d) for d in DECISIONS[:-1])
                + f"或{value_title('decision', DECISIONS[-1])}"
            )
            raise PlanError(
                path,
                f"“{column_title('review_queue', 'decision')}”栏的“{cells['decision'][:20]}”无法识别：请填写{words}",
                line,
            )
        if not cells.get("item_from") or not cells.get("item_to"):
            raise PlanError(path, f"这一行有判定，但缺少{_columns(['item_from', 'item_to'], '或')}的编号", line)
        records.append(
            dict(
                item_from=cells["item_from"],
                item_to=cells["item_to"],
                decision=decision,
                note=cells.get("note", ""),
                text_from=cells.get("text_from", ""),
                text_to=cells.get("text_to", ""),
                source=path.name,
                line=line,
            )
        )
    frame = make_frame("match_decisions", records)
    repeated = frame[frame.duplicated(["item_from", "item_to"], keep="first")]
    if len(repeated):
        first = repeated.iloc[0]
        raise PlanError(
            path, f"对 {first['item_from']} → {first['item_to']} 的判定重复出现：请删去其中一行", int(first["line"])
        )
    return frame


def current_decisions(decisions: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The decisions that still apply: about items that exist, whose text (when recorded) is unchanged.

    Each one that no longer applies is a warning naming its line; the file itself is left as it is.
    """
    text = dict(zip(items["item_id"], items["text"].astype(str), strict=True))
    keep = []
    for row in decisions.itertuples():
        where = f"{row.source}:{row.line}"
        gone = [i for i in (row.item_from, row.item_to) if i not in text]
        if gone:
            warnings.warn(
                f"{where}: 判定涉及的 {'、'.join(gone)} 已不存在，该判定未采用",
                PlanWarning,
                stacklevel=2,
            )
            continue
        changed = [
            i
            for i, written in ((row.item_from, row.text_from), (row.item_to, row.text_to))
            if written and written != text[i]
        ]
        if changed:
            warnings.warn(
                f"{where}: 作出判定后 {'、'.join(changed)} 的原文已改变，该判定未采用：请在“{table_title('review_queue')}”中重新判定",
                PlanWarning,
                stacklevel=2,
            )
            continue
        keep.append(row.Index)
    return decisions.loc[keep]
