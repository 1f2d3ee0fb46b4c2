"""Align each year's items with the previous year's: continued, related, new and dropped.

Items are renumbered, moved between chapters, split, merged and reworded, so a
pair is judged on what the two texts share rather than on position. Each later
item is compared with every earlier item, in row blocks so memory stays bounded
for large plans, through these signals:

* char 2–4-gram TF-IDF cosine (numbers masked), robust to segmentation errors;
* IDF-weighted cosine of key-term sets (jieba with the domain dictionary, generic
  policy verbs dropped, compounds also split into their parts);
* token-set Dice from rapidfuzz `cdist` (each term encoded as one character, so
  `fuzz.ratio` on sorted term strings is exactly the Dice coefficient, bit-parallel);
* the count of shared rare terms (named projects, places, programmes), and of shared
  terms no other item uses;
* the best-matching pair of clauses, by characters and by key terms: long items bundle
  several tasks, and one task carried over is enough.

A logistic model over these signals, and over how close a pair is to the best
partner of its row and column (which lets splits and merges through), gives the
score; two thresholds turn it into `continued` / `related`. Weights and
thresholds were fitted on the hand-labelled 2022→2023 fixture (see `fit_weights`).
"""

from __future__ import annotations

import difflib
import html
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize

from analysis import schema
from analysis.load import PlanTables
from analysis.segment import tokenizer

