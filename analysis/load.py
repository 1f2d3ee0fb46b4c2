"""Load one plan, or every plan in a folder, into tidy tables (the notebook-facing API)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import schema
from analysis.errors import PlanError
from analysis.normalize import data_providers, load_aliases, normalize_units, split_leaders
from analysis.parse import ParsedPlan, parse_plan

PLAN_SUFFIXES = (".txt",)


class PlanWarning(UserWarning):
    """A plan that was read but looks incomplete (e.g. fewer items than declared)."""


@dataclass
class PlanTables:
    """The tidy tables of one or more years."""

    documents: pd.DataFrame
    items: pd.DataFrame
    item_leaders: pd.DataFrame
    item_units: pd.DataFrame
    normalizations: pd.DataFrame

    @property
    def years(self) -> list[int]:
        """Years present, in order."""
        return sorted(self.documents["year"].tolist())


def load_plan(path: str | Path, aliases_path: Path | None = None) -> PlanTables:
    """Parse one plan file into tables."""
    return _tables([parse_plan(path)], aliases_path)


def load_plans(folder: str | Path, aliases_path: Path | None = None) -> PlanTables:
    """Parse every plan file (*.txt) in a folder into one set of tables covering all years.

    One bad file raises PlanError naming it; two files for one year are an error naming both.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PlanError(folder, "seeds folder not found")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file())
    if not files:
        raise PlanError(folder, "no plan files (*.txt) in the folder")
    plans = [parse_plan(path) for path in files]
    seen: dict[int, Path] = {}
    for plan in plans:
        if plan.year in seen:
            raise PlanError(
                plan.source, f"year {plan.year} is also the year of {seen[plan.year]}; keep one file per year"
            )
        seen[plan.year] = plan.source
    return _tables(sorted(plans, key=lambda p: p.year), aliases_path)


def _tables(plans: list[ParsedPlan], aliases_path: Path | None) -> PlanTables:
    aliases, kinds = load_aliases(aliases_path) if aliases_path else load_aliases()
    docs, items, leaders, units, norm = [], [], [], [], []
    for plan in plans:
        for message in plan.warnings:
            warnings.warn(message, PlanWarning, stacklevel=3)
        providers = data_providers(plan.footnote, aliases, kinds)
        docs.append(
            dict(
                year=plan.year,
                source=plan.source.name,
                title=plan.title,
                declared_count=plan.declared_count,
                parsed_count=len(plan.rows),
                data_providers="、".join(providers),
            )
        )
        previous: list[str] = []
        chapter = None
        for seq, row in enumerate(plan.rows, start=1):
            item_id = f"{plan.year}-{seq:03d}"
            if row.chapter_no != chapter:
                chapter, previous = row.chapter_no, []
            names = split_leaders(row.leader_lines)
            inherited = not names
            if inherited:
                names = previous
                if not names:
                    warnings.warn(
                        f"{plan.source}:{row.line}: no leader written or inherited", PlanWarning, stacklevel=3
                    )
            previous = names
            for line in row.leader_lines:
                if len(line.split()) > 1 or (line.strip() and line.strip() != "".join(line.split())):
                    norm.append((plan.year, "leader", line.strip(), "、".join(split_leaders([line])), "name_spacing"))
            leaders += [dict(item_id=item_id, year=plan.year, leader=n, inherited=inherited) for n in names]
            entries = normalize_units(row.units_text, aliases, kinds)
            for e in entries:
                role = "lead" if e.is_lead else ("data_provider" if e.unit in providers else "participant")
                units.append(
                    dict(
                        item_id=item_id,
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
                    item_id=item_id,
                    year=plan.year,
                    seq=seq,
                    printed_no=row.printed_no,
                    chapter_no=row.chapter_no,
                    chapter_title=row.chapter_title,
                    subsection_no=row.subsection_no,
                    subsection_title=row.subsection_title,
                    text=row.text,
                    leaders="、".join(names),
                    lead_units="、".join(e.unit for e in entries if e.is_lead),
                    units="、".join(e.unit for e in entries),
                    line=row.line,
                )
            )
    return PlanTables(
        documents=_frame(docs, schema.DOCUMENTS),
        items=_frame(items, schema.ITEMS),
        item_leaders=_frame(leaders, schema.ITEM_LEADERS),
        item_units=_frame(units, schema.ITEM_UNITS),
        normalizations=_normalization_frame(norm),
    )


def _frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=columns)
    for col in ("printed_no", "subsection_no", "declared_count"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


def _normalization_frame(records: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=schema.NORMALIZATIONS[:-1])
    counted = frame.groupby(schema.NORMALIZATIONS[:-1], sort=True).size().rename("count").reset_index()
    return counted[schema.NORMALIZATIONS]
