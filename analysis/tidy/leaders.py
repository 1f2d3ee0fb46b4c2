"""Leader names from a 牵头领导 cell: padding removed, several names split."""

from __future__ import annotations

import re

PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
NAME_SEPARATORS = re.compile(r"[、，,；;]")  # 季恒义、吉伟: two names, as on two lines


def split_leaders(lines: list[str]) -> list[str]:
    """Leader names from a cell: `钱  宇`, `陈建忠   吉  伟`, `季恒义、吉伟`, names on separate lines.

    Names are padded to a common width, so a single character followed by a
    single character is one two-character name split by padding.
    """
    names: list[str] = []
    for part in (part for line in lines for part in NAME_SEPARATORS.split(line)):
        tokens = part.split()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if len(token) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
                token += tokens[i + 1]
                i += 1
            names.append(token)
            i += 1
    return list(dict.fromkeys(names))


def is_person_name(name: str) -> bool:
    """Whether a name looks like a Chinese personal name: two to four Chinese characters."""
    return bool(PERSON_NAME.match(name))


def is_padded(line: str) -> bool:
    """A cell line whose names carry padding or several names (reported as a `name_spacing` normalization)."""
    spaced = len(line.split()) > 1 or (bool(line.strip()) and line.strip() != "".join(line.split()))
    return spaced or bool(NAME_SEPARATORS.search(line))