# Policy verbs, intensifiers and counters that nearly every item carries: they say nothing about the task.
GENERIC_WORDS = frozenset(
    """
    推进 加快 深化 全力 持续 推动 实施 加强 建设 完成 实现 积极 大力 提升 打造 新增 确保 力争 开展
    强化 提高 做好 落实 支持 全面 进一步 高水平 高标准 工作 发展 以及 以上 以下 左右 不少 不少于 超过
    全区 全年 重点 扎实 着力 切实 充分 坚决 主动 努力 高质量 有效 更多 更好 加大 力度 水平 体系
    机制 能力 优化 完善 创新 重要 一批 围绕 进行 不断 更加 更高 坚持 深入 全力以筹 积极探索 探索
    加快推进 大力推进 深入实施 持续推进 全面推进 扎实推进 着力推进 加快建设 争取 用好 发挥 作用 相关
    各类 各项 方面 等等 同比 增长 达到 保持 稳定 基本 上年 其中 累计 项目建设 新一轮 我们 一个 一些
    """.split()  # noqa: SIM905 - a word list reads better as one block
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A number with the unit written after it: 6%、4家、150兆瓦、5.8亿美元.
QUANTITY = re.compile(
    r"\d+(?:\.\d+)?(?:%|％|[万亿千百]?(?:元|美元|人次|人|家|个|项|座|所|条|片|套|场|户|吨|斤|亩|公里|兆瓦|件|位|头))?"
)
NOT_A_TERM = re.compile(r"[\W_#]+|\w")
MEASURED_NUMBER = re.compile(r"\d+(?:\.\d+)?(?=[%％万亿千百个家项座所条件人套元公里兆瓦亩吨头斤位场户次年月])")
# The redline markup: [-removed-] and {+added+}.
REDLINE_MARK = re.compile(r"\[-(?P<old>.*?)-\]|\{\+(?P<new>.*?)\+\}", re.DOTALL)
CONTEXT_CHARS = 8  # characters before a quantity that say what it counts
MIN_CONTEXT_SIMILARITY = 50  # rapidfuzz ratio (0–100) for two quantities to count the same thing
CLAUSE_BREAK = re.compile(r"[。；;，,、：:]")
MIN_CLAUSE_CHARS = 4

# Terms shared by at most this many items (over both years compared) name one task, not a theme.
RARE_DF = 4
BLOCK_ROWS = 512  # later-year items scored per block: a few block × earlier-items float arrays in memory
TOP_K = 12  # candidate partners kept per later item
CLAUSE_ROWS = 32  # later items whose clauses are compared at once with their candidates' clauses

FEATURES = ["char", "terms", "tokens", "row_share", "col_share", "rare", "clause", "clause_terms", "exclusive"]
# Logistic weights (same order as FEATURES) and intercept, fitted by `fit_weights` on the 2022→2023 fixture.
CONTINUED_WEIGHTS = (2.571, -0.638, 0.503, 2.205, 0.989, 0.836, 4.456, 3.45, 2.135)
CONTINUED_BIAS = -8.169
RELATED_WEIGHTS = (1.436, -0.883, -0.089, 2.426, 1.639, 1.242, 4.722, 2.005, 1.165)
RELATED_BIAS = -6.585
# On the fixture: precision 0.91, F1 0.86 at these thresholds, the same under leave-15-items-out cross-validation.
CONTINUED_THRESHOLD = 0.50  # probability of `continued` above which a pair is continued
RELATED_THRESHOLD = 0.45  # probability of `continued or related` above which a pair is at least related


@dataclass
class _Side:
    """One year's items, prepared for scoring."""

    ids: list[str]
    texts: list[str]
    terms: list[list[str]]


def mask_numbers(text: str) -> str:
    """Quantities as '#', so 4家 and 5家 read alike (the change shows in the redline instead).

    Numbers that are names (“55352”工程, 318国道, 5G) are kept: they identify the task.
    """
    return MEASURED_NUMBER.sub("#", text)


def clauses(text: str) -> list[str]:
    """An item's clauses: long items bundle several tasks, and one shared clause can carry a task over."""
    parts = [c for c in CLAUSE_BREAK.split(mask_numbers(text)) if len(c) >= MIN_CLAUSE_CHARS]
    return parts or [mask_numbers(text)]


@lru_cache(maxsize=65536)
def key_terms(text: str) -> tuple[str, ...]:
    """Distinct key terms of an item: jieba words and the parts of compounds, minus generic words."""
    cut = tokenizer().cut_for_search(mask_numbers(text))
    seen: dict[str, None] = {}
    for word in cut:
        word = word.strip()
        if len(word) >= 2 and word not in GENERIC_WORDS and not NOT_A_TERM.fullmatch(word):
            seen.setdefault(word, None)
    return tuple(seen)


def _side(items: pd.DataFrame) -> _Side:
    texts = items["text"].astype(str).tolist()
    return _Side(
        ids=items["item_id"].tolist(),
        texts=texts,
        terms=[key_terms(t) for t in texts],
    )


def _encode(terms: list[list[str]], codes: dict[str, str]) -> list[str]:
    """Each term as one character (sorted), so a character-level ratio is a term-set Dice."""
    return ["".join(sorted(codes[t] for t in ts)) for ts in terms]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pair_features(items_from: pd.DataFrame, items_to: pd.DataFrame, top_k: int = TOP_K) -> pd.DataFrame:
    """Candidate pairs (top-k earlier partners of each later item) with the signals of `FEATURES`.

    The score matrix is computed in row blocks of later items: sparse products for the
    TF-IDF signals and rapidfuzz `cdist` for the token Dice, keeping only the top-k per row.
    """
    a, b = _side(items_to), _side(items_from)
    columns = ["i", "j", "item_to", "item_from", *FEATURES, "combined"]
    if not a.ids or not b.ids:
        return pd.DataFrame(columns=columns)
    chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True, preprocessor=mask_numbers)
    chars.fit(a.texts + b.texts)
    ca, cb = chars.transform(a.texts), chars.transform(b.texts).T.tocsr()
    vocab = CountVectorizer(analyzer=lambda ts: ts, binary=True).fit(a.terms + b.terms)
    ta, tb = vocab.transform(a.terms).astype(np.float64), vocab.transform(b.terms).astype(np.float64)
    df = np.asarray(ta.sum(0)).ravel() + np.asarray(tb.sum(0)).ravel()
    idf = np.log((len(a.ids) + len(b.ids) + 1) / (df + 1)) + 1

    clause_texts_a, owner_a = _clause_texts(a.texts)
    clause_texts_b, owner_b = _clause_texts(b.texts)
    clause_a, clause_b = chars.transform(clause_texts_a), chars.transform(clause_texts_b)
    clause_terms_a = _term_rows(clause_texts_a, vocab, idf)
    clause_terms_b = _term_rows(clause_texts_b, vocab, idf)
    wa, wb = ta @ sparse.diags(idf), tb @ sparse.diags(idf)
    mass_a, mass_b = np.asarray(wa.sum(1)).ravel(), np.asarray(wb.sum(1)).ravel()
    rare_a = ta @ sparse.diags((df <= RARE_DF).astype(np.float64))
    tb_t = tb.T.tocsr()
    codes = {t: chr(0x10000 + k) for t, k in vocab.vocabulary_.items()}
    enc_a, enc_b = _encode(a.terms, codes), _encode(b.terms, codes)

    k = min(top_k, len(b.ids))
    col_max = np.zeros(len(b.ids))
    kept: list[np.ndarray] = []
    for start in range(0, len(a.ids), BLOCK_ROWS):
        rows = slice(start, min(start + BLOCK_ROWS, len(a.ids)))
        char = (ca[rows] @ cb).toarray()
        shared = (wa[rows] @ tb_t).toarray()
        terms = shared / np.sqrt(np.outer(mass_a[rows], mass_b)).clip(1e-9)
        tokens = process.cdist(enc_a[rows], enc_b, scorer=fuzz.ratio, dtype=np.uint8, workers=-1) / 100.0
        rare = (rare_a[rows] @ tb_t).toarray()
        combined = (char + terms) / 2
        col_max = np.maximum(col_max, combined.max(0))
        top = np.argpartition(-combined, k - 1, axis=1)[:, :k]
        r = np.repeat(np.arange(rows.start, rows.stop), k)
        local = np.repeat(np.arange(rows.stop - rows.start), k)
        c = top.ravel()
        row_max = combined.max(1)
        clause = _best_clause(clause_a, owner_a, clause_b, owner_b, rows, top)
        clause_terms = _best_clause(clause_terms_a, owner_a, clause_terms_b, owner_b, rows, top)
        kept.append(
            np.column_stack(
                [
                    r,
                    c,
                    char[local, c],
                    terms[local, c],
                    tokens[local, c],
                    combined[local, c] / np.repeat(row_max, k).clip(1e-9),
                    rare[local, c],
                    combined[local, c],
                    clause.ravel(),
                    clause_terms.ravel(),
                ]
            )
        )
    out = np.vstack(kept)
    frame = pd.DataFrame(
        {
            "i": out[:, 0].astype(int),
            "j": out[:, 1].astype(int),
            "char": out[:, 2],
            "terms": out[:, 3],
            "tokens": out[:, 4],
            "row_share": out[:, 5],
            "rare": np.log1p(out[:, 6]),
            "combined": out[:, 7],
            "clause": out[:, 8],
            "clause_terms": out[:, 9],
        }
    )
    frame["col_share"] = frame["combined"] / col_max[frame["j"].to_numpy()].clip(1e-9)
    frame["item_to"] = [a.ids[i] for i in frame["i"]]
    frame["item_from"] = [b.ids[j] for j in frame["j"]]
    frame = frame[frame["combined"] > 0].copy()
    exclusive = frozenset(t for t, k in vocab.vocabulary_.items() if df[k] == 2)
    frame["exclusive"] = np.log1p(
        [_exclusive_shared(a.terms[i], b.terms[j], exclusive) for i, j in zip(frame["i"], frame["j"], strict=True)]
    )
    return frame[columns].reset_index(drop=True)


