"""Whether two targets measure the same indicator, read from what they count.

A shared phrase is not enough: 研发投入占地区生产总值比重 contains 地区生产总值 but measures research
spending, and 工业投资占全社会固定资产投资比重 measures industrial investment. An indicator written as
a share (X占Y比重) is X; the words of change (增长, 增速 …) are set aside; two indicators are the same
when a run of at least three characters covers half of the shorter one.
"""

from __future__ import annotations

from functools import lru_cache

from analysis.targets.extract import CHANGE_VERBS

SHARE_MARK = "占"
CHANGE_WORDS = (*CHANGE_VERBS, "增速", "增幅", "降幅", "比重", "比例")
MIN_RUN = 3


@lru_cache(maxsize=16384)
def indicator_key(indicator: str) -> str:
    """What an indicator counts: the subject of a share, without the words of change."""
    key = indicator.split(SHARE_MARK, 1)[0] if SHARE_MARK in indicator else indicator
    changed = True
    while changed:
        changed = False
        for word in CHANGE_WORDS:
            if key.endswith(word) and len(key) > len(word):
                key, changed = key[: -len(word)], True
    return key


def _longest_run(a: str, b: str) -> int:
    best, previous = 0, [0] * (len(b) + 1)
    for ch in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


@lru_cache(maxsize=65536)
def same_indicator(a: str, b: str) -> bool:
    """Whether two indicators measure the same thing (see the module doc)."""
    key_a, key_b = indicator_key(a), indicator_key(b)
    run = _longest_run(key_a, key_b)
    return run >= MIN_RUN and run >= 0.5 * min(len(key_a), len(key_b))


def only_inside_other_indicators(indicators: list[str], text: str, spans: list[tuple[str, str]]) -> bool:
    """Whether `text` names what `indicators` count only inside targets of other indicators (`spans`: each
    target's indicator and span as written): 全社会固定资产投资 in 确保工业项目投资占全社会固定资产投资稳定在30%以上
    is the base of another share, not the investment indicator itself (False when it is not named at all)."""
    others = [span for indicator, span in spans if not any(same_indicator(indicator, i) for i in indicators)]
    inside = {k for span in others for start in _starts(text, span) for k in range(start, start + len(span))}
    found = False
    for key in {indicator_key(i) for i in indicators if len(indicator_key(i)) >= MIN_RUN}:
        for start in _starts(text, key):
            if not set(range(start, start + len(key))) <= inside:
                return False
            found = True
    return found


def _starts(text: str, part: str) -> list[int]:
    starts, at = [], text.find(part)
    while at >= 0 and part:
        starts.append(at)
        at = text.find(part, at + 1)
    return starts


def different_indicators(indicators_from: list[str], indicators_to: list[str]) -> bool:
    """Two lists of indicators of which no pair is the same (False when either list is empty)."""
    return (
        bool(indicators_from)
        and bool(indicators_to)
        and not any(same_indicator(a, b) for a in indicators_from for b in indicators_to)
    )
