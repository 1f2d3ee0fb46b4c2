"""Every table the pipeline writes, declared once: name, stage, inputs, key, typed columns, description.

The pipeline runs the stages in the order their inputs allow; `make_frame` builds a table with its
declared columns and types (no dtype fixes elsewhere); the table store validates every table against
its declaration before anything is written; the README's table list and `data/README.md` are checked
against it by a test. Chinese display names come from `resources/display_names.csv` (see
`analysis.present.names`), which a test keeps complete for every column declared here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the declarations are read where pandas is not loaded (deciding what is current)
    import pandas as pd

# Declared column types and the pandas dtype each becomes. `object` holds True / False / None.
DTYPES = {"int": "int64", "Int": "Int64", "float": "float64", "str": "str", "bool": "bool", "object": "object"}


@dataclass(frozen=True)
class Column:
    """One column: its code name, declared type and what it holds."""

    name: str
    dtype: str
    description: str


@dataclass(frozen=True)
class Table:
    """One table: who makes it from what, its key, and its columns.

    `year_columns` are repeated once per year present (`2022`, `2023`) or per consecutive pair of
    years (`change_2022_2023`); they follow the fixed columns.
    """

    name: str
    stage: str
    inputs: tuple[str, ...]
    key: tuple[str, ...]
    description: str
    columns: tuple[Column, ...]
    year_columns: tuple[Column, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def dtype_of(self, column: str) -> str:
        """Declared type of a column (year columns matched by their pattern)."""
        for c in self.columns:
            if c.name == column:
                return c.dtype
        for c in self.year_columns:
            if re.fullmatch(_year_pattern(c.name), column):
                return c.dtype
        raise KeyError(f"{self.name} has no column {column}")


def _year_pattern(name: str) -> str:
    return re.escape(name).replace(r"\{year\}", r"\d{4}").replace(r"\{pair\}", r"\d{4}_\d{4}")


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


YEAR = ("year", "int", "plan year, read from the document's title")
ITEM = ("item_id", "str", "task id: YEAR-SEQ, SEQ counting the plan's task rows in order")
PAIR_YEARS = (("year_from", "int", "earlier year of the pair"), ("year_to", "int", "later year of the pair"))


def pair_rows(frame: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """The rows of a table with PAIR_YEARS columns that compare these two years."""
    return frame[(frame["year_from"] == year_from) & (frame["year_to"] == year_to)]


EVIDENCE = (
    "evidence",
    "str",
    "the clauses that carry on (read most alike), as written: earlier clause ↔ later clause, up to three pairs joined by ；",
)
WORKLOAD_COLUMNS = _cols(
    YEAR,
    ("name", "str", "leader or unit"),
    ("kind", "str", "leader; or the unit's kind (department, town_park, company, collective, other)"),
    (
        "role",
        "str",
        "leaders: lead, written, inherited (lead = written + inherited); units: lead, participant, all (= lead +"
        " participant), data_provider: rows nest, so sum within one role only",
    ),
    ("count", "int", "items, each counted once per name"),
    ("weighted", "float", "items, one shared by k names counting 1/k"),
    ("share", "float", "count / items in that year's plan"),
    ("change", "float", "count minus the previous plan year's count (empty in the first year)"),
)

TABLES: tuple[Table, ...] = (
    Table(
        "documents",
        "tidy",
        (),
        ("year",),
        "one row per plan file: year, title, declared and parsed item counts, data-provider units",
        _cols(
            YEAR,
            ("source", "str", "file name in the seeds folder"),
            ("format", "str", "how the file was read: text (one cell per line), copied_text, html, docx or xlsx"),
            ("title", "str", "the plan's title as printed"),
            ("declared_count", "Int", "items the document says it has (共N项)"),
            ("parsed_count", "int", "items read"),
            ("data_providers", "str", "units the footnote names as mainly providing data, joined by 、"),
        ),
    ),
    Table(
        "items",
        "tidy",
        (),
        ("item_id",),
        "one row per task: number, chapter, subsection (项目, titles made whole), text, leaders, units",
        _cols(
            ITEM,
            YEAR,
            ("seq", "int", "position among the year's task rows"),
            ("printed_no", "Int", "number printed before the text (1.), if any"),
            ("chapter_no", "int", "chapter number (一、 = 1)"),
            ("chapter_title", "str", "chapter title"),
            ("subsection_no", "Int", "number of the subsection (序号 column), if any"),
            ("subsection_title", "str", "subsection title (项目 column), joined from its merged-cell fragments"),
            ("text", "str", "the task (重点工作目标任务), printed number removed"),
            ("leaders", "str", "lead leaders, joined by 、"),
            ("lead_units", "str", "★ lead units, joined by 、"),
            ("units", "str", "all responsible units, joined by 、"),
            ("line", "int", "line of the task text in the source file"),
        ),
    ),
    Table(
        "item_leaders",
        "tidy",
        (),
        ("item_id", "leader"),
        "one row per (task, leader); inherited marks leaders carried down from the row above (merged cells)",
        _cols(
            ITEM,
            YEAR,
            ("leader", "str", "leader's name, padding removed"),
            ("inherited", "bool", "the cell was empty: the leader of the row above carries down"),
        ),
    ),
    Table(
        "item_units",
        "tidy",
        (),
        ("item_id", "unit", "role"),
        "one row per (task, unit): canonical name, name as written, ★ lead mark, kind and role",
        _cols(
            ITEM,
            YEAR,
            ("unit", "str", "canonical name (district prefix carried, aliases applied)"),
            ("unit_raw", "str", "name as written"),
            ("is_lead", "bool", "marked ★ (lead unit)"),
            ("kind", "str", "department, town_park, company, collective or other"),
            ("role", "str", "lead (★), participant, or data_provider (named by the footnote)"),
        ),
    ),
    Table(
        "normalizations",
        "tidy",
        (),
        ("year", "field", "raw", "normalized", "rule"),
        "what was normalized: padded names, the 区 prefix, aliases applied",
        _cols(
            YEAR,
            ("field", "str", "leader or unit"),
            ("raw", "str", "as written"),
            ("normalized", "str", "as used in the tables"),
            ("rule", "str", "name_spacing, district_prefix or alias"),
            ("count", "int", "times applied in that year"),
        ),
    ),
    Table(
        "reading_notes",
        "tidy",
        (),
        ("year", "seq"),
        "what reading found worth saying without stopping: counts differing from the declared one, a file cut short,"
        " item numbers left out or out of order, leader cells empty or holding no name",
        _cols(
            YEAR,
            ("seq", "int", "the note's place among the year's notes"),
            ("source", "str", "file name"),
            ("line", "Int", "line (table row for Word, Excel and web pages) it is about; empty for the whole file"),
            ("item_id", "str", "the item it is about, if one (its place in the plan, as in items)"),
            (
                "kind",
                "str",
                "count_mismatch, truncated, number_missing, number_out_of_order, no_leader, not_a_name, hidden_rows or "
                "chapters_missing",
            ),
            ("note", "str", "what it says, in Chinese"),
        ),
    ),
    Table(
        "match_decisions",
        "decisions",
        (),
        ("item_from", "item_to"),
        "the analyst's matching decisions, as read from the decisions file (applied over the model)",
        _cols(
            ("item_from", "str", "earlier year's item"),
            ("item_to", "str", "later year's item"),
            ("decision", "str", "continued, related or unrelated"),
            ("note", "str", "the analyst's note"),
            ("text_from", "str", "earlier item's text when decided (checked against the plan), if recorded"),
            ("text_to", "str", "later item's text when decided, if recorded"),
            ("source", "str", "the decisions file"),
            ("line", "int", "its line in the file"),
        ),
    ),
    Table(
        "alias_suggestions",
        "tidy",
        (),
        ("year", "field", "new_name", "old_name"),
        "names that may be one body or leader written differently in two consecutive years, to review",
        _cols(
            ("year", "int", "the later year, where the new name appears"),
            ("field", "str", "unit or leader"),
            ("new_name", "str", "the name found only in the later year"),
            ("old_name", "str", "the name found only in the year before"),
            ("similarity", "float", "how alike the two names read (0-1)"),
            (
                "reason",
                "str",
                "contains (words added), one_char (one character differs), abbreviation (one is the other's short form) or similar",
            ),
        ),
    ),
    Table(
        "targets",
        "targets",
        ("items",),
        ("item_id", "indicator", "span"),
        "quantitative targets: indicator, value, unit, scaled value, qualifiers, stretch, horizon, kind, source span",
        _cols(
            ITEM,
            YEAR,
            ("indicator", "str", "what is counted or measured"),
            ("value", "float", "the number (low end of a range)"),
            ("value_high", "float", "high end of a range"),
            ("unit", "str", "unit as written (亿元, %, 家)"),
            ("scaled_value", "float", "value in the base unit (万/亿 multiplied out)"),
            ("base_unit", "str", "unit without magnitude"),
            ("qualifiers", "str", "modifier:words, e.g. around:左右, at_least:超过, point:"),
            ("is_stretch", "bool", "a stretch value (力争) beside a base target"),
            ("horizon", "str", "this_year, or the horizon written (到2025年)"),
            ("kind", "str", "numeric, deadline or qualitative"),
            ("span", "str", "the exact words of the item stating the target"),
        ),
    ),
    Table(
        "matches",
        "match",
        ("items", "targets"),
        ("item_from", "item_to"),
        "(earlier item, later item) pairs of consecutive years, continued or related, with their evidence",
        _cols(
            PAIR_YEARS[0],
            ("item_from", "str", "earlier year's item"),
            PAIR_YEARS[1],
            ("item_to", "str", "later year's item"),
            ("score", "float", "the model's probability that the pair is continued"),
            ("p_related", "float", "the model's probability that the pair is linked at all (continued or related)"),
            ("label", "str", "continued or related"),
            ("shared_terms", "str", "key terms both texts contain, joined by 、"),
            EVIDENCE,
            ("redline", "str", "wording change as [-removed-]{+added+}, then the numbers that changed"),
            ("decided_by", "str", "model, or analyst (a row of the decisions file)"),
        ),
    ),
    Table(
        "review_queue",
        "match",
        ("items", "targets", "match_decisions"),
        ("item_from", "item_to"),
        "pairs that can change the conclusions (links near a threshold, new and dropped items' closest candidates), the ones whose decision changes the most items' status first, an item's candidates together",
        _cols(
            PAIR_YEARS[0],
            ("item_from", "str", "earlier year's item"),
            PAIR_YEARS[1],
            ("item_to", "str", "later year's item"),
            (
                "question",
                "str",
                "continued_or_related, or link_or_none (is there a link at all?); the workbook's sheet adds the"
                " decisions already made as decided, so the sheet saved as the decisions file keeps them",
            ),
            (
                "asked_for",
                "str",
                "the new or dropped item whose closest candidates this pair is one of (empty for a link near a threshold)",
            ),
            ("model_label", "str", "what the model says: continued, related or none"),
            ("score", "float", "the model's probability that the pair is continued"),
            ("p_related", "float", "the model's probability that the pair is continued or related"),
            ("impact", "int", "how many items' status (new, dropped, continued, related-only) the decision can change"),
            ("decision", "str", "empty: continued, related or unrelated, filled in by the analyst"),
            ("note", "str", "empty: the analyst's note"),
            ("text_from", "str", "earlier item's text"),
            ("text_to", "str", "later item's text"),
            ("shared_terms", "str", "key terms both texts contain"),
            EVIDENCE,
        ),
    ),
    Table(
        "item_status",
        "match",
        ("items", "matches"),
        ("item_id", "against_year"),
        "every item against each neighbouring year: continued, related-only, new or dropped",
        _cols(
            ITEM,
            YEAR,
            ("against_year", "int", "the neighbouring year compared with"),
            ("status", "str", "continued, related-only, new (later year) or dropped (earlier year)"),
            (
                "closest_item",
                "str",
                "the neighbouring year's item the model finds likeliest to be linked (for checking new and dropped items); empty without candidates",
            ),
            ("closest_p_related", "float", "the model's probability that the item and its closest item are linked"),
            (
                "p_unlinked",
                "float",
                "the model's probability that no item of the neighbouring year is linked to it (0 once the analyst linked one); summed, the expected count of new or dropped items",
            ),
        ),
    ),
    Table(
        "lineages",
        "match",
        ("items", "matches"),
        ("lineage_id", "item_id"),
        "a task followed from its first year to its last (chains of mutual best continued partners)",
        _cols(
            ("lineage_id", "str", "L + the lineage's first item"),
            YEAR,
            ITEM,
            ("text", "str", "the item's text that year"),
        ),
    ),
    Table(
        "target_changes",
        "target_changes",
        ("items", "item_units", "matches", "targets"),
        (),
        "each indicator across consecutive years: both targets, the value's and the commitment's direction, "
        "why it cannot be compared, and a sentence",
        _cols(
            ("indicator", "str", "the indicator (later year's wording when paired)"),
            PAIR_YEARS[0],
            PAIR_YEARS[1],
            ("base_unit", "str", "unit the scaled values are in (元 for 亿元; the later year's)"),
            ("item_from", "str", "earlier year's item"),
            ("span_from", "str", "earlier target as written"),
            ("value_from", "float", "earlier value"),
            ("unit_from", "str", "earlier unit"),
            ("qualifiers_from", "str", "earlier qualifiers"),
            ("stretch_from", "float", "earlier stretch value (力争…), same unit"),
            ("scaled_from", "float", "earlier value in base_unit (万/亿 applied)"),
            ("item_to", "str", "later year's item"),
            ("span_to", "str", "later target as written"),
            ("value_to", "float", "later value"),
            ("unit_to", "str", "later unit"),
            ("qualifiers_to", "str", "later qualifiers"),
            ("stretch_to", "float", "later stretch value (力争…), same unit"),
            ("scaled_to", "float", "later value in base_unit (万/亿 applied)"),
            ("direction", "str", "value: raised, lowered, unchanged, reworded, not_comparable, only_from, only_to"),
            (
                "reason",
                "str",
                "why not comparable: form_changed, unit_changed, horizon_changed, scope_changed, "
                "population_changed, indicator_changed; empty when comparable",
            ),
            (
                "commitment",
                "str",
                "wording: firmer, looser, mixed, same, unclear (read it); empty when nothing to compare",
            ),
            (
                "summary",
                "str",
                "the change in one Chinese sentence; a target of one year only says where the other year names it"
                " (亦提及), or what a linked item says of it (对应事项…有相关目标 / 提及)",
            ),
            (
                "counterpart_item",
                "str",
                "for a target of one year only: the other year's item naming its indicator (亦提及) or, linked to its"
                " item, holding a related target or words (empty when none)",
            ),
        ),
    ),
    Table(
        "headline_targets",
        "target_changes",
        ("items", "matches", "targets"),
        (),
        "the main expected targets (主要预期目标) side by side for all years, each in its own words, with the change",
        _cols(("indicator", "str", "the indicator (latest wording)")),
        year_columns=_cols(
            ("{year}", "str", "the target as that year's plan writes it (with its stretch value)"),
            ("change_{pair}", "str", "the change between two consecutive years, in one sentence"),
        ),
    ),
    Table(
        "leader_workload",
        "workload",
        ("items", "item_leaders"),
        ("year", "name", "role"),
        "(year, leader, role): items led, 1/k-weighted count, share of the plan, change from the previous year",
        WORKLOAD_COLUMNS,
    ),
    Table(
        "unit_workload",
        "workload",
        ("items", "item_units"),
        ("year", "name", "role"),
        "(year, unit, role): items, 1/k-weighted count, share of the plan, change from the previous year",
        WORKLOAD_COLUMNS,
    ),
    Table(
        "leader_chapters",
        "workload",
        ("items", "item_leaders"),
        ("year", "leader", "chapter_no"),
        "leader × chapter item counts per year",
        _cols(
            YEAR,
            ("leader", "str", "leader"),
            ("chapter_no", "int", "chapter number"),
            ("chapter_title", "str", "chapter title"),
            ("topic", "str", "the chapter's short topic, stable across years"),
            (
                "chapter_label",
                "str",
                "short label: number and first clause of the title, as every chart names a chapter",
            ),
            ("count", "int", "items led in the chapter"),
            ("weighted", "float", "1/k-weighted items"),
            ("inherited", "int", "of which the leader was inherited from the row above"),
        ),
    ),
    Table(
        "leader_changes",
        "workload",
        ("items", "item_leaders", "matches"),
        ("year_from", "year_to", "leader", "change", "topic"),
        "leaders arriving or leaving, and chapters changing hands, between consecutive years (a chapter compared with"
        " its counterpart, where its continued items come from)",
        _cols(
            *PAIR_YEARS,
            ("leader", "str", "leader"),
            ("change", "str", "new_leader, gone_leader, topic_gained, topic_lost, topic_grew or topic_shrank"),
            (
                "topic",
                "str",
                "chapter topic, its short name (for new and gone leaders: all their topics, joined by 、)",
            ),
            ("count_from", "int", "items in the earlier year"),
            ("count_to", "int", "items in the later year"),
            (
                "topic_in_both",
                "object",
                "the chapter has a counterpart in the other year (a real handover); empty for leaders",
            ),
            (
                "moved_items",
                "str",
                "for a chapter gained or lost: the leader's items that only changed chapter and are still theirs"
                " (earlier→later item(s), 、 between an item's partners, ； between items; an item whose leader cell"
                " is blank is named after it)",
            ),
            (
                "inherited_from",
                "int",
                "of count_from, items whose leader cell was blank (carried down from the row above)",
            ),
            ("inherited_to", "int", "of count_to, items whose leader cell was blank (carried down from the row above)"),
            (
                "chapter",
                "str",
                "the chapter in the plan's words: the later year's for a topic gained, the earlier year's for one lost,"
                " earlier→later for a count that changed (once if titled alike); for a new or departed leader, the"
                " chapters they lead, joined by ；",
            ),
        ),
    ),
    Table(
        "leader_handovers",
        "workload",
        ("items", "item_leaders", "matches"),
        ("item_from", "item_to"),
        "continued tasks whose leaders changed: who left the task, who joined it",
        _cols(
            PAIR_YEARS[0],
            ("item_from", "str", "earlier year's item"),
            PAIR_YEARS[1],
            ("item_to", "str", "later year's item (continues the task)"),
            ("leaders_from", "str", "the earlier item's leaders, joined by 、"),
            ("leaders_to", "str", "the later item's leaders, joined by 、"),
            ("left", "str", "leaders of the earlier item only"),
            ("joined", "str", "leaders of the later item only"),
            (
                "through",
                "str",
                "split, merge or split_and_merge when the change comes with one: a leader who left still leads another"
                " part of the earlier item, or one who joined led another item merged into the later one; else empty",
            ),
            ("inherited_from", "bool", "the earlier item's leaders were carried down from the row above"),
            ("inherited_to", "bool", "the later item's leaders were carried down from the row above"),
            ("text_from", "str", "earlier item's text"),
            ("text_to", "str", "later item's text"),
        ),
    ),
    Table(
        "co_leadership",
        "workload",
        ("items", "item_leaders"),
        ("year", "leader_a", "leader_b"),
        "pairs of leaders sharing items, per year",
        _cols(
            YEAR,
            ("leader_a", "str", "one leader"),
            ("leader_b", "str", "the other leader"),
            ("count", "int", "items they lead together"),
            ("inherited", "int", "of which the leaders were inherited from the row above"),
        ),
    ),
    Table(
        "leader_lead_units",
        "workload",
        ("items", "item_leaders", "item_units"),
        ("year", "leader", "unit"),
        "leader × ★ lead unit: items the leader leads with the unit as a ★ lead unit",
        _cols(
            YEAR,
            ("leader", "str", "leader"),
            ("unit", "str", "★ lead unit"),
            ("kind", "str", "the unit's kind"),
            ("count", "int", "items"),
            ("clear", "int", "of which items with one leader or one ★ lead unit: the unit answers to the leader"),
        ),
    ),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The declaration of a table by name."""
    return BY_NAME[name]