def _clause_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Every item's clauses in one list, and the index of the item each belongs to (ascending)."""
    pieces = [clauses(t) for t in texts]
    owner = np.repeat(np.arange(len(texts)), [len(p) for p in pieces])
    return [c for p in pieces for c in p], owner


def _term_rows(texts: list[str], vocab: CountVectorizer, idf: np.ndarray) -> sparse.csr_matrix:
    """Key terms of each text as IDF-weighted unit rows: their dot products are term cosines."""
    rows = vocab.transform([key_terms(t) for t in texts]).astype(np.float64) @ sparse.diags(idf)
    return normalize(rows.tocsr())


def _exclusive_shared(terms_to: tuple[str, ...], terms_from: tuple[str, ...], exclusive: frozenset[str]) -> int:
    """Shared terms that no other item of either year uses: a project or place name tying the two.

    Parts of a longer shared term do not count again (沪湖蓝带 is one, not also 湖蓝 and 蓝带).
    """
    shared = set(terms_to) & set(terms_from)
    whole = [t for t in shared if not any(t != longer and t in longer for longer in shared)]
    return sum(t in exclusive for t in whole)


def _best_clause(
    clause_a: sparse.csr_matrix,
    owner_a: np.ndarray,
    clause_b: sparse.csr_matrix,
    owner_b: np.ndarray,
    rows: slice,
    top: np.ndarray,
) -> np.ndarray:
    """For each later item of the block and each of its candidates, the best cosine of any two clauses.

    Only each sub-block's own candidates are compared (sub-blocks of `CLAUSE_ROWS` items keep that
    union small), so the work grows with items × candidates, not items × items.
    """
    if rows.stop - rows.start > CLAUSE_ROWS:
        return np.vstack(
            [
                _best_clause(clause_a, owner_a, clause_b, owner_b, slice(lo, min(lo + CLAUSE_ROWS, rows.stop)), part)
                for lo, part in zip(
                    range(rows.start, rows.stop, CLAUSE_ROWS),
                    np.array_split(top, range(CLAUSE_ROWS, len(top), CLAUSE_ROWS)),
                    strict=True,
                )
            ]
        )
    candidates = np.unique(top)
    in_a = np.flatnonzero((owner_a >= rows.start) & (owner_a < rows.stop))
    in_b = np.flatnonzero(np.isin(owner_b, candidates))
    sims = (clause_a[in_a] @ clause_b[in_b].T).toarray()
    starts_b = np.flatnonzero(np.r_[True, np.diff(owner_b[in_b]) != 0])
    starts_a = np.flatnonzero(np.r_[True, np.diff(owner_a[in_a]) != 0])
    per_item = np.maximum.reduceat(np.maximum.reduceat(sims, starts_b, axis=1), starts_a, axis=0)
    return np.take_along_axis(per_item, np.searchsorted(candidates, top), axis=1)


