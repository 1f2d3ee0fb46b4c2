"""Clean leader names and responsible units into canonical, classified entries.

Documents pad names with spaces and write the same body in several ways. The
rules here are general (split names by width, carry the district prefix, read
the ★ mark); body-specific spellings live in the analyst-editable alias table
`resources/unit_aliases.csv` (columns: alias, canonical, kind; kind may be blank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.paths import UNIT_ALIASES_CSV
from analysis.schema import UNIT_KINDS

LEAD_MARK = "★"
DISTRICT_PREFIX = "区"

# A body's name ends with one of these when it is a government department or office.
DEPARTMENT_SUFFIX = re.compile(
    r"(局|委|办|办公室|中心|馆|部|总社|联|监委|指挥部|专班|法院|检察院|委员会|站|队|所)(（[^）]*）)?$"
)
# Names that already say whose body they are, so the district prefix is not carried to them.
OWNED_PREFIX = re.compile(r"^(区|各|团|吴江|苏州|江苏|省|市(?!场)|国家|中央|人民银行|银保监)")
PLACE_MARKS = ("区", "镇", "街道", "吴江")
TOWN_SUFFIX = re.compile(r"(镇|街道|开发区|高新区|度假区|新城|园区|管委会)$")
COMPANY_SUFFIX = re.compile(r"(公司|集团|国资|银行|支行|分行)$")
COLLECTIVE = re.compile(r"(^各|各.*(单位|部门|工作组)|成员单位|各成员单位)")
DATA_PROVIDER_RE = re.compile(r"([^，。；,;]+?)主要负责提供")


def split_leaders(lines: list[str]) -> list[str]:
    """Leader names from a cell: `钱  宇`, `陈建忠   吉  伟`, names on separate lines.

    Names are padded to a common width, so a single character followed by a
    single character is one two-character name split by padding.
    """
    names: list[str] = []
    for line in lines:
        tokens = line.split()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if len(token) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
                token += tokens[i + 1]
                i += 1
            names.append(token)
            i += 1
    return list(dict.fromkeys(names))


def split_units(text: str) -> list[str]:
    """Split a 责任单位 cell on 、 (and commas), ignoring separators inside brackets."""
    parts, depth, current = [], 0, []
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        if char in "、，," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


@dataclass
class UnitEntry:
    """One responsible unit of one item, as written and as normalized."""

    raw: str
    unit: str
    is_lead: bool
    kind: str
    rules: list[str] = field(default_factory=list)


@lru_cache(maxsize=4)
def _alias_table(path: str) -> tuple[dict[str, str], dict[str, str]]:
    table = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#", encoding="utf-8-sig")
    missing = {"alias", "canonical", "kind"} - set(table.columns)
    if missing:
        raise ValueError(f"{path}: alias table lacks column(s) {', '.join(sorted(missing))}")
    bad_kinds = set(table["kind"]) - set(UNIT_KINDS) - {""}
    if bad_kinds:
        raise ValueError(f"{path}: unknown kind(s) {', '.join(sorted(bad_kinds))}; use {', '.join(UNIT_KINDS)}")
    aliases = {
        a.strip(): c.strip() for a, c in zip(table["alias"], table["canonical"], strict=True) if a.strip() and c.strip()
    }
    kinds = {
        (c.strip() or a.strip()): k
        for a, c, k in zip(table["alias"], table["canonical"], table["kind"], strict=True)
        if k
    }
    return aliases, kinds


def load_aliases(path: Path = UNIT_ALIASES_CSV) -> tuple[dict[str, str], dict[str, str]]:
    """The alias table: written form -> canonical name, and canonical name -> kind override."""
    return _alias_table(str(path))


def classify_unit(name: str, kind_overrides: dict[str, str] | None = None) -> str:
    """Kind of a canonical unit: department, town_park, company, collective or other."""
    if kind_overrides and name in kind_overrides:
        return kind_overrides[name]
    if COLLECTIVE.search(name):
        return "collective"
    if TOWN_SUFFIX.search(name):
        return "town_park"
    if COMPANY_SUFFIX.search(name):
        return "company"
    if DEPARTMENT_SUFFIX.search(name):
        return "department"
    return "other"


def is_bare_department(name: str) -> bool:
    """A department named without its owner (`统计局` after `区发改委`), i.e. a district body."""
    return (
        bool(DEPARTMENT_SUFFIX.search(name))
        and not OWNED_PREFIX.match(name)
        and not any(mark in name for mark in PLACE_MARKS)
        and classify_unit(name) == "department"
    )


def normalize_units(text: str, aliases: dict[str, str], kinds: dict[str, str]) -> list[UnitEntry]:
    """Units of one cell: ★ read, district prefix carried, aliases applied, kind given."""
    entries: list[UnitEntry] = []
    for part in split_units(text):
        is_lead = part.startswith(LEAD_MARK)
        raw = part.lstrip(LEAD_MARK).strip()
        name, rules = raw, []
        if is_bare_department(name):
            name = DISTRICT_PREFIX + name
            rules.append("district_prefix")
        if name in aliases and aliases[name] != name:
            name = aliases[name]
            rules.append("alias")
        entries.append(UnitEntry(raw, name, is_lead, classify_unit(name, kinds), rules))
    return entries


def data_providers(footnote: str, aliases: dict[str, str], kinds: dict[str, str]) -> list[str]:
    """Units the footnote says mainly provide data (`区统计局、吴江海关主要负责提供数据`)."""
    match = DATA_PROVIDER_RE.search(footnote)
    if not match:
        return []
    return [e.unit for e in normalize_units(match.group(1), aliases, kinds)]
