"""The labels Word draws before automatically numbered paragraphs (1. 2. …, 一、二、…, (1)), which a .docx does
not hold as text: a 序号 column filled by Word's numbering button, a chapter heading numbered by its style.

Counted as Word counts them: paragraphs in document order (table cells included), one counter per list and
level; a paragraph at one level restarts the levels below it (unless a level is set never to restart, or only
after a higher one); a list instance with a start override restarts where it is first used. Bullets and levels
without a number draw no label.
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.text.numerals import cn_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
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


class Level(NamedTuple):
    """One level of a list as Word draws it."""

    start: int
    number_format: str
    pattern: str  # the label with %1 … %9 standing for the levels' numbers
    suffix: str  # what follows the label: tab, space or nothing
    restart: int | None  # lvlRestart: restart after a use of levels above this one (0 never); None: after any above
    legal: bool  # isLgl: every level's number drawn in digits


def _level(element) -> tuple[int | None, Level]:
    restart = _value(element, "lvlRestart")
    legal = element.find(f"{W}isLgl")
    return _number(element.get(f"{W}ilvl", "0"), 1), Level(
        _start(_value(element, "start")),
        _value(element, "numFmt") or "decimal",
        _value(element, "lvlText") or "",
        _value(element, "suff") or "tab",
        None if restart is None else _number(restart, 1),
        legal is not None and legal.get(f"{W}val") not in ("0", "false"),
    )


def _levels(element) -> dict[int, Level]:
    """The levels an element defines (a list, or a list instance overriding them); Word has nine, 0 to 8."""
    found = dict(_level(level) for level in element.iter(f"{W}lvl"))
    found.pop(None, None)
    return found


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
    found: dict[str, tuple[str, str | None] | None] = dict(own)
    for style_id in based:
        path, on_path, current = [], set(), style_id
        while current is not None and current not in found and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = based.get(current)
        numbering = found.get(current)  # None past the chain's end or round a loop of basedOn
        found.update(dict.fromkeys(path, numbering))  # each style walked once: long chains stay linear
    return {style_id: numbering for style_id, numbering in found.items() if numbering is not None}


def _restarts(level: Level, used: int) -> bool:
    """Whether a paragraph at level `used` restarts the count of a level below it."""
    return level.restart is None or (level.restart > 0 and used <= level.restart - 1)


def _label(levels: dict[int, Level], counts: dict[int, int], at: int) -> str:
    level = levels[at]
    label = level.pattern
    for k in range(8, -1, -1):  # nine levels, %9 down to %1
        mark = f"{LEVEL_MARK}{k + 1}"
        if mark in label:
            shown = levels.get(k, Level(1, "decimal", "", "", None, False))
            number_format = "decimal" if level.legal else shown.number_format
            label = label.replace(mark, _formatted(counts.get(k, shown.start), number_format))
    return label + ("" if level.suffix == "nothing" else " ")


def paragraph_labels(body, numbering, styles) -> dict[object, str]:
    """Each automatically numbered paragraph of `body` (a document's w:body) → the label Word draws before it,
    with the space its suffix puts after it; `numbering` and `styles` are the document's numbering and style
    definitions (None when it has none). A list defined through a list style (numStyleLink) takes that style's
    levels; a list instance may redefine levels (lvlOverride) or where they start (startOverride). Paragraphs in
    the copy of a text box kept for old Word versions (mc:Fallback) are not counted."""
    if numbering is None:
        return {}
    by_style = _style_numbering(styles)
    abstracts = {a.get(f"{W}abstractNumId"): a for a in numbering.findall(f"{W}abstractNum")}
    instances = {n.get(f"{W}numId"): n for n in numbering.findall(f"{W}num")}

    resolved: dict[str | None, tuple[str | None, dict[int, Level]]] = {}

    def definition(num_id: str | None) -> tuple[str | None, dict[int, Level]]:
        """The list a list instance counts in and its levels, following list styles' links (a loop of links
        defines nothing); each instance is resolved once, so long chains of links stay linear."""
        path, on_path, result = [], set(), (None, {})
        while num_id not in resolved and num_id not in on_path:
            path.append(num_id)
            on_path.add(num_id)
            abstract_id = _value(instances.get(num_id), "abstractNumId")
            abstract = abstracts.get(abstract_id)
            link = None if abstract is None else _value(abstract, "numStyleLink")
            if abstract is None or not link:
                result = (abstract_id, _levels(abstract)) if abstract is not None else (None, {})
                break
            num_id = by_style.get(link, (None, None))[0]
        else:
            result = resolved.get(num_id, (None, {}))
        resolved.update(dict.fromkeys(path, result))
        return result

    lists = {}
    for num_id, instance in instances.items():
        abstract_id, levels = definition(num_id)
        starts = {}
        for override in instance.findall(f"{W}lvlOverride"):
            at = _number(override.get(f"{W}ilvl", "0"), 1)
            levels = {**levels, **_levels(override)}
            if at is not None and _value(override, "startOverride") is not None:
                starts[at] = _start(_value(override, "startOverride"))
        lists[num_id] = (abstract_id, levels, starts)
    fallback = {p for copy in body.iter(f"{MC}Fallback") for p in copy.iter(f"{W}p")}
    uses = []
    for paragraph in body.iter(f"{W}p"):
        properties = paragraph.find(f"{W}pPr")
        direct = None if properties is None else properties.find(f"{W}numPr")
        num_id, level_text = (_value(direct, "numId"), _value(direct, "ilvl")) if direct is not None else (None, None)
        if num_id is None:
            num_id, level_text = by_style.get(_value(properties, "pStyle"), (None, None))
        abstract_id, levels, starts = lists.get(num_id, (None, {}, {}))
        level = _number(level_text, 1) or 0
        if level in levels and paragraph not in fallback:  # else not numbered (numId 0 switches numbering off)
            uses.append((paragraph, ListUse(abstract_id, num_id, levels, starts, level)))
    return labels_in_order(uses)


class ListUse(NamedTuple):
    """A numbered paragraph's place in a list: the list it counts in, the list instance it names (whose start
    overrides apply where the instance is first used), the levels as that instance defines them, and its level."""

    list_id: object
    instance_id: object
    levels: dict[int, Level]
    starts: dict[int, int]
    level: int


def labels_in_order(uses: list[tuple[object, ListUse]]) -> dict[object, str]:
    """Each numbered paragraph (in document order) → the label Word draws before it: one counter per list and
    level; a paragraph at one level restarts the levels below it (unless a level is set never to restart, or only
    after a higher one)."""
    counters: dict[object, dict[int, int]] = {}
    first_use: set[object] = set()
    labels = {}
    for paragraph, (list_id, instance_id, levels, starts, level) in uses:
        counts = counters.setdefault(list_id, {})
        if instance_id not in first_use:
            first_use.add(instance_id)
            for at, start in starts.items():
                counts[at] = start - 1
        for deeper in [k for k in counts if k > level and _restarts(levels.get(k, levels[level]), level)]:
            del counts[deeper]
        counts[level] = counts.get(level, levels[level].start - 1) + 1
        if levels[level].number_format not in ("bullet", "none") and levels[level].pattern:
            labels[paragraph] = _label(levels, counts, level)
    return labels