def fit_weights(features: pd.DataFrame, labels: pd.Series) -> tuple[tuple[float, ...], float]:
    """Refit the logistic weights and intercept on labelled candidate pairs (1 = positive).

    Used to calibrate the constants above when more years are labelled; not called at run time.
    """
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10, max_iter=5000).fit(features[FEATURES].to_numpy(), labels.to_numpy())
    return tuple(round(float(w), 3) for w in model.coef_[0]), round(float(model.intercept_[0]), 3)


def score_pairs(features: pd.DataFrame) -> pd.DataFrame:
    """Add `score` (probability the pair is continued), `p_related` and `label` to candidate pairs."""
    x = features[FEATURES].to_numpy(dtype=float)
    out = features.copy()
    out["score"] = _sigmoid(x @ np.array(CONTINUED_WEIGHTS) + CONTINUED_BIAS)
    out["p_related"] = _sigmoid(x @ np.array(RELATED_WEIGHTS) + RELATED_BIAS)
    out["label"] = np.where(
        out["score"] >= CONTINUED_THRESHOLD, "continued", np.where(out["p_related"] >= RELATED_THRESHOLD, "related", "")
    )
    return out


def match_years(items_from: pd.DataFrame, items_to: pd.DataFrame) -> pd.DataFrame:
    """Pairs of a later year's items (`items_to`) with an earlier year's (`items_from`), continued or related.

    Zero, one or several partners per item on either side; each row explains itself with the
    shared key terms and a redline of the wording and numbers.
    """
    pairs = score_pairs(pair_features(items_from, items_to))
    pairs = pairs[pairs["label"] != ""]
    if pairs.empty:
        return pd.DataFrame(columns=schema.MATCHES)
    text_from = dict(zip(items_from["item_id"], items_from["text"].astype(str), strict=True))
    text_to = dict(zip(items_to["item_id"], items_to["text"].astype(str), strict=True))
    year_from = dict(zip(items_from["item_id"], items_from["year"], strict=True))
    year_to = dict(zip(items_to["item_id"], items_to["year"], strict=True))
    rows = []
    for pair in pairs.itertuples(index=False):
        a, b = text_from[pair.item_from], text_to[pair.item_to]
        rows.append(
            dict(
                year_from=int(year_from[pair.item_from]),
                item_from=pair.item_from,
                year_to=int(year_to[pair.item_to]),
                item_to=pair.item_to,
                score=round(float(pair.score), 3),
                label=pair.label,
                shared_terms=shared_terms(a, b),
                redline=redline(a, b),
            )
        )
    frame = pd.DataFrame.from_records(rows, columns=schema.MATCHES)
    return frame.sort_values(["item_to", "score"], ascending=[True, False], ignore_index=True)


