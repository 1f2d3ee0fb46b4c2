"""The labels Word draws before automatically numbered paragraphs of a Word 97-2003 document (.doc), which its text
does not hold: the list definitions (PlfLst: each list's levels, LVL) and the list instances paragraphs name
(PlfLfo: a list with levels redefined or restarted), read from the table stream, then counted by the .docx reader's
rules (`word_numbering.labels_in_order`). A paragraph names its instance and level by sprmPIlfo and sprmPIlvl;
numbering a paragraph style gives is not read.
"""

from __future__ import annotations

import struct

from analysis.ingest.word_numbering import Level, ListUse, labels_in_order

LIST_INSTANCE, LIST_LEVEL = 0x460B, 0x260A  # the list (1-based, 0 none) and level a paragraph is numbered in
# Word's number formats by their code (nfc), as the .docx names them (ST_NumberFormat, in the same order)
NUMBER_FORMATS = (
    "decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "ordinal", "cardinalText", "ordinalText",
    "hex", "chicago", "ideographDigital", "japaneseCounting", "aiueo", "iroha", "decimalFullWidth",
    "decimalHalfWidth", "japaneseLegal", "japaneseDigitalTenThousand", "decimalEnclosedCircle",
    "decimalFullWidth2", "aiueoFullWidth", "irohaFullWidth", "decimalZero", "bullet", "ganada", "chosung",
    "decimalEnclosedFullstop", "decimalEnclosedParen", "decimalEnclosedCircleChinese", "ideographEnclosedCircle",
    "ideographTraditional", "ideographZodiac", "ideographZodiacTraditional", "taiwaneseCounting",
    "ideographLegalTraditional", "taiwaneseCountingThousand", "taiwaneseDigital", "chineseCounting",
    "chineseLegalSimplified", "chineseCountingThousand",
)  # fmt: skip
FOLLOWS = ("tab", "space", "nothing")  # what follows a list label (ixchFollow)
LEGAL, NO_RESTART = 0x04, 0x08  # list level flags
START_AT, FORMATTING = 0x10, 0x20  # list level override flags


def _level(table: bytes, at: int) -> tuple[Level, int]:
    """A list level (LVL) at `at`, and where the next one starts."""
    start, code, flags = struct.unpack_from("<iBB", table, at)
    positions, follow = table[at + 6 : at + 15], table[at + 15]
    at += 28 + table[at + 24] + table[at + 25]  # after its character and paragraph properties
    (count,) = struct.unpack_from("<H", table, at)
    chars = list(table[at + 2 : at + 2 + 2 * count].decode("utf-16-le", errors="replace"))
    for position in positions:  # where the levels' numbers stand in the label: level k as the character k
        if not position:
            break
        if position <= len(chars) and ord(chars[position - 1][0]) < 9:
            chars[position - 1] = f"%{ord(chars[position - 1][0]) + 1}"
    number_format = "none" if code == 255 else NUMBER_FORMATS[code] if code < len(NUMBER_FORMATS) else "decimal"
    level = Level(
        start,
        number_format,
        "".join(chars),
        FOLLOWS[follow] if follow < len(FOLLOWS) else "tab",
        0 if flags & NO_RESTART else None,
        bool(flags & LEGAL),
    )
    return level, at + 2 + 2 * count


def _lists(table: bytes, fib: dict[str, int]) -> dict[int, tuple[int, dict[int, Level], dict[int, int]]]:
    """The document's list instances (numbered from 1, as paragraphs name them) → the list each counts in, its
    levels (the list's, overridden where the instance redefines one) and the levels it restarts at a number."""
    if fib["lists_size"] < 2 or fib["instances_size"] < 4:
        return {}
    (count,) = struct.unpack_from("<h", table, fib["lists"])
    at, definitions = fib["lists"] + 2, []
    for _ in range(count):
        definitions.append((struct.unpack_from("<i", table, at)[0], 1 if table[at + 26] & 1 else 9))
        at += 28
    levels_of: dict[int, dict[int, Level]] = {}
    for list_id, levels in definitions:  # the levels follow the list definitions, in their order
        levels_of[list_id] = {}
        for k in range(levels):
            levels_of[list_id][k], at = _level(table, at)
    (count,) = struct.unpack_from("<i", table, fib["instances"])
    at = fib["instances"] + 4
    instances = []
    for _ in range(count):
        instances.append((struct.unpack_from("<i", table, at)[0], table[at + 12]))
        at += 16
    found = {}
    for number, (list_id, overrides) in enumerate(instances, start=1):
        at += 4  # a character position Word does not use
        levels, starts = dict(levels_of.get(list_id, {})), {}
        for _ in range(overrides):
            start, flags = struct.unpack_from("<iI", table, at)
            at += 8
            if flags & FORMATTING:
                levels[flags & 0x0F], at = _level(table, at)
            if flags & START_AT:
                starts[flags & 0x0F] = start
        found[number] = (list_id, levels, starts)
    return found


def list_labels(paragraphs: list, table: bytes, fib: dict[str, int]) -> None:
    """Put before each numbered paragraph (in document order: its `text` and `properties`, the sprms of its
    properties) the label Word draws, counted as the .docx reader counts."""
    lists = _lists(table, fib)
    uses = []
    for k, paragraph in enumerate(paragraphs):
        instance = paragraph.properties.get(LIST_INSTANCE, b"")
        if len(instance) == 2 and (number := struct.unpack("<h", instance)[0]) in lists:
            list_id, levels, starts = lists[number]
            level = paragraph.properties.get(LIST_LEVEL, b"\0")[0]
            if level in levels:
                uses.append((k, ListUse(list_id, number, levels, starts, level)))
    for k, label in labels_in_order(uses).items():
        paragraphs[k].text = label + paragraphs[k].text
