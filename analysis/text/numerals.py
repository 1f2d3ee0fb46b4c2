"""Chinese numerals both ways: chapter numbers (三、) and quantities written in characters (两家)."""

from __future__ import annotations

CN_NUMERALS = "一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """Chinese numeral for chapter numbers 1–99 (三, 十, 十二, 二十一)."""
    tens, ones = divmod(int(n), 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "") or "零"


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
