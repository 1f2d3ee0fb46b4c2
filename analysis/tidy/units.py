"""Responsible units (责任单位) as canonical, classified entries.

Documents write the same body in several ways. The rules here are general (split the cell, read the
★ mark, carry the district prefix to bare department names, classify by how a name ends), with their
words in `resources/vocabulary.toml`; body-specific spellings live in the analyst-editable alias
table `resources/unit_aliases.csv` (columns: alias, canonical, kind; kind may be blank). The
district's own name (吴江) is read from the documents, not written here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from analysis.errors import PlanError
from analysis.ingest.decode import read_csv_text
from analysis.paths import UNIT_ALIASES_CSV
from analysis.text.display_names import value_title
from analysis.text.vocabulary import vocabulary

WORDS = vocabulary("units")
LEAD_MARK: str = WORDS["lead_mark"]
DISTRICT_PREFIX: str = WORDS["district_prefix"]
UNIT_KINDS = ("department", "town_park", "company", "collective", "other")
DATA_PROVIDER_MARK = "主要负责提供"
CLAUSE_BREAKS = "，。；,;"
# A district's own name as units write it: two characters before a body's name (吴江税务局).
OWNER_CHARS = 2
MIN_OWNER_NAMES = 3


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, words))


DEPARTMENT_SUFFIX = re.compile(rf"(?:{_alternatives(WORDS['department_suffixes'])})(（[^）]*）)?$")
TOWN_SUFFIX = re.compile(rf"(?:{_alternatives(WORDS['town_park_suffixes'])})$")
COMPANY_SUFFIX = re.compile(rf"(?:{_alternatives(WORDS['company_suffixes'])})$")
_HEADS, _TAILS = _alternatives(WORDS["collective_heads"]), _alternatives(WORDS["collective_tails"])
COLLECTIVE = re.compile(rf"^(?:{_HEADS})|(?:{_HEADS}).*(?:{_TAILS})|(?:{_alternatives(WORDS['collective_words'])})")


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


@dataclass(frozen=True)
class UnitRules:
    """Everything normalization needs: aliases, kind overrides, and the names that own a body."""

    aliases: dict[str, str]
    kinds: dict[str, str]
    owners: tuple[str, ...] = ()

    @property
    def owned_prefixes(self) -> tuple[str, ...]:
        return (*WORDS["owned_prefixes"], *self.owners)

    @property
    def place_marks(self) -> tuple[str, ...]:
        return (*WORDS["place_marks"], *self.owners[:1])  # the district's own name, not its city's


ALIAS_COLUMNS = ("alias", "canonical", "kind")


@cache
def _alias_table(path: str) -> tuple[dict[str, str], dict[str, str]]:
    """The alias table, checked row by row: every problem names its line."""
    import csv

    table = Path(path)
    lines = read_csv_text(table, "别名表").splitlines()
    rows = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise PlanError(table, f"别名表是空的：需要表头行 {','.join(ALIAS_COLUMNS)}", 1)
    try:
        parsed = [
            (n, cells) for (n, _), cells in zip(rows, csv.reader((line for _, line in rows), strict=True), strict=True)
        ]
    except (csv.Error, ValueError) as exc:
        raise PlanError(table, f"别名表不是有效的 CSV：{exc}") from None
    header_line, header = parsed[0]
    header = [h.strip() for h in header]
    missing = [c for c in ALIAS_COLUMNS if c not in header]
    if missing:
        raise PlanError(table, f"别名表缺少列：{'、'.join(missing)}", header_line)
    position = {c: header.index(c) for c in ALIAS_COLUMNS}
    aliases, kinds, where = {}, {}, {}
    for line, cells in parsed[1:]:
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        alias, canonical, kind = (cells[position[c]].strip() for c in ALIAS_COLUMNS)
        if kind and kind not in UNIT_KINDS:
            kinds_named = "、".join(f"{k}（{value_title('kind', k)}）" for k in UNIT_KINDS)
            raise PlanError(table, f"未知的单位类别“{kind}”：请填 {kinds_named} 之一", line)
        if alias and alias in where:
            raise PlanError(table, f"“{alias}”出现了两次（另见第{where[alias]}行）", line)
        if alias and canonical:
            aliases[alias], where[alias] = canonical, line
        if kind:
            kinds[canonical or alias] = kind
    for alias, line in where.items():
        seen, name = {alias}, aliases[alias]
        while name in aliases and aliases[name] != name:
            if name in seen:
                raise PlanError(
                    table,
                    f"别名表中有循环：从“{alias}”出发，改来改去又回到了它自己（如 A→B、B→A）：请让每个别名最终指向一个标准名称",
                    line,
                )
            seen.add(name)
            name = aliases[name]
    return aliases, kinds


def load_aliases(path: Path = UNIT_ALIASES_CSV) -> tuple[dict[str, str], dict[str, str]]:
    """The alias table: written form -> canonical name, and canonical name -> kind override."""
    return _alias_table(str(path))


def owner_names(signed: Iterable[str | None], units_cells: Iterable[str]) -> tuple[str, ...]:
    """The district's own name (and its city's) as the documents give them.

    A document that signs as 苏州市吴江区人民政府 gives both; otherwise the district is the two
    characters that most unit names start with beyond the generic owners (吴江税务局, 吴江海关,
    吴江开发区 …), when at least three names share them.
    """
    names = tuple(dict.fromkeys(n for n in signed if n))
    if names:
        return names
    written = {part.lstrip(LEAD_MARK).strip() for cell in units_cells for part in split_units(cell)}
    generic = tuple(WORDS["owned_prefixes"])
    prefixes = Counter(n[:OWNER_CHARS] for n in written if len(n) > OWNER_CHARS + 1 and not n.startswith(generic))
    best = prefixes.most_common(1)
    return (best[0][0],) if best and best[0][1] >= MIN_OWNER_NAMES else ()


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


def is_bare_department(name: str, rules: UnitRules) -> bool:
    """A department named without its owner (`统计局` after `区发改委`), i.e. a district body."""
    owned = name.startswith(rules.owned_prefixes) and not name.startswith(tuple(WORDS["not_owned_prefixes"]))
    return (
        bool(DEPARTMENT_SUFFIX.search(name))
        and not owned
        and not any(mark in name for mark in rules.place_marks)
        and classify_unit(name) == "department"
    )


def normalize_units(text: str, rules: UnitRules) -> list[UnitEntry]:
    """Units of one cell: ★ read, district prefix carried, aliases applied, kind given."""
    entries: list[UnitEntry] = []
    for part in split_units(text):
        is_lead = part.startswith(LEAD_MARK)
        raw = part.lstrip(LEAD_MARK).strip()
        name, applied = raw, []
        if is_bare_department(name, rules):
            name = DISTRICT_PREFIX + name
            applied.append("district_prefix")
        if name in rules.aliases and rules.aliases[name] != name:
            name = rules.aliases[name]
            applied.append("alias")
        entries.append(UnitEntry(raw, name, is_lead, classify_unit(name, rules.kinds), applied))
    return entries


def body_key(name: str, rules: UnitRules) -> str | None:
    """A department's name without its owner (区税务局, 吴江税务局, 税务局 → 税务局); None for other names."""
    for owner in (DISTRICT_PREFIX, *rules.owners[:1]):
        rest = name.removeprefix(owner)
        if rest != name and DEPARTMENT_SUFFIX.search(rest) and classify_unit(rest) == "department":
            return rest
    return None


