"""Units: the district's own name comes from the documents, so bare departments get 区 and owned names do not."""

from __future__ import annotations

import pandas as pd

from analysis import load_plan
from analysis.ingest import read_plan
from analysis.tidy.units import UnitRules, normalize_units, owner_names
from tests.conftest import SEEDS


def test_district_from_the_signature_or_from_unit_names():
    signed = read_plan(SEEDS / "2022.txt")  # 苏州市吴江区人民政府
    assert (signed.district, signed.city) == ("吴江", "苏州")
    unsigned = read_plan(SEEDS / "2023.txt")  # no signature: 吴江税务局, 吴江海关, 吴江开发区 …
    assert unsigned.district is None
    assert owner_names([], (row.units_text for row in unsigned.rows)) == ("吴江",)
    assert owner_names([], ["★区财政局、松江税务局", "松江海关、松江开发区", "★汾湖高新区"]) == ("松江",)
    assert owner_names([], ["★区财政局、汾湖高新区"]) == ()  # no name shared by three units


def test_one_plan_alone_reads_units_as_the_whole_folder_does(plans):
    alone = load_plan(SEEDS / "2023.txt").item_units
    together = plans.item_units[plans.item_units["year"] == 2023].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, together)


def test_district_prefix_only_for_bare_departments():
    rules = UnitRules({}, {}, ("松江",))
    entries = normalize_units("★区发改委、统计局、松江税务局、市场监管局、各区镇、松江开发区", rules)
    assert [e.unit for e in entries] == ["区发改委", "区统计局", "松江税务局", "区市场监管局", "各区镇", "松江开发区"]
    assert [e.kind for e in entries] == [
        "department",
        "department",
        "department",
        "department",
        "collective",
        "town_park",
    ]
    assert [e.rules for e in entries][1] == ["district_prefix"]
