"""How one indicator changed, in the plain Chinese an analyst pastes into a report:
地区生产总值增速目标维持5%，表述由“左右”改为“以上”，约束性增强."""

from __future__ import annotations

import pandas as pd

from analysis.targets.extract import MODIFIER_OF_PREFIX, MODIFIER_OF_SUFFIX, modifier
from analysis.targets.judge import Judgement, strives, strives_by_verb, verb_of, words_of
from analysis.targets.scope import counted, thresholds
from analysis.text.display_names import value_title

NOT_WRITTEN = "未写明"  # a level the plan does not state
GROWTH, RATE = "增长", "增速"  # 地区生产总值增长 5% reads as a 增速 target
INNER_QUOTES = str.maketrans("“”", "‘’")


def _inner(words: str) -> str:
    """Words set inside “…”: their own quotation marks become ‘…’ (实现‘双下降’), as Chinese nests quotes."""
    return words.translate(INNER_QUOTES)


def value_text(t) -> str:
    """The number and unit: 5%, 3-5万元."""
    high = f"-{t.value_high:g}" if pd.notna(t.value_high) else ""
    return f"{t.value:g}{high}{t.unit}"


def form_words(t) -> tuple[str, str]:
    """The words that set a target's form, before and after the number (超 / 以上 / 控制在…以内)."""
    words = words_of(t).split("+")
    return (
        "".join(w for w in words if w in MODIFIER_OF_PREFIX),
        "".join(w for w in words if w in MODIFIER_OF_SUFFIX),
    )


def as_written(t) -> str:
    """A target's value as the plan writes it: 6%左右, 超16%, 控制在3%以内, 保持稳定."""
    if t.kind == "qualitative":
        return words_of(t)
    before, after = form_words(t)
    return f"{before}{value_text(t)}{after}"


def _form_label(t) -> str:
    before, after = form_words(t)
    if before and after:
        return f"“{before}…{after}”"
    return f"“{before or after}”" if before or after else "确定值"


def _name(a, b) -> str:
    t = b if b is not None else a
    name = str(t.indicator)
    if t.kind != "qualitative" and t.unit == "%" and name.endswith(GROWTH):
        name = name[: -len(GROWTH)] + RATE
    return name


def _stretch_clause(stretch_a, stretch_b) -> str:
    if stretch_a is None and stretch_b is None:
        return ""
    if stretch_a is None:
        return f"，另提出力争{value_text(stretch_b)}"
    if stretch_b is None:
        return f"，不再提出力争{value_text(stretch_a)}"
    if value_text(stretch_a) != value_text(stretch_b):
        return f"，力争目标由{value_text(stretch_a)}调整为{value_text(stretch_b)}"
    return ""


def _commitment_clause(commitment: str) -> str:
    return f"，{value_title('commitment', commitment)}" if commitment in ("firmer", "looser", "mixed") else ""


def _numeric(a, stretch_a, b, stretch_b, judgement: Judgement) -> str:
    name, direction = _name(a, b), judgement.direction
    form_changed = modifier(a.qualifiers) != modifier(b.qualifiers)
    old, new = (value_text(a), value_text(b)) if form_changed else (as_written(a), as_written(b))
    if direction == "unchanged":
        text = f"{name}目标维持{new}"
    else:
        what = "上限" if modifier(a.qualifiers) == modifier(b.qualifiers) == "at_most" else "目标"
        text = f"{name}{what}由{old}{value_title('direction', direction)}至{new}"
    if form_changed:
        text += f"，表述由{_form_label(a)}改为{_form_label(b)}"
    if strives(a) != strives(b):
        text += "，改为“力争”" if strives(b) else "，不再冠以“力争”"
    if strives_by_verb(a) != strives_by_verb(b):
        text += _verb_change(verb_of(a), verb_of(b))
    return text + _stretch_clause(stretch_a, stretch_b) + _commitment_clause(judgement.commitment)


def _verb_change(old: str, new: str) -> str:
    """，由“建成”改为“争创”: the verb that moved the commitment (either side may have none written)."""
    if old and new:
        return f"，由“{old}”改为“{new}”"
    return f"，改为“{new}”" if new else f"，不再用“{old}”"


def _not_comparable(a, b, judgement: Judgement) -> str:
    name, reason = _name(a, b), judgement.reason
    if reason == "form_changed":
        if b.kind == "qualitative":
            text = f"{name}由数值目标（{as_written(a)}）改为定性表述（{words_of(b)}）"
        else:
            text = f"{name}由定性表述（{words_of(a)}）改为数值目标（{as_written(b)}）"
        return text + _commitment_clause(judgement.commitment)
    detail = ""
    if reason == "scope_changed":
        levels = counted(a.indicator)[0], counted(b.indicator)[0]
        if levels[0] == levels[1]:  # the threshold moved (3万元以下→5万元以下)
            levels = "、".join(thresholds(a.indicator)), "、".join(thresholds(b.indicator))
        detail = f"（{levels[0] or NOT_WRITTEN}→{levels[1] or NOT_WRITTEN}）"
    elif reason == "horizon_changed":
        detail = f"（{value_title('horizon', a.horizon)}→{value_title('horizon', b.horizon)}）"
    return f"{value_title('reason', reason)}{detail}，不宜直接比较：{a.span} → {b.span}"


COUNTERPART_WORDS = {
    "mention": "{year}年（{item}）亦提及",
    "target": "{year}年对应事项（{item}）有相关目标",
    "text": "{year}年对应事项（{item}）提及",
}


def counterpart_clause(year: int, found) -> str:
    """Where the year without the target still names it (a `changes.Counterpart`), in that year's words:
    ；2022年（2022-102）亦提及：“生产安全事故起数和死亡人数‘双下降’，降幅大于全市平均水平”;
    ；2023年对应事项（2023-105）有相关目标：“10月底前完成危房解危…”; ；2023年对应事项（2023-030）提及：“启动新一轮‘智改数转’”."""
    if found is None:
        return ""
    where = COUNTERPART_WORDS[found.how].format(year=year, item=found.item_id)
    return f"；{where}：“{_inner(found.words)}”"


def summary(a, stretch_a, b, stretch_b, judgement: Judgement, year_to: int) -> str:
    """One sentence for the change of one indicator between two years (targets as rows, None if absent)."""
    if a is None:  # a stretch value stays with its target (实现服务业增加值增长5%、力争6%)
        return f"{year_to}年新列" + (f"，另提出力争{value_text(stretch_b)}" if stretch_b is not None else "")
    if b is None:
        return f"{year_to}年未列"
    if judgement.reason:
        return _not_comparable(a, b, judgement)
    if a.kind == "qualitative":
        if judgement.direction == "unchanged":
            return f"{_name(a, b)}维持“{_inner(words_of(b))}”"
        text = f"{_name(a, b)}表述由“{_inner(words_of(a))}”调整为“{_inner(words_of(b))}”"
        return text + _commitment_clause(judgement.commitment)
    return _numeric(a, stretch_a, b, stretch_b, judgement)
