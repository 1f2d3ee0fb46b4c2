"""Chinese numerals both ways, and short chapter labels; shared by parsing, tables and charts."""

from __future__ import annotations

import re

CN_NUMERALS = "一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """Chinese numeral for chapter numbers 1–99 (三, 十, 十二, 二十一)."""
    tens, ones = divmod(int(n), 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "") or "零"


def chapter_label(chapter_no: int, title: str, max_chars: int = 10) -> str:
    """Axis label for a chapter: `三、打造产业创新集群`, its number and first clause, shortened.

    The year-prefixed headline chapter (`2023年全区经济社会发展主要预期目标`) becomes `主要预期目标`.
    """
    clause = re.split(r"[，,、；;]", str(title))[0]
    clause = re.sub(r"^\d{4}年(全区)?(经济社会发展)?", "", clause)
    if len(clause) > max_chars:
        clause = clause[: max_chars - 1] + "…"
    return f"{cn_numeral(chapter_no)}、{clause}"


def cn_number(s: str) -> float | None:
    """Value of a small Chinese numeral (一 … 九千九百九十九); None when it is not one."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    powers = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, None
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch in powers:
            total += (1 if current is None else current) * powers[ch]
            current = None
        else:
            return None
    return float(total + (current or 0))


# Short topic of a chapter, by the first keyword its title contains; stable across years,
# so a chapter renumbered or reworded next year keeps its topic. Order matters.
CHAPTER_TOPICS = [
    ("预期目标", "主要目标"),
    ("示范区", "示范区建设"),
    ("产业创新", "产业创新"),
    ("有效需求", "扩大需求"),
    ("城乡融合", "城乡融合"),
    ("乡村振兴", "乡村振兴"),
    ("江南文化", "江南文化"),
    ("生态人文", "生态人文"),
    ("生态", "生态环境"),
    ("民生", "民生福祉"),
    ("群众生活", "民生福祉"),
    ("风险", "防范风险"),
    ("安全", "安全稳定"),
    ("政府自身建设", "政府建设"),
]
TOPIC_MAX_CHARS = 6


def chapter_topic(title: str) -> str:
    """A few-character topic for a chapter title (keyword table, else its shortened first clause)."""
    for keyword, topic in CHAPTER_TOPICS:
        if keyword in title:
            return topic
    clause = re.split(r"[，,；;]", re.sub(r"^\d{4}年(全区)?", "", title))[0]
    if len(clause) > TOPIC_MAX_CHARS:  # drop the leading verb (打造, 推进, 加强 …)
        clause = clause[2:]
    return clause[:TOPIC_MAX_CHARS]


def chapter_topic_label(chapter_no: int, title: str) -> str:
    """Axis label by topic, such as `三、产业创新`, for charts that compare chapters across years."""
    return f"{cn_numeral(chapter_no)}、{chapter_topic(title)}"
