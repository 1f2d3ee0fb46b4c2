"""Exploring the plans from a notebook: one task across every year, a keyword, a leader's or a unit's items.

Every function takes the tables (`analysis.outputs.store.load_tables(SEEDS_DIR, DATA_DIR)`) and returns
a DataFrame with code-named columns (show it with `analysis.present.tables.show_table`); the
`*_summary` functions put the answer in a sentence. Example, in JupyterLab:

    from analysis.outputs.store import load_tables
    from analysis.present.explore import task_history, items_mentioning, items_of
    tables = load_tables("../seeds", "../data")
    task_history(tables, "2023-027")          # 新增上市公司: each year's wording, leaders, units, targets, redline
    items_mentioning(tables, "专精特新")      # every item naming it, by year, with its status
    items_of(tables, leader="钱宇")           # a leader's items by year; items_of(tables, unit="区发改委")
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.match.redline import number_changes
from analysis.present.html import md, redline_html
from analysis.tidy.chapters import chapter_labels

Tables = dict[str, pd.DataFrame]
HISTORY_COLUMNS = ["year", "item_id", "link", "text", "leaders", "lead_units", "targets", "redline"]
LINK_ORDER = {"continued": 0, "related": 1}


def _best_partner(matches: pd.DataFrame, item_id: str, side: str) -> pd.Series | None:
    """The strongest link of an item on one side ('item_to': its predecessor; 'item_from': its successor)."""
    other = "item_from" if side == "item_to" else "item_to"
    links = matches[matches[side] == item_id]
    if links.empty:
        return None
    ranked = links.assign(_order=links["label"].map(LINK_ORDER)).sort_values(
        ["_order", "score"], ascending=[True, False]
    )
    best = ranked.iloc[0]
    return best if isinstance(best[other], str) else None


def task_history(tables: Tables, item_id: str) -> pd.DataFrame:
    """One task across every year present: the chain of its strongest links (continued first, else related),
    back to its first year and on to its last, with each year's wording, leaders, ★ lead units, targets,
    and the redline from the year before. Empty when there is no such item."""
    items, matches = tables["items"].set_index("item_id"), tables["matches"]
    if item_id not in items.index:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    chain = [(item_id, None)]
    while (before := _best_partner(matches, chain[0][0], "item_to")) is not None:
        chain[0] = (chain[0][0], before)
        chain.insert(0, (before["item_from"], None))
    while (after := _best_partner(matches, chain[-1][0], "item_from")) is not None:
        chain.append((after["item_to"], after))
    spans = tables["targets"].groupby("item_id")["span"].agg("；".join)
    rows = []
    for current, link in chain:
        item = items.loc[current]
        rows.append(
            {
                "year": int(item["year"]),
                "item_id": current,
                "link": "first" if link is None else link["label"],
                "text": item["text"],
                "leaders": item["leaders"],
                "lead_units": item["lead_units"],
                "targets": spans.get(current, ""),
                "redline": "" if link is None else link["redline"],
            }
        )
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def history_summary(history: pd.DataFrame, item_id: str) -> str:
    """The history in a sentence: which years the task appears in and how it is linked."""
    if history.empty:
        return md("没有找到编号为{item}的事项。", item=item_id)
    if len(history) == 1:
        return md("{item}只出现在{year}年，前后年份都没有对应的事项。", item=item_id, year=history["year"].iloc[0])
    steps = "，".join(
        md(
            "{year}年（{item}，{how}）",
            year=r.year,
            item=r.item_id,
            how="延续" if r.link == "continued" else "部分相关",
        )
        if r.link != "first"
        else md("{year}年（{item}）", year=r.year, item=r.item_id)
        for r in history.itertuples()
    )
    return md("{item}这项工作贯穿{n}个年份：", item=item_id, n=len(history)) + steps + "。"


def _status_against_previous(tables: Tables, frame: pd.DataFrame) -> pd.Series:
    """Each item's status against the year before it ('' in the first year present)."""
    status = tables["item_status"]
    earlier = status[status["against_year"] < status["year"]].set_index("item_id")["status"]
    return frame["item_id"].map(earlier).fillna("")


def _status_against_next(tables: Tables, frame: pd.DataFrame) -> pd.Series:
    """Each item's status against the year after it: continued, related-only or dropped ('' in the last year)."""
    status = tables["item_status"]
    later = status[status["against_year"] > status["year"]].set_index("item_id")["status"]
    return frame["item_id"].map(later).fillna("")


def _partners(tables: Tables, frame: pd.DataFrame, side: str) -> list[str]:
    """Each item's strongest partner in the year before ('item_to') or after ('item_from'), '' if none."""
    other = "item_from" if side == "item_to" else "item_to"
    partners = (_best_partner(tables["matches"], item_id, side) for item_id in frame["item_id"])
    return ["" if partner is None else partner[other] for partner in partners]


def _with_status(tables: Tables, frame: pd.DataFrame) -> pd.DataFrame:
    """The items with their chapter as number and short title, and their status and strongest partner against
    the years before and after (a 2022 item dropped in 2023 says so; one carried on names the 2023 item)."""
    frame = frame.copy().reset_index(drop=True)
    frame.insert(2, "chapter_label", chapter_labels(frame))
    frame.insert(2, "partner_next", _partners(tables, frame, "item_from"))
    frame.insert(2, "status_next", _status_against_next(tables, frame))
    frame.insert(2, "partner", _partners(tables, frame, "item_to"))
    frame.insert(2, "status", _status_against_previous(tables, frame))
    return frame.drop(columns=["chapter_no", "chapter_title"])