def stage_tables(stage: str) -> list[Table]:
    """Tables a stage produces, in declaration order."""
    return [t for t in TABLES if t.stage == stage]


def stages() -> list[str]:
    """Stages in an order where each comes after every stage making its inputs."""
    order: list[str] = []
    for t in TABLES:
        if t.stage not in order:
            order.append(t.stage)
    made_by = {t.name: t.stage for t in TABLES}
    for t in TABLES:  # declarations are in data-flow order; this guards it
        for name in t.inputs:
            if made_by[name] != t.stage and order.index(made_by[name]) > order.index(t.stage):
                raise AssertionError(f"{t.name}: input {name} is made by a later stage")
    return order


# Each stage's own code (packages of analysis/) and the inputs it reads itself (plans, decisions): with the
# keys of the stages whose tables it reads, exactly what its tables depend on (`manifest.stage_keys`).
STAGE_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tidy": (("ingest", "tidy"), ("plans",)),
    "decisions": (("match",), ("decisions",)),
    "targets": (("targets",), ()),
    "match": (("match",), ()),
    "target_changes": (("targets",), ()),
    "workload": (("workload",), ()),
}


def stage_dependencies() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """Per stage, in running order: its code, what it reads itself, and the stages it reads tables from."""
    made_by = {t.name: t.stage for t in TABLES}
    found = {}
    for stage in stages():
        inputs = {name for t in TABLES if t.stage == stage for name in t.inputs}
        upstream = tuple(sorted({made_by[name] for name in inputs} - {stage}))
        found[stage] = (*STAGE_PARTS[stage], upstream)
    return found


