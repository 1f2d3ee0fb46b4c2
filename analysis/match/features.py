"""Named signals of candidate pairs: for each later item, its best earlier partners and why.

Items are renumbered, moved between chapters, split, merged and reworded, so a pair is judged on
what the two texts share rather than on position. Each later item is compared with every earlier
item, in row blocks so memory stays bounded for large plans. Signals (the model reads them by name):

* `char`: char 2–4-gram TF-IDF cosine (numbers masked), robust to segmentation errors;
* `terms`: IDF-weighted cosine of key-term sets;
* `tokens`: token-set Dice from rapidfuzz `cdist` (each term encoded as one character, so
  `fuzz.ratio` on sorted term strings is exactly the Dice coefficient, bit-parallel);
* `row_share`, `col_share`: how close the pair is to the best partner of its row and column
  (which lets splits and merges through);
* `rare`: shared rare terms (named projects, places, programmes); `exclusive_grams`: shared
  character 3–4-grams that no other item of either year has (a name ties the two items even when
  segmentation cuts it differently: 双拥模范城 / 双拥工作, 科技创新券); quantities and punctuation
  are left out, and a longer shared name counts more (log of the number of grams);
* `clause`, `clause_terms`: the best-matching pair of clauses, by characters and by key terms:
  long items bundle several tasks, and one task carried over is enough;
* `first_clause`: how alike the two items' first clauses read — a task's core usually leads, so a
  shared first clause says continued where a shared later clause says related;
* `length_ratio`: the shorter text's length over the longer's (a split or merged item is longer);
* `headline_one`, `headline_both`: whether one or both items are main expected targets (主要预期目标):
  a headline indicator inside a long action item is a related sub-task, not the same task.

Texts are read as matched (`terms.as_matched`: a name written short or long read as one). A new signal is one
more entry in the `signals` of `pair_features` and one more weight in the model file (refit with
`python -m analysis fit-matcher`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy import sparse

from analysis.match.terms import as_matched, clauses, key_terms, mask_numbers
from analysis.match.vectors import CharTfidf, TermCounts, l2_rows
from analysis.tidy.chapters import is_headline

# Terms shared by at most this many items (over both years compared) name one task, not a theme.
RARE_DF = 4
EXCLUSIVE_GRAM = 3  # shortest character n-gram counted by `exclusive_grams` (2-grams tie too much by chance)
BLOCK_ROWS = 512  # later-year items scored per block: a few block × earlier-items float arrays in memory
TOP_K = 12  # candidate partners kept per later item
CLAUSE_ROWS = 32  # later items whose clauses are compared at once with their candidates' clauses


def _encode(terms: list[tuple[str, ...]], codes: dict[str, str]) -> list[str]:
    """Each term as one character (sorted), so a character-level ratio is a term-set Dice."""
    return ["".join(sorted(codes[t] for t in ts)) for ts in terms]


def pair_features(items_from: pd.DataFrame, items_to: pd.DataFrame, top_k: int = TOP_K) -> pd.DataFrame:
    """Candidate pairs (top-k earlier partners of each later item) with every signal, by name.

    Columns: i, j (positions), item_to, item_from, the signals, and `combined` (the ranking score).
    The score matrix is computed in row blocks of later items: sparse products for the TF-IDF
    signals and rapidfuzz `cdist` for the token Dice, keeping only the top-k per row.
    """
    ids_a, ids_b = items_to["item_id"].tolist(), items_from["item_id"].tolist()
    texts_a = [as_matched(t) for t in items_to["text"].astype(str)]
    texts_b = [as_matched(t) for t in items_from["text"].astype(str)]
    if not ids_a or not ids_b:
        return pd.DataFrame(columns=["i", "j", "item_to", "item_from", "combined"])
    terms_a, terms_b = [key_terms(t) for t in texts_a], [key_terms(t) for t in texts_b]
    chars = CharTfidf(texts_a + texts_b, mask_numbers)
    ca, cb = chars.fitted[: len(texts_a)], chars.fitted[len(texts_a) :].T.tocsr()
    vocab = TermCounts(terms_a + terms_b)
    counted = vocab.fitted.astype(np.float64)
    ta, tb = counted[: len(terms_a)], counted[len(terms_a) :]
    df = np.asarray(ta.sum(0)).ravel() + np.asarray(tb.sum(0)).ravel()
    idf = np.log((len(ids_a) + len(ids_b) + 1) / (df + 1)) + 1

    clause_texts_a, owner_a = _clause_texts(texts_a)
    clause_texts_b, owner_b = _clause_texts(texts_b)
    clause_a, clause_b = chars.transform(clause_texts_a), chars.transform(clause_texts_b)
    clause_terms_a = _term_rows(clause_texts_a, vocab, idf)
    clause_terms_b = _term_rows(clause_texts_b, vocab, idf)
    wa, wb = ta @ sparse.diags(idf), tb @ sparse.diags(idf)
    mass_a, mass_b = np.asarray(wa.sum(1)).ravel(), np.asarray(wb.sum(1)).ravel()
    rare_a = ta @ sparse.diags((df <= RARE_DF).astype(np.float64))
    grams_a, grams_b_t = _exclusive_grams(chars, len(texts_a))
    tb_t = tb.T.tocsr()
    codes = {t: chr(0x10000 + k) for t, k in vocab.vocabulary_.items()}
    enc_a, enc_b = _encode(terms_a, codes), _encode(terms_b, codes)

    k = min(top_k, len(ids_b))
    col_max = np.zeros(len(ids_b))
    blocks: list[dict[str, np.ndarray]] = []
    for start in range(0, len(ids_a), BLOCK_ROWS):
        rows = slice(start, min(start + BLOCK_ROWS, len(ids_a)))
        char = (ca[rows] @ cb).toarray()
        shared = (wa[rows] @ tb_t).toarray()
        terms = shared / np.sqrt(np.outer(mass_a[rows], mass_b)).clip(1e-9)
        tokens = process.cdist(enc_a[rows], enc_b, scorer=fuzz.ratio, dtype=np.uint8, workers=-1) / 100.0
        rare = (rare_a[rows] @ tb_t).toarray()
        exclusive = (grams_a[rows] @ grams_b_t).toarray()
        combined = (char + terms) / 2
        col_max = np.maximum(col_max, combined.max(0))
        top = np.argpartition(-combined, k - 1, axis=1)[:, :k]
        local = np.repeat(np.arange(rows.stop - rows.start), k)
        c = top.ravel()
        blocks.append(
            {
                "i": np.repeat(np.arange(rows.start, rows.stop), k),
                "j": c,
                "char": char[local, c],
                "terms": terms[local, c],
                "tokens": tokens[local, c],
                "row_share": combined[local, c] / np.repeat(combined.max(1), k).clip(1e-9),
                "rare": np.log1p(rare[local, c]),
                "exclusive_grams": np.log1p(exclusive[local, c]),
                "combined": combined[local, c],
                "clause": _best_clause(clause_a, owner_a, clause_b, owner_b, rows, top).ravel(),
                "clause_terms": _best_clause(clause_terms_a, owner_a, clause_terms_b, owner_b, rows, top).ravel(),
            }
        )
    frame = pd.DataFrame({name: np.concatenate([b[name] for b in blocks]) for name in blocks[0]})
    frame["col_share"] = frame["combined"] / col_max[frame["j"].to_numpy()].clip(1e-9)
    frame["item_to"] = [ids_a[i] for i in frame["i"]]
    frame["item_from"] = [ids_b[j] for j in frame["j"]]
    frame = frame[frame["combined"] > 0].copy()
    _item_signals(frame, items_from, items_to)
    signals = [c for c in frame.columns if c not in ("i", "j", "item_to", "item_from", "combined")]
    return frame[["i", "j", "item_to", "item_from", *signals, "combined"]].reset_index(drop=True)


def _item_signals(frame: pd.DataFrame, items_from: pd.DataFrame, items_to: pd.DataFrame) -> None:
    """Signals of the two items as wholes: first clauses, lengths, headline chapters (added to `frame`)."""
    texts = {i: as_matched(t) for i, t in zip(items_from["item_id"], items_from["text"].astype(str), strict=True)}
    texts |= {i: as_matched(t) for i, t in zip(items_to["item_id"], items_to["text"].astype(str), strict=True)}
    first = {i: clauses(t)[0] for i, t in texts.items()}
    headline = set(items_from.loc[is_headline(items_from), "item_id"]) | set(
        items_to.loc[is_headline(items_to), "item_id"]
    )
    pairs = list(zip(frame["item_from"], frame["item_to"], strict=True))
    frame["first_clause"] = [fuzz.ratio(first[a], first[b]) / 100 for a, b in pairs]
    frame["length_ratio"] = [min(len(texts[a]), len(texts[b])) / max(len(texts[a]), len(texts[b])) for a, b in pairs]
    frame["headline_one"] = [float((a in headline) != (b in headline)) for a, b in pairs]
    frame["headline_both"] = [float(a in headline and b in headline) for a, b in pairs]


def _clause_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Every item's clauses in one list, and the index of the item each belongs to (ascending)."""
    pieces = [clauses(t) for t in texts]
    owner = np.repeat(np.arange(len(texts)), [len(p) for p in pieces])
    return [c for p in pieces for c in p], owner


def _term_rows(texts: list[str], vocab: TermCounts, idf: np.ndarray) -> sparse.csr_matrix:
    """Key terms of each text as IDF-weighted unit rows: their dot products are term cosines."""
    rows = vocab.transform([key_terms(t) for t in texts]).astype(np.float64) @ sparse.diags(idf)
    return l2_rows(rows.tocsr())


def _exclusive_grams(chars: CharTfidf, n_later: int) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Presence rows of the character n-grams (at least `EXCLUSIVE_GRAM` long, letters and digits only, so no
    masked quantity or punctuation) found in exactly two items: later-year rows, and earlier-year columns.
    Their product counts the grams a pair shares and no other item has."""
    present = chars.fitted.copy()
    present.data[:] = 1.0
    counts = np.bincount(present.indices, minlength=present.shape[1])
    keep = np.zeros(present.shape[1])
    for gram, column in chars.vocabulary_.items():
        if counts[column] == 2 and len(gram) >= EXCLUSIVE_GRAM and gram.isalnum():
            keep[column] = 1.0
    present = (present @ sparse.diags(keep)).tocsr()
    return present[:n_later], present[n_later:].T.tocsr()


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
