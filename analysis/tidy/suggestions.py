"""Names that may be one body (or one leader) written differently in two consecutive years, for the
analyst to review: never merged automatically, accepted by adding the new name to the alias table.

A name present only in the later year is compared with each name present only in the earlier one,
on what tells bodies apart: the district's prefix and the ending both names share (…局, …领导小组成员
单位) are set aside first, so 区发改委 and 区工信局 do not look alike for sharing 区 and a suffix.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
from rapidfuzz import fuzz

from analysis.registry import make_frame

# What is left of two names once their shared beginning and ending are set aside must read this alike.
MIN_SIMILARITY = 0.6
MIN_CORE_CHARS = 2
MIN_ABBREVIATION_CHARS = 3  # 科技局; two characters (科局) would be a short form of too much


def _shared_ends(a: str, b: str) -> tuple[str, str]:
    """The two names without the characters they share at the start and at the end."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start : len(a) - end], b[start : len(b) - end]


def _abbreviates(short: str, long: str) -> bool:
    """Whether `short` is a short form of `long`: its characters in order within it, starting where it starts or
    with its first two characters together (数据局 / 大数据管理局), and at least MIN_ABBREVIATION_CHARS long."""
    if len(short) < MIN_ABBREVIATION_CHARS or len(short) >= len(long):
        return False
    rest = iter(long)
    in_order = all(ch in rest for ch in short)
    return in_order and (short[0] == long[0] or short[:2] in long)


def compare_names(new: str, old: str, owners: tuple[str, ...] = ("区",)) -> tuple[float, str] | None:
    """(similarity 0–1, reason) when two names may be one, else None.

    Reasons: `contains` (one name is the other with words added), `one_char` (same length, one character
    differs: a typo or a homophone), `abbreviation` (one is the other's short form: 科技局 / 科学技术局,
    发改委 / 发展和改革委员会), `similar` (the distinctive parts read alike).
    """
    for owner in owners:
        new, old = new.removeprefix(owner), old.removeprefix(owner)
    core_new, core_old = _shared_ends(new, old)
    if not core_new or not core_old:
        return (round(fuzz.ratio(new, old) / 100, 2), "contains") if min(len(new), len(old)) >= MIN_CORE_CHARS else None
    if len(new) == len(old) and len(core_new) == len(core_old) == 1:
        return round(fuzz.ratio(new, old) / 100, 2), "one_char"
    if _abbreviates(*sorted((new, old), key=len)):
        return round(fuzz.ratio(new, old) / 100, 2), "abbreviation"
    if min(len(core_new), len(core_old)) < MIN_CORE_CHARS:
        return None
    similarity = fuzz.ratio(core_new, core_old) / 100
    return (round(fuzz.ratio(new, old) / 100, 2), "similar") if similarity >= MIN_SIMILARITY else None


def alias_suggestions(item_units: pd.DataFrame, item_leaders: pd.DataFrame, owners: tuple[str, ...]) -> pd.DataFrame:
    """For each pair of consecutive years: (year, field, new_name, old_name, similarity, reason)."""
    rows = []
    years = sorted(int(y) for y in pd.concat([item_units["year"], item_leaders["year"]]).unique())
    for field, frame, column in (("unit", item_units, "unit"), ("leader", item_leaders, "leader")):
        names = frame.groupby("year")[column].agg(set)
        for earlier, later in pairwise(years):
            before, after = names.get(earlier, set()), names.get(later, set())
            for new in sorted(after - before):
                for old in sorted(before - after):
                    found = compare_names(new, old, ("区", *owners) if field == "unit" else ())
                    if found:
                        rows.append((later, field, new, old, *found))
    frame = make_frame("alias_suggestions", rows)
    return frame.sort_values(["year", "field", "similarity"], ascending=[True, True, False], ignore_index=True)