def items_mentioning(tables: Tables, keyword: str) -> pd.DataFrame:
    """Every item whose text, or the title of the subsection it stands under, contains the keyword (the items
    under 持续优化营商环境 are about 营商环境 whether or not they repeat it), by year, with its chapter and
    subsection and its status and partner against the years before and after."""
    items = tables["items"]
    if keyword:
        mentions = items["text"].str.contains(keyword, regex=False)
        mentions |= items["subsection_title"].fillna("").str.contains(keyword, regex=False)
        found = items[mentions]
    else:
        found = items.iloc[:0]
    columns = ["year", "item_id", "chapter_no", "chapter_title", "subsection_title", "text", "leaders", "lead_units"]
    return _with_status(tables, found[columns])


def mentions_summary(found: pd.DataFrame, tables: Tables, keyword: str) -> str:
    """How often the keyword appears each year, and what became of it."""
    years = sorted(int(y) for y in tables["documents"]["year"])
    counts = found.groupby("year").size()
    if found.empty:
        return md("所选年份的方案中没有事项提到“{kw}”。", kw=keyword)
    per_year = "，".join(md("{y}年{n}项", y=y, n=int(counts.get(y, 0))) for y in years)
    text = md("提到“{kw}”的事项（原文或所在分项的标题中）：", kw=keyword) + per_year + "。"
    latest = found[found["year"] == years[-1]]
    new = int((latest["status"] == "new").sum())
    if len(years) > 1 and new:
        text += md("其中{y}年的{n}项中有{new}项是新增的。", y=years[-1], n=len(latest), new=new)
    return text


def items_of(tables: Tables, leader: str | None = None, unit: str | None = None) -> pd.DataFrame:
    """A leader's items (as lead leader) or a unit's (★ lead or participant), by year, with what changed:
    status and partner against the years before and after, and the numbers that changed since the year before."""
    items = tables["items"]
    if leader:
        ids = set(tables["item_leaders"].loc[tables["item_leaders"]["leader"] == leader, "item_id"])
    elif unit:
        ids = set(tables["item_units"].loc[tables["item_units"]["unit"] == unit, "item_id"])
    else:
        ids = set()
    columns = ["year", "item_id", "chapter_no", "chapter_title", "text", "leaders", "lead_units"]
    frame = _with_status(tables, items[items["item_id"].isin(ids)][columns])
    text_of = items.set_index("item_id")["text"]
    frame["changed_numbers"] = [
        "，".join(number_changes(text_of[before], text_of[item_id])) if before else ""
        for before, item_id in zip(frame["partner"], frame["item_id"], strict=True)
    ]
    return frame


def items_of_summary(found: pd.DataFrame, tables: Tables, who: str) -> str:
    """How many items a leader or unit has each year, and how many are new."""
    if found.empty:
        return md("所选年份的方案中没有“{who}”的事项。", who=who)
    years = sorted(int(y) for y in tables["documents"]["year"])
    counts = found.groupby("year").size()
    per_year = "，".join(md("{y}年{n}项", y=y, n=int(counts.get(y, 0))) for y in years)
    text = md("“{who}”的事项：", who=who) + per_year + "。"
    latest = found[found["year"] == years[-1]]
    new, moved = int((latest["status"] == "new").sum()), int((latest["changed_numbers"] != "").sum())
    facts = [md(f"{word}{{n}}项", n=n) for word, n in (("新增", new), ("数字有变化的", moved)) if n]
    if len(years) > 1 and facts:
        text += md("{y}年的{n}项中，", y=years[-1], n=len(latest)) + "，".join(facts) + "。"
    return text


def default_examples(tables: Tables) -> dict[str, str]:
    """Meaningful defaults for the explore notebook, from the plans themselves: the latest year's first
    item, the leader and the ★ lead unit with most items that year."""
    latest = int(tables["documents"]["year"].max())
    items = tables["items"][tables["items"]["year"] == latest]
    leaders = tables["item_leaders"][tables["item_leaders"]["year"] == latest]["leader"].value_counts()
    units = tables["item_units"]
    leads = units[(units["year"] == latest) & (units["role"] == "lead") & (units["kind"] != "collective")]
    return {
        "item_id": items["item_id"].iloc[0],
        "leader": leaders.index[0] if len(leaders) else "",
        "unit": leads["unit"].value_counts().index[0] if len(leads) else "",
    }


def history_redlines_html(history: pd.DataFrame) -> str:
    """The redline of each year against the year before, as HTML (plan text escaped)."""
    rows = [
        f"<li><b>{int(earlier.year)}年→{int(r.year)}年</b>（{html.escape(earlier.item_id)}→{html.escape(r.item_id)}）："
        f"{redline_html(r.redline)}</li>"
        for earlier, r in zip(history.itertuples(), history.iloc[1:].itertuples(), strict=False)
        if r.redline
    ]
    return f"<ul>{''.join(rows)}</ul>" if rows else "<p>只有一个年份，没有修订对照。</p>"
