"""Display names: a table as a reader sees it, with Chinese headers and values; the codes stay for programs."""

from __future__ import annotations

import pandas as pd

from analysis.present.names import display_frame, qualifier_words


def test_display_frame_translates_headers_codes_and_booleans():
    frame = pd.DataFrame(
        {
            "item_id": ["2023-001"],
            "status": ["related-only"],
            "inherited": [True],
            "qualifiers": ["at_least:以上"],
            "change_2022_2023": ["上调"],
        }
    )
    shown = display_frame(frame, "item_status")
    assert list(shown.columns) == ["事项编号", "状态", "沿用上一行领导", "限定词", "2022→2023年变化"]
    assert shown.iloc[0].tolist() == ["2023-001", "仅部分相关", "是", "以上", "上调"]
    assert frame["status"].iloc[0] == "related-only"  # the table itself keeps its codes


def test_table_specific_names_win():
    units = display_frame(pd.DataFrame({"name": ["区发改委"], "count": [3]}), "unit_workload")
    assert list(units.columns) == ["单位", "事项数"]
    assert list(display_frame(pd.DataFrame({"unit": ["%"]}), "targets").columns) == ["计量单位"]


def test_qualifiers_as_written():
    assert qualifier_words("around:左右") == "左右"
    assert qualifier_words("point:力争+达到") == "力争、达到"
    assert qualifier_words("point:") == "定值"