def shared_terms(text_from: str, text_to: str) -> str:
    """Key terms both texts contain, longest first, parts of a longer shared term left out."""
    common = set(key_terms(text_from)) & set(key_terms(text_to))
    kept: list[str] = []
    for term in sorted(common, key=lambda t: (-len(t), t)):
        if not any(term in longer for longer in kept):
            kept.append(term)
    return "、".join(kept)


def _quantities(text: str) -> list[tuple[str, str]]:
    """Each quantity with the words just before it (what it counts): [('35个', '新建“口袋公园”'), ...]."""
    return [(m.group(0), text[max(0, m.start() - CONTEXT_CHARS) : m.start()]) for m in QUANTITY.finditer(text)]


def number_changes(text_from: str, text_to: str) -> list[str]:
    """Quantities that changed: ['6%→5%', '35个→21个'].

    An old and a new quantity pair up only if they share a unit and what they count reads alike
    (the words before them), best-matching first; a long item's 35个 口袋公园 is thus compared
    with 21个 口袋公园, not with 17个 老旧小区 that happens to come first.
    """
    old_all, new_all = _quantities(text_from), _quantities(text_to)
    unchanged = {q for q, _ in old_all} & {q for q, _ in new_all}
    old = [q for q in old_all if q[0] not in unchanged]
    new = [q for q in new_all if q[0] not in unchanged]
    candidates = sorted(
        (
            (fuzz.ratio(old_context, new_context), i, j)
            for i, (old_q, old_context) in enumerate(old)
            for j, (new_q, new_context) in enumerate(new)
            if NUMBER.sub("", old_q) == NUMBER.sub("", new_q)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    paired: dict[int, int] = {}
    for similarity, i, j in candidates:
        if similarity >= MIN_CONTEXT_SIMILARITY and i not in paired and j not in paired.values():
            paired[i] = j
    return [f"{old[i][0]}→{new[j][0]}" for i, j in sorted(paired.items())]


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    """jieba words of a text, segmented once however many pairs it appears in."""
    return tuple(tokenizer().cut(text))


def _diff_ops(text_from: str, text_to: str) -> list[tuple[str, str, str]]:
    """(op, old, new) runs of a word-level diff (jieba words, so numbers and names change whole)."""
    a, b = _words(text_from), _words(text_to)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(op, "".join(a[i1:i2]), "".join(b[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def redline(text_from: str, text_to: str) -> str:
    """Wording change as text, `[-removed-]{+added+}`, then the numbers that changed ('数字：6%→5%')."""
    parts = []
    for op, old, new in _diff_ops(text_from, text_to):
        if op == "equal":
            parts.append(old)
            continue
        parts.append((f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else ""))
    text = "".join(parts)
    changes = number_changes(text_from, text_to)
    return text + (f"（数字：{'，'.join(changes)}）" if changes else "")


def redline_html(redline_text: str) -> str:
    """A redline (as written by `redline`) as HTML with <del>/<ins> highlighting, for the notebook.

    Read from the stored markup, so the notebook shows exactly the table's redline and needs no segmentation.
    """
    parts = []
    position = 0
    for mark in REDLINE_MARK.finditer(redline_text):
        parts.append(html.escape(redline_text[position : mark.start()]))
        if mark.group("old") is not None:
            parts.append(f'<del style="color:#b00020;background:#fde2e2">{html.escape(mark.group("old"))}</del>')
        else:
            parts.append(
                f'<ins style="color:#00695c;background:#e0f2f1;text-decoration:none">{html.escape(mark.group("new"))}</ins>'
            )
        position = mark.end()
    parts.append(html.escape(redline_text[position:]))
    return "".join(parts)


def item_status(items: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Every item against each neighbouring year: continued, related-only, new (later side) or dropped (earlier)."""
    years = sorted(int(y) for y in items["year"].unique())
    rows = []
    for earlier, later in itertools.pairwise(years):
        pair = matches[(matches["year_from"] == earlier) & (matches["year_to"] == later)]
        for year, against, side, absent in (
            (later, earlier, "item_to", "new"),
            (earlier, later, "item_from", "dropped"),
        ):
            cont = set(pair.loc[pair["label"] == "continued", side])
            rel = set(pair.loc[pair["label"] == "related", side])
            for item_id in items.loc[items["year"] == year, "item_id"]:
                status = "continued" if item_id in cont else "related-only" if item_id in rel else absent
                rows.append(dict(item_id=item_id, year=year, against_year=against, status=status))
    frame = pd.DataFrame.from_records(rows, columns=schema.ITEM_STATUS)
    return frame.sort_values(["year", "item_id", "against_year"], ignore_index=True)


def lineages(items: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Chains of continued items across years, one row per (lineage, year, item).

    Two items are linked when each is the other's best continued partner, so a chain follows one
    task (splits and merges keep their strongest thread); chains are named after their first item
    and only those reaching two or more years are kept.
    """
    cont = matches[matches["label"] == "continued"].sort_values("score", ascending=False)
    best_from = cont.drop_duplicates("item_to").set_index("item_to")["item_from"]
    best_to = cont.drop_duplicates("item_from").set_index("item_from")["item_to"]
    successor = {a: b for b, a in best_from.items() if best_to.get(a) == b}
    if not successor:
        return pd.DataFrame(columns=schema.LINEAGES)
    texts = items.set_index("item_id")
    rows = []
    starts = sorted(set(successor) - set(successor.values()))
    for start in starts:
        item_id = start
        while item_id is not None:
            rows.append(
                dict(
                    lineage_id=f"L{start}",
                    year=int(texts.at[item_id, "year"]),
                    item_id=item_id,
                    text=texts.at[item_id, "text"],
                )
            )
            item_id = successor.get(item_id)
    return pd.DataFrame.from_records(rows, columns=schema.LINEAGES)


def match_tables(plans: PlanTables) -> dict[str, pd.DataFrame]:
    """Tables of the matching analysis, by name: matches and item_status; lineages with 3+ years."""
    items = plans.items
    years = plans.years
    frames = [
        match_years(items[items["year"] == earlier], items[items["year"] == later])
        for earlier, later in itertools.pairwise(years)
    ]
    frames = [f for f in frames if not f.empty]
    matches = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=schema.MATCHES)
    tables = {"matches": matches, "item_status": item_status(items, matches)}
    if len(years) >= 3:
        tables["lineages"] = lineages(items, matches)
    return tables


def most_changed(matches: pd.DataFrame, items: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Continued pairs whose wording changed most (lowest character similarity), with both texts."""
    cont = matches[matches["label"] == "continued"].copy()
    text = items.set_index("item_id")["text"].astype(str)
    cont["text_from"] = text[cont["item_from"]].to_numpy()
    cont["text_to"] = text[cont["item_to"]].to_numpy()
    cont["similarity"] = [
        round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)
        for a, b in zip(cont["text_from"], cont["text_to"], strict=True)
    ]
    return cont.sort_values("similarity").head(n).reset_index(drop=True)
