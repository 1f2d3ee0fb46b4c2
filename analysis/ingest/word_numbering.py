"""The labels Word draws before automatically numbered paragraphs (1. 2. …, 一、二、…, (1)), which a .docx does
not hold as text: a 序号 column filled by Word's numbering button, a chapter heading numbered by its style.

Counted as Word counts them: paragraphs in document order (table cells included), one counter per list and
level; a paragraph at one level restarts the levels below it; a list instance with a start override restarts
where it is first used. Bullets and levels without a number draw no label.
"""

from __future__ import annotations

from analysis.text.numerals import cn_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVEL_MARK = "%"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
ROMAN += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_CHINESE = 99  # chapter numerals as `cn_numeral` writes them; larger numbers are drawn in digits
MAX_START_DIGITS = 6  # a list's start beyond this is no plan's (and a long digit string no int to convert)


def _roman(n: int) -> str:
    out = ""
    for value, mark in ROMAN:
        count, n = divmod(n, value)
        out += mark * count
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: A … Z, then AA … ZZ."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _formatted(n: int, number_format: str) -> str:
    chinese = ("chineseCounting", "ideographTraditional", "taiwaneseCounting", "chineseLegal")
    if number_format.startswith(chinese) and 1 <= n <= MAX_CHINESE:
        return cn_numeral(n)
    if number_format == "decimalEnclosedCircle" and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if number_format == "decimalZero":
        return f"{n:02d}"
    if number_format == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    formats = {"upperRoman": _roman, "lowerRoman": lambda k: _roman(k).lower(), "upperLetter": _letters}
    formats["lowerLetter"] = lambda k: _letters(k).lower()
    return formats.get(number_format, str)(n)


def _number(text: str | None, digits: int) -> int | None:
    """A whole number written in ASCII digits, at most `digits` of them; None for anything else."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else None


def _start(text: str | None) -> int:
    """A list level's first number (1 where it is missing or no small whole number)."""
    found = _number(text, MAX_START_DIGITS)
    return 1 if found is None else found


def _value(element, name: str) -> str | None:
    found = None if element is None else element.find(f"{W}{name}")
    return None if found is None else found.get(f"{W}val")


def _levels(abstract) -> dict[int, tuple[int, str, str, str]]:
    """A list definition's levels: level → (start, number format, label pattern, what follows the label)."""
    levels = {}
    for level in abstract.findall(f"{W}lvl"):
        start = _value(level, "start")
        at = _number(level.get(f"{W}ilvl", "0"), 1)
        if at is None:
            continue  # Word has nine levels, 0 to 8
        levels[at] = (
            _start(start),
            _value(level, "numFmt") or "decimal",
            _value(level, "lvlText") or "",
            _value(level, "suff") or "tab",
        )
    return levels


def _style_numbering(styles) -> dict[str, tuple[str, str | None]]:
    """Paragraph styles that number their paragraphs (a heading style linked to a list): style → (list, level),
    following each style's basedOn chain."""
    own, based = {}, {}
    for style in [] if styles is None else styles.findall(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        numbering = style.find(f"{W}pPr/{W}numPr")
        if numbering is not None and _value(numbering, "numId") is not None:
            own[style_id] = (_value(numbering, "numId"), _value(numbering, "ilvl"))
        parent = _value(style, "basedOn")
        if parent:
            based[style_id] = parent
    found = {}
    for style_id in {*own, *based}:
        seen, current = set(), style_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current)
        if current in own:
            found[style_id] = own[current]
    return found


def paragraph_labels(body, numbering, styles) -> dict[object, str]:
    """Each automatically numbered paragraph of `body` (a document's w:body) → the label Word draws before it,
    with the space its suffix puts after it; `numbering` and `styles` are the document's numbering and style
    definitions (None when it has none)."""
    if numbering is None:
        return {}
    abstracts = {a.get(f"{W}abstractNumId"): _levels(a) for a in numbering.findall(f"{W}abstractNum")}
    lists, overrides = {}, {}
    for instance in numbering.findall(f"{W}num"):
        num_id = instance.get(f"{W}numId")
        lists[num_id] = _value(instance, "abstractNumId")
        starts = {}
        for override in instance.findall(f"{W}lvlOverride"):
            start, at = _value(override, "startOverride"), _number(override.get(f"{W}ilvl", "0"), 1)
            if start is not None and at is not None:
                starts[at] = _start(start)
        overrides[num_id] = starts
    by_style = _style_numbering(styles)
    counters: dict[str, dict[int, int]] = {}
    first_use: set[str] = set()
    labels = {}
    for paragraph in body.iter(f"{W}p"):
        properties = paragraph.find(f"{W}pPr")
        direct = None if properties is None else properties.find(f"{W}numPr")
        num_id, level_text = (_value(direct, "numId"), _value(direct, "ilvl")) if direct is not None else (None, None)
        if num_id is None:
            num_id, level_text = by_style.get(_value(properties, "pStyle"), (None, None))
        abstract_id = lists.get(num_id)
        levels = abstracts.get(abstract_id)
        level = _number(level_text, 1) or 0
        if not levels or level not in levels:
            continue  # not numbered (numId 0 switches numbering off)
        counts = counters.setdefault(abstract_id, {})
        if num_id not in first_use:
            first_use.add(num_id)
            for at, start in overrides.get(num_id, {}).items():
                counts[at] = start - 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        start, number_format, pattern, suffix = levels[level]
        if number_format in ("bullet", "none") or not pattern:
            continue
        label = pattern
        for k in range(8, -1, -1):  # nine levels, %9 down to %1
            if f"{LEVEL_MARK}{k + 1}" in label:
                k_start, k_format = levels.get(k, (1, "decimal", "", ""))[:2]
                label = label.replace(f"{LEVEL_MARK}{k + 1}", _formatted(counts.get(k, k_start), k_format))
        labels[paragraph] = label + ("" if suffix == "nothing" else " ")
    return labels