def make_frame(name: str, records: Iterable[Mapping[str, object]] | Iterable[tuple]) -> pd.DataFrame:
    """A table from records (dicts, or tuples in column order), with its declared columns and types."""
    import pandas as pd

    spec = BY_NAME[name]
    frame = pd.DataFrame.from_records(list(records), columns=spec.column_names)
    return conform(name, frame)


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the declared types where pandas inferred others (empty frames, nullable integers)."""
    spec = BY_NAME[name]
    casts = {}
    for column in frame.columns:
        wanted = DTYPES[spec.dtype_of(column)]
        if wanted in ("Int64", "bool", "float64") or (len(frame) == 0 and wanted != "object"):
            casts[column] = wanted
    return frame.astype(casts) if casts else frame


def validate(name: str, frame: pd.DataFrame) -> None:
    """Raise ValueError when a table does not match its declaration: columns, types or key."""
    spec = BY_NAME.get(name)
    if spec is None:
        raise ValueError(f"{name}: not a registered table")
    fixed = spec.column_names
    columns = [str(c) for c in frame.columns]
    if columns[: len(fixed)] != fixed:
        raise ValueError(f"{name}: columns {columns[: len(fixed)]} differ from the declared {fixed}")
    for column in columns[len(fixed) :]:
        spec.dtype_of(column)  # raises for an undeclared column
    for column in columns:
        declared = DTYPES[spec.dtype_of(column)]
        if not _dtype_fits(frame[column], declared):
            raise ValueError(f"{name}.{column}: type {frame[column].dtype} where {declared} is declared")
    if spec.key and len(frame):
        if frame[list(spec.key)].isna().any().any():
            raise ValueError(f"{name}: empty value in the key {', '.join(spec.key)}")
        duplicated = frame.duplicated(list(spec.key))
        if duplicated.any():
            first = frame.loc[duplicated, list(spec.key)].iloc[0].tolist()
            raise ValueError(f"{name}: key {', '.join(spec.key)} repeats, e.g. {first}")


def _dtype_fits(values: pd.Series, declared: str) -> bool:
    from pandas.api import types

    if declared == "str":
        return types.is_string_dtype(values) or (values.dtype == object and values.dropna().map(type).eq(str).all())
    if declared == "object":
        return values.dtype == object
    if declared == "bool":
        return types.is_bool_dtype(values)
    if declared == "Int64":
        return str(values.dtype) == "Int64"
    if declared == "int64":
        return types.is_integer_dtype(values) and str(values.dtype) != "Int64"
    return types.is_float_dtype(values)
