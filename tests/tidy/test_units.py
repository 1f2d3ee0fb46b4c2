"""Units: the district's own name comes from the documents, so bare departments get 区 and owned names do not."""

from __future__ import annotations

import pandas as pd

from analysis import load_plan, load_plans
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


def _renamed_2024(folder):
    """2022, 2023 and a 2024 that writes the tax bureau bare (税务局) and renames the culture bureau."""
    from tests.conftest import write_three_years

    write_three_years(folder)
    text = (folder / "2024.txt").read_text(encoding="utf-8")
    assert "吴江税务局" in text and "文体广电和旅游局" in text
    text = text.replace("吴江税务局", "税务局").replace("文体广电和旅游局", "文化广电和旅游局")
    (folder / "2024.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_body_written_bare_next_year_keeps_its_name(tmp_path):
    plans = load_plans(_renamed_2024(tmp_path / "seeds"))
    units = plans.item_units
    assert "区税务局" not in set(units["unit"])
    assert set(units.loc[units["unit"] == "吴江税务局", "year"]) == {2022, 2023, 2024}
    norm = plans.normalizations
    renamed = norm[(norm["rule"] == "district_name") & (norm["year"] == 2024)]
    assert renamed[["raw", "normalized"]].drop_duplicates().values.tolist() == [["税务局", "吴江税务局"]]


def test_a_renamed_body_is_suggested_not_merged_and_the_alias_table_accepts_it(tmp_path):
    seeds = _renamed_2024(tmp_path / "seeds")
    plans = load_plans(seeds)
    suggestions = plans.alias_suggestions
    row = suggestions[suggestions["new_name"] == "区文化广电和旅游局"]
    assert row[["year", "field", "old_name", "reason"]].values.tolist() == [
        [2024, "unit", "区文体广电和旅游局", "one_char"]
    ]
    assert "区文化广电和旅游局" in set(plans.item_units["unit"])  # not merged by itself
    assert not suggestions["old_name"].eq("区工信局").any()  # different bodies are never proposed as one
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,canonical,kind\n区文化广电和旅游局,区文体广电和旅游局,\n", encoding="utf-8")
    accepted = load_plans(seeds, aliases)
    assert "区文化广电和旅游局" not in set(accepted.item_units["unit"])
    assert accepted.alias_suggestions["new_name"].ne("区文化广电和旅游局").all()
