"""What changed in one indicator between two years: whether the two targets can be compared at all, the
direction of the value, and the direction of the commitment — two different things an analyst reports
(5%左右 → 5%以上 keeps the value and firms up the commitment)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from analysis.targets.extract import WORDS, leading_verb, modifier
from analysis.targets.scope import comparability

# Value directions, in the order tables list them.
DIRECTIONS = ("raised", "lowered", "unchanged", "reworded", "not_comparable", "only_from", "only_to")
# Commitment directions: "unclear" where two statements differ in a way no rule reads (保持增长 →
# 与GDP增长基本同步: the analyst decides); "" where there is nothing to compare (one year only, or
# different indicators).
COMMITMENTS = ("firmer", "looser", "mixed", "same", "unclear", "")
FORM_STRENGTH: dict[str, float] = dict(WORDS["commitment_of_form"])
STANDARD_STRENGTH: dict[str, float] = dict(WORDS["commitment_of_standard"])
STRIVE = "力争"
STRIVING_VERBS: tuple[str, ...] = tuple(WORDS["striving_verbs"])
# Two statements without a number whose wording reads this alike say the same (完成上级下达(目标)任务).
SAME_STATEMENT = 0.85


@dataclass(frozen=True)
class Judgement:
    """direction: of the value (DIRECTIONS); reason: why the two cannot be compared ("" when they can,
    see `analysis.targets.scope`); commitment: of the wording (COMMITMENTS)."""

    direction: str
    reason: str
    commitment: str


def words_of(target) -> str:
    """The qualifier words of a target as written (左右, 控制在+以内, or a whole statement)."""
    return str(target.qualifiers).split(":", 1)[1]


def strives(target) -> bool:
    """The target itself is only striven for (力争新增…): a weaker commitment than a plain one."""
    return STRIVE in words_of(target).split("+")


def verb_of(target) -> str:
    """The verb a target's indicator starts with (建成, 争创 …; 力争 and other noise skipped), "" if none."""
    return leading_verb(str(target.indicator))


def strives_by_verb(target) -> bool:
    """The target's verb only strives for the result (争创 a title, 争取 funds), where 建成 or 创建 would commit
    to it."""
    return verb_of(target) in STRIVING_VERBS


def value_direction(a, b) -> str:
    """raised / lowered / unchanged, comparing the scaled value, then the top of a range."""
    old = (a.scaled_value, a.value_high if pd.notna(a.value_high) else a.value)
    new = (b.scaled_value, b.value_high if pd.notna(b.value_high) else b.value)
    if np.isclose(old[0], new[0]) and np.isclose(old[1], new[1]):
        return "unchanged"
    return "raised" if new > old else "lowered"


def same_statement(a, b) -> bool:
    return fuzz.ratio(words_of(a), words_of(b)) / 100 >= SAME_STATEMENT


def _standard(words: str) -> float | None:
    return next((s for w, s in STANDARD_STRENGTH.items() if w in words), None)


def _combine(moves: list[float]) -> str:
    up, down = any(m > 0 for m in moves), any(m < 0 for m in moves)
    return "mixed" if up and down else "firmer" if up else "looser" if down else "same"


def _bound_gave_way(a, b) -> bool:
    """The later target is a bound that moved the easy way: a floor lowered (实际使用外资5.8亿美元 → 5亿美元以上)
    or a ceiling raised. Its firmer form then binds to less than the earlier target: firmer in form, looser in
    what it binds to, so the commitment is mixed, not firmer."""
    bound = modifier(b.qualifiers)
    direction = value_direction(a, b)
    return (bound, direction) in (("at_least", "lowered"), ("at_most", "raised"))


def commitment(a, stretch_a, b, stretch_b, reason: str) -> str:
    """firmer / looser / mixed / same / unclear, or "" when there is nothing to compare.

    A number binds more than a statement without one; for numbers, the form (左右 < point < 以上/以内; a firmer
    bound that gave way moves it back too: `_bound_gave_way`), a stretch value added or dropped, a bare 力争, and a
    striving verb (建成 → 争创) each move the commitment;
    statements compare the
    standard they name (不低于 > 基本同步), else whether one adds to the other's wording.
    """
    if a is None or b is None:
        return ""
    if reason == "form_changed":
        return "firmer" if a.kind == "qualitative" else "looser"
    if reason:
        return ""
    if a.kind == "qualitative":
        if same_statement(a, b):
            return "same"
        old, new = words_of(a), words_of(b)
        standards = _standard(old), _standard(new)
        if None not in standards:
            return _combine([standards[1] - standards[0]])
        if old in new or new in old:
            return "firmer" if old in new else "looser"
        return "unclear"
    form = FORM_STRENGTH.get(modifier(b.qualifiers), 1) - FORM_STRENGTH.get(modifier(a.qualifiers), 1)
    moves = [
        form,
        -1 if form > 0 and _bound_gave_way(a, b) else 0,
        (stretch_b is not None) - (stretch_a is not None),
        strives(a) - strives(b),
        strives_by_verb(a) - strives_by_verb(b),
    ]
    return _combine(moves)


def judge(a, stretch_a, b, stretch_b) -> Judgement:
    """The judgement of one pair (targets as rows with attribute access; None where a year has none)."""
    if a is None:
        return Judgement("only_to", "", "")
    if b is None:
        return Judgement("only_from", "", "")
    reason = comparability(a, b)
    if reason:
        direction = "not_comparable"
    elif a.kind == "qualitative":
        direction = "unchanged" if same_statement(a, b) else "reworded"
    else:
        direction = value_direction(a, b)
    return Judgement(direction, reason, commitment(a, stretch_a, b, stretch_b, reason))