def district_forms(names_by_year: Iterable[tuple[int, str]], rules: UnitRules) -> dict[str, str]:
    """One name per body written with the district's own name, with 区, or bare (吴江税务局 / 区税务局 /
    税务局, the bare one already carrying 区): the form used in most years (then most often, then the
    first by name) — so a plan that drops the district's name does not make a body look new.
    Returns the names to rewrite; names the alias table chose are left as they are."""
    years: dict[str, set[int]] = {}
    mentions: Counter[str] = Counter()
    for year, name in names_by_year:
        years.setdefault(name, set()).add(year)
        mentions[name] += 1
    chosen = set(rules.aliases.values())
    by_body: dict[str, list[str]] = {}
    for name in years:
        key = body_key(name, rules)
        if key is not None:
            by_body.setdefault(key, []).append(name)
    rename = {}
    for forms in by_body.values():
        if len(forms) < 2:
            continue
        best = min(forms, key=lambda n: (-len(years[n]), -mentions[n], n))
        rename |= {n: best for n in forms if n != best and n not in chosen}
    return rename


def footnote_providers(footnote: str) -> str:
    """The units the footnote says mainly provide data, as written (`区统计局、吴江海关主要负责提供数据`):
    the words between the clause break before the phrase and the phrase (found, then read back: linear)."""
    end = footnote.find(DATA_PROVIDER_MARK)
    if end <= 0:
        return ""
    start = max(footnote.rfind(mark, 0, end) for mark in CLAUSE_BREAKS) + 1
    return footnote[start:end]
