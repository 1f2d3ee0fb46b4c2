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


def test_changes_read_with_their_sign():
    """较上一年变化 as a reader writes a change: +12 (钱宇: 30 items in 2022, 42 in 2023), -2, 0, blank in the first
    year; the other decimals without a sign."""
    from analysis.present.tables import table_html

    frame = pd.DataFrame(
        {
            "year": [2022, 2023, 2023, 2023],
            "name": ["钱宇"] * 4,
            "count": [30.0, 42.0, 24.0, 7.0],
            "change": [float("nan"), 12.0, -2.0, 0.0],
        }
    )
    import re

    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table_html(frame, "leader_workload"))
    assert cells[:8] == ["2022", "钱宇", "30", "", "2023", "钱宇", "42", "+12"]
    assert cells[11] == "-2" and cells[15] == "0"


def test_a_tables_title_stands_above_it_as_text():
    """The title is drawn above the table, beside its search box (not between the header and the first row), as
    text: written into the page's script, a title holding </script> would end it, so its < is a full-width ＜."""
    from analysis.present.tables import CAPTION_CLASS, table_html

    page = table_html(pd.DataFrame({"item_id": ["2022-001"]}), "items", "钱宇</script><img src=x onerror=alert(1)>")
    assert CAPTION_CLASS in page and "\\uff1c/script>\\uff1cimg" in page  # ＜ as the script's JSON writes it
    assert "<img" not in page and page.count("</script>") == page.count("<script")
