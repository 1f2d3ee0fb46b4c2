"""The tidy tables of one or more plans: documents, items, item_leaders, item_units, normalizations.

`load_plans(folder)` is the notebook-facing entry: read every plan, then tidy them together (the
district's own name is read from all of them at once).
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import PlanWarning
from analysis.ingest import ParsedPlan, read_plan, read_plans
from analysis.ingest.notes import Note
from analysis.registry import make_frame
from analysis.tidy.leaders import is_padded, is_person_name, split_leaders
from analysis.tidy.suggestions import alias_suggestions
from analysis.tidy.units import (
    UnitRules,
    classify_unit,
    district_forms,
    footnote_providers,
    load_aliases,
    normalize_units,
    owner_names,
)

TIDY_TABLES = (
    "documents",
    "items",
    "item_leaders",
    "item_units",
    "normalizations",
    "alias_suggestions",
    "reading_notes",
)


@dataclass
class PlanTables:
    """The tidy tables of one or more years."""

    documents: pd.DataFrame
    items: pd.DataFrame
    item_leaders: pd.DataFrame
    item_units: pd.DataFrame
    normalizations: pd.DataFrame
    alias_suggestions: pd.DataFrame
    reading_notes: pd.DataFrame

    @property
    def years(self) -> list[int]:
        """Years present, in order."""
        return sorted(self.documents["year"].tolist())

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """The tables by name, as the later stages take them."""
        return {name: getattr(self, name) for name in TIDY_TABLES}


def item_id(year: int, seq: int) -> str:
    """An item's id: its year and its place in that year's plan (2023-027), whatever number is printed."""
    return f"{year}-{seq:03d}"


def load_plan(path: str | Path, aliases_path: Path | None = None) -> PlanTables:
    """Read and tidy one plan file."""
    return tidy_plans([read_plan(path)], aliases_path)


def load_plans(folder: str | Path, aliases_path: Path | None = None) -> PlanTables:
    """Read and tidy every plan file in a folder into one set of tables covering all years."""
    return tidy_plans(read_plans(folder), aliases_path)


def tidy_plans(plans: list[ParsedPlan], aliases_path: Path | None = None) -> PlanTables:
    """The tidy tables of parsed plans (warnings of incomplete plans are issued as PlanWarning)."""
    aliases, kinds = load_aliases(aliases_path) if aliases_path else load_aliases()
    owners = owner_names(
        [n for p in plans for n in (p.district, p.city)], (row.units_text for p in plans for row in p.rows)
    )
    rules = UnitRules(aliases, kinds, owners)
    entries = {
        (p.year, seq): normalize_units(row.units_text, rules) for p in plans for seq, row in enumerate(p.rows, 1)
    }
    providers = {p.year: normalize_units(footnote_providers(p.footnote), rules) for p in plans}
    written = [(year, e.unit) for (year, _), found in entries.items() for e in found]
    written += [(year, e.unit) for year, found in providers.items() for e in found]
    rename = district_forms(written, rules)
    for found in (*entries.values(), *providers.values()):
        for e in found:
            if e.unit in rename:
                e.unit, e.kind = rename[e.unit], classify_unit(rename[e.unit], kinds)
                e.rules.append("district_name")
    docs, items, leaders, units, norm, notes = [], [], [], [], [], []
    for plan in plans:
        for message in plan.warnings:
            warnings.warn(message, PlanWarning, stacklevel=3)
        notes += [(plan.year, note) for note in plan.notes]
        provider_names = [e.unit for e in providers[plan.year]]
        docs.append(
            dict(
                year=plan.year,
                source=plan.source.name,
                format=plan.format,
                title=plan.title,
                declared_count=plan.declared_count,
                parsed_count=len(plan.rows),
                data_providers="、".join(provider_names),
            )
        )
        previous: list[str] = []
        chapter = None
        for seq, row in enumerate(plan.rows, start=1):
            item = item_id(plan.year, seq)
            if row.chapter_no != chapter:
                chapter, previous = row.chapter_no, []
            names = split_leaders(row.leader_lines)
            inherited = not names
            if inherited:
                names = previous
                if not names:
                    notes.append((plan.year, Note(plan.source, row.line, "no_leader", {}, seq)))
            previous = names
            for name in names if not inherited else []:
                if not is_person_name(name):
                    notes.append((plan.year, Note(plan.source, row.line, "not_a_name", {"name": name}, seq)))
            for line in row.leader_lines:
                if is_padded(line):
                    norm.append((plan.year, "leader", line.strip(), "、".join(split_leaders([line])), "name_spacing"))
            for name in names:
                if name in aliases and aliases[name] != name:
                    norm.append((plan.year, "leader", name, aliases[name], "alias"))
            names = list(dict.fromkeys(aliases.get(n, n) for n in names))
            leaders += [dict(item_id=item, year=plan.year, leader=n, inherited=inherited) for n in names]
            row_entries = entries[(plan.year, seq)]
            for e in row_entries:
                role = "lead" if e.is_lead else ("data_provider" if e.unit in provider_names else "participant")
                units.append(
                    dict(
                        item_id=item,
                        year=plan.year,
                        unit=e.unit,
                        unit_raw=e.raw,
                        is_lead=e.is_lead,
                        kind=e.kind,
                        role=role,
                    )
                )
                norm += [(plan.year, "unit", e.raw, e.unit, rule) for rule in e.rules]
            items.append(
                dict(
                    item_id=item,
                    year=plan.year,
                    seq=seq,
                    printed_no=row.printed_no,
                    chapter_no=row.chapter_no,
                    chapter_title=row.chapter_title,
                    subsection_no=row.subsection_no,
                    subsection_title=row.subsection_title,
                    text=row.text,
                    leaders="、".join(names),
                    lead_units="、".join(e.unit for e in row_entries if e.is_lead),
                    units="、".join(e.unit for e in row_entries),
                    line=row.line,
                )
            )
    item_leaders, item_units = make_frame("item_leaders", leaders), make_frame("item_units", units)
    for _, note in notes:
        warnings.warn(note.located(), PlanWarning, stacklevel=2)
    return PlanTables(
        documents=make_frame("documents", docs),
        items=make_frame("items", items),
        item_leaders=item_leaders,
        item_units=item_units,
        normalizations=_normalization_frame(norm),
        alias_suggestions=alias_suggestions(item_units, item_leaders, owners),
        reading_notes=make_frame(
            "reading_notes",
            [
                (year, seq, n.path.name, n.line, item_id(year, n.item) if n.item else None, n.kind, n.chinese())
                for year, part in itertools.groupby(sorted(notes, key=lambda yn: yn[0]), key=lambda yn: yn[0])
                for seq, (_, n) in enumerate(part, start=1)
            ],
        ),
    )


def _normalization_frame(records: list[tuple]) -> pd.DataFrame:
    keys = ["year", "field", "raw", "normalized", "rule"]
    frame = pd.DataFrame.from_records(records, columns=keys)
    counted = frame.groupby(keys, sort=True).size().rename("count").reset_index()
    return make_frame("normalizations", counted.to_dict("records"))
