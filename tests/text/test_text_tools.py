"""Text tools: Chinese numerals both ways, and the editable vocabulary."""

from __future__ import annotations

import pytest

from analysis.text.numerals import cn_number, cn_numeral
from analysis.text.vocabulary import longest_first, vocabulary


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (21, "二十一"), (99, "九十九")])
def test_chapter_numerals_both_ways(n, text):
    assert cn_numeral(n) == text
    assert cn_number(text) == n


def test_quantity_numerals():
    assert cn_number("两") == 2 and cn_number("三百零五") == 305 and cn_number("五年") is None


def test_vocabulary_lists_are_clean_words():
    for section in ("units", "targets", "table"):
        for key, words in vocabulary(section).items():
            if isinstance(words, list):
                assert all(isinstance(w, str) and w.strip() == w and w for w in words), (section, key)
                assert len(set(words)) == len(words), (section, key)
    assert vocabulary("table")["header"] == ["序号", "项目", "重点工作目标任务", "牵头领导", "责任单位"]
    assert longest_first(["个", "个百分点", "家"]) == ("个百分点", "个", "家")
    assert {"推进", "加快"} <= set(vocabulary("match")["generic_words"].split())
