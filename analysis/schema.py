"""Column names of every tidy table, in one place.

Every module builds its frames with these lists, and the writer checks them,
so a renamed column cannot silently drift between code, notebooks and tests.
"""

from __future__ import annotations

DOCUMENTS = [
    "year",
    "source",
    "title",
    "declared_count",
    "parsed_count",
    "data_providers",
]
ITEMS = [
    "item_id",
    "year",
    "seq",
    "printed_no",
    "chapter_no",
    "chapter_title",
    "subsection_no",
    "subsection_title",
    "text",
    "leaders",
    "lead_units",
    "units",
    "line",
]
ITEM_LEADERS = ["item_id", "year", "leader", "inherited"]
ITEM_UNITS = ["item_id", "year", "unit", "unit_raw", "is_lead", "kind", "role"]
NORMALIZATIONS = ["year", "field", "raw", "normalized", "rule", "count"]

UNIT_KINDS = ("department", "town_park", "company", "collective", "other")
UNIT_ROLES = ("lead", "participant", "data_provider")

# Analyses (issues: matching, targets, workload)
MATCHES = ["year_from", "item_from", "year_to", "item_to", "score", "label", "shared_terms", "redline"]
ITEM_STATUS = ["item_id", "year", "against_year", "status"]
LINEAGES = ["lineage_id", "year", "item_id", "text"]
TARGETS = [
    "item_id",
    "year",
    "indicator",
    "value",
    "value_high",
    "unit",
    "scaled_value",
    "base_unit",
    "qualifiers",
    "is_stretch",
    "horizon",
    "kind",
    "span",
]
TARGET_CHANGES = [
    "indicator",
    "year_from",
    "item_from",
    "value_from",
    "unit_from",
    "qualifiers_from",
    "year_to",
    "item_to",
    "value_to",
    "unit_to",
    "qualifiers_to",
    "direction",
]
LEADER_WORKLOAD = ["year", "name", "kind", "role", "count", "weighted", "share", "change"]
UNIT_WORKLOAD = ["year", "name", "kind", "role", "count", "weighted", "share", "change"]
LEADER_CHAPTERS = [
    "year",
    "leader",
    "chapter_no",
    "chapter_title",
    "topic",
    "chapter_label",
    "count",
    "weighted",
    "inherited",
]
LEADER_CHANGES = ["year_from", "year_to", "leader", "change", "topic", "count_from", "count_to", "topic_in_both"]
CO_LEADERSHIP = ["year", "leader_a", "leader_b", "count", "inherited"]
LEADER_LEAD_UNITS = ["year", "leader", "unit", "kind", "count"]
