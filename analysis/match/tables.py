"""The matching stage's tables: matches (with evidence), item_status, lineages and the review queue.

For each pair of consecutive years: candidate pairs get their signals and the model's scores; the
model's links are kept (an item keeps one continued partner per side, the others become related; two
headline items measuring different indicators are never linked, nor a headline item and an item naming
its indicator only inside another target); the analyst's decisions are applied
over them; each link is explained (shared terms, the clauses that carry on, a redline); and the pairs
the model is least sure of go to the review queue.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from analysis.match.decisions import current_decisions
from analysis.match.features import RARE_DF, pair_features
from analysis.match.indicators import different_indicators, only_inside_other_indicators
from analysis.match.model import model_links, score_pairs, shipped_model
from analysis.match.redline import redline, shared_terms
from analysis.match.status import item_status, lineages
from analysis.match.terms import key_terms, mask_numbers, phrases
from analysis.registry import conform, make_frame, table
from analysis.tidy.chapters import is_headline

# Pairs within this distance of a threshold are uncertain enough to ask about; a new or dropped item's
# closest candidates are asked about when the model gave them at least this probability of a link. Measured
# under cross-validation on the fixture (README, matching notes): answering the whole queue brings every
# figure the matching issue names to its goal; three candidates from 0.03 left the lists at Jaccard 0.75 / 0.71.
REVIEW_MARGIN = 0.3
QUEUE_FLOOR = 0.01
CLOSE_CANDIDATES = 5  # an unlinked item's candidates asked about, best first (from QUEUE_FLOOR up)
EVIDENCE_MIN_RATIO = 50  # rapidfuzz ratio (0-100) at which two clauses read as one task carried on
EVIDENCE_PAIRS = 3  # clause pairs quoted per link at most
EVIDENCE_BATCH = 2048  # text pairs whose clause pairs are scored at once
RARE_TERM_WEIGHT = 3  # a rare term shared by two clauses ties them as three common ones do


def without_different_indicators(
    pairs: pd.DataFrame, items: pd.DataFrame, targets: pd.DataFrame | None
) -> pd.DataFrame:
    """The candidate pairs without those joining two main expected targets (主要预期目标) that measure different
    indicators (研发投入占地区生产总值比重 is not 地区生产总值增长), or a main expected target and an item that
    names its indicator only inside a target of another one (工业项目投资占全社会固定资产投资 is not 全社会固定资产
    投资增长): a shared phrase is not a link, nor a candidate to ask about or to count in an item's chances."""
    if targets is None or targets.empty or pairs.empty:
        return pairs
    headline = set(items.loc[is_headline(items), "item_id"])
    involved = pairs[pairs["item_from"].isin(headline) | pairs["item_to"].isin(headline)]
    if involved.empty:
        return pairs
    others = set(involved["item_from"]) | set(involved["item_to"])
    indicators: dict[str, list[str]] = {}
    spans: dict[str, list[tuple[str, str]]] = {}
    read = targets[targets["item_id"].isin(others)]
    for item_id, indicator, span in zip(read["item_id"], read["indicator"], read["span"], strict=True):
        spans.setdefault(item_id, []).append((indicator, span))
        if item_id in headline:
            indicators.setdefault(item_id, []).append(indicator)
    text = dict(zip(items["item_id"], items["text"].astype(str), strict=True))

    def apart(a: str, b: str) -> bool:
        if a in headline and b in headline:
            return different_indicators(indicators.get(a, []), indicators.get(b, []))
        main, other = (a, b) if a in headline else (b, a)
        return only_inside_other_indicators(indicators.get(main, []), text.get(other, ""), spans.get(other, []))

    dropped = [apart(a, b) for a, b in zip(involved["item_from"], involved["item_to"], strict=True)]
    return pairs.drop(index=involved.index[dropped])


def evidence(texts_from: Sequence[str], texts_to: Sequence[str], corpus: Sequence[str] | None = None) -> list[str]:
    """For each pair of texts, the clause pairs that carry on from one year to the next, as written: pairs of
    clauses that are each other's closest and read at least `EVIDENCE_MIN_RATIO` alike, the `EVIDENCE_PAIRS`
    closest in the earlier item's order, joined by ； (the single closest pair when none is that alike: the link
    then rests on the items as wholes). How alike two clauses read: the mean of their character likeness
    (quantities masked, so 620亿元 and 639亿元 read alike) and the share of key terms they have in common, as a
    Dice coefficient with rare terms weighing more (a clause that lists the shared task among others still pairs
    with it, and a shared 国赵路 counts for more than a shared 推进). A term is rare by the texts of `corpus` (both
    years' items; by default the texts given), so one link's evidence does not depend on which others were made.
    The clause pairs of `EVIDENCE_BATCH` text pairs at a time are scored in one rapidfuzz call per measure
    (memory stays bounded)."""
    pairs = list(zip(texts_from, texts_to, strict=True))
    texts = {*texts_from, *texts_to} if corpus is None else set(corpus)
    found_in = Counter(term for text in texts for term in key_terms(text))
    terms = _TermCodes({term for term, texts in found_in.items() if texts <= RARE_DF})
    return [
        quote
        for start in range(0, len(pairs), EVIDENCE_BATCH)
        for quote in _batch_evidence(pairs[start : start + EVIDENCE_BATCH], terms)
    ]


class _TermCodes:
    """Key terms as one character each, a rare term (named project, place: in at most `RARE_DF` of the texts)
    written `RARE_TERM_WEIGHT` times, so a rapidfuzz ratio of two sorted code strings is the Dice coefficient
    of the two term sets with rare terms weighing more."""

    def __init__(self, rare: set[str]) -> None:
        self.rare, self.codes = rare, {}

    def encode(self, terms: tuple[str, ...]) -> str:
        for term in terms:
            self.codes.setdefault(term, chr(0x10000 + len(self.codes)))
        return "".join(sorted(self.codes[t] * (RARE_TERM_WEIGHT if t in self.rare else 1) for t in terms))


def _batch_evidence(pairs: list[tuple[str, str]], terms: _TermCodes) -> list[str]:
    written = [(phrases(a), phrases(b)) for a, b in pairs]
    left = [x for clauses_from, clauses_to in written for x in clauses_from for _ in clauses_to]
    right = [y for clauses_from, clauses_to in written for _ in clauses_from for y in clauses_to]
    parts = {phrase: (mask_numbers(phrase), terms.encode(key_terms(phrase))) for phrase in {*left, *right}}
    chars = process.cpdist([parts[x][0] for x in left], [parts[y][0] for y in right], scorer=fuzz.ratio)
    terms_left, terms_right = [parts[x][1] for x in left], [parts[y][1] for y in right]
    dice = process.cpdist(terms_left, terms_right, scorer=fuzz.ratio)
    dice[[not (x and y) for x, y in zip(terms_left, terms_right, strict=True)]] = 0.0  # no key terms: no share
    alike = ((chars + dice) / 2).tolist()
    quoted, start = [], 0
    for clauses_from, clauses_to in written:
        width = len(clauses_to)
        ratios = [alike[start + i * width : start + (i + 1) * width] for i in range(len(clauses_from))]
        start += len(clauses_from) * width
        quoted.append(_quote(clauses_from, clauses_to, ratios))
    return quoted


def _quote(clauses_from: tuple[str, ...], clauses_to: tuple[str, ...], ratios: list[list[float]]) -> str:
    """The evidence of one pair from its clauses' likeness (see `evidence`)."""
    closest_to = [max(range(len(row)), key=row.__getitem__) for row in ratios]
    rows = range(len(ratios))
    closest_from = [max(rows, key=column.__getitem__) for column in zip(*ratios, strict=True)]
    pairs = [(ratios[i][j], i, j) for i, j in enumerate(closest_to) if closest_from[j] == i]
    alike = [pair for pair in pairs if pair[0] >= EVIDENCE_MIN_RATIO] or [max(pairs, key=lambda p: (p[0], -p[1]))]
    kept = sorted(sorted(alike, key=lambda p: (-p[0], p[1]))[:EVIDENCE_PAIRS], key=lambda p: p[1])
    return "；".join(f"{clauses_from[i]} ↔ {clauses_to[j]}" for ratio, i, j in kept if ratio > 0)


def _apply_decisions(links: pd.DataFrame, scored: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """The links with the analyst's decisions over them: labels set, pairs added or removed."""
    links = links.assign(decided_by="model")
    if decisions.empty:
        return links
    by_pair = scored.set_index(["item_from", "item_to"])
    decided = {(d.item_from, d.item_to): d.decision for d in decisions.itertuples()}
    keep = [(a, b) not in decided for a, b in zip(links["item_from"], links["item_to"], strict=True)]
    added = []
    for (a, b), decision in decided.items():
        if decision == "unrelated":
            continue
        known = (a, b) in by_pair.index
        score, p_related = (by_pair.at[(a, b), "score"], by_pair.at[(a, b), "p_related"]) if known else (np.nan, np.nan)
        added.append(
            dict(item_from=a, item_to=b, score=score, p_related=p_related, label=decision, decided_by="analyst")
        )
    return pd.concat([links[keep], pd.DataFrame(added)], ignore_index=True) if added else links[keep]


def _without(pairs: pd.DataFrame, left_out: set[tuple[str, str]]) -> pd.DataFrame:
    """The rows of `pairs` whose (item_from, item_to) is not in `left_out`."""
    if not left_out:
        return pairs
    keys = zip(pairs["item_from"].tolist(), pairs["item_to"].tolist(), strict=True)
    return pairs[[key not in left_out for key in keys]]


def _review_queue(scored: pd.DataFrame, links: pd.DataFrame, decided: set[tuple[str, str]]) -> pd.DataFrame:
    """What to ask the analyst: links near a threshold, and each new or dropped item's closest candidates
    (up to `CLOSE_CANDIDATES` from a probability of `QUEUE_FLOOR` up: a link a reader finds there is often a
    paraphrase or the same object under another action, which word overlap ranks low). Once answered, the next
    candidates do not move up: a rerun does not ask again about an item whose closest candidates were all
    called unrelated. `impact` counts the items whose status the answer can change; `asked_for` names the
    new or dropped item a candidate is asked about (empty for a link near a threshold).
    Columns item_from, item_to, question, asked_for, model_label, score, p_related, impact; one row per pair."""
    model = shipped_model()
    linked = links[["item_from", "item_to", "label"]]
    partners_to, partners_from = linked.groupby("item_to").size(), linked.groupby("item_from").size()
    continued = linked[linked["label"] == "continued"]
    continued_to, continued_from = continued.groupby("item_to").size(), continued.groupby("item_from").size()
    undecided = _without(scored, decided)
    undecided = undecided.merge(
        linked.rename(columns={"label": "model_label"}), on=["item_from", "item_to"], how="left"
    )

    def count(side: pd.Series, sizes: pd.Series) -> pd.Series:
        return side.map(sizes).fillna(0)

    is_link = undecided["model_label"].notna()
    near_link = is_link & ((undecided["p_related"] - model.related.threshold).abs() < REVIEW_MARGIN)
    near_continued = is_link & ~near_link & ((undecided["score"] - model.continued.threshold).abs() < REVIEW_MARGIN)
    asked = undecided[near_link | near_continued].assign(
        question=np.where(near_link[near_link | near_continued], "link_or_none", "continued_or_related")
    )
    only = (count(asked["item_to"], partners_to) == 1).astype(int) + (count(asked["item_from"], partners_from) == 1)
    single = (count(asked["item_to"], continued_to) <= 1).astype(int) + (count(asked["item_from"], continued_from) <= 1)
    parts = [asked.assign(impact=np.where(asked["question"] == "link_or_none", only, single))]
    candidates = scored[scored["p_related"] >= QUEUE_FLOOR].sort_values("p_related", ascending=False)
    for side, other, partners, others in (
        ("item_to", "item_from", partners_to, partners_from),
        ("item_from", "item_to", partners_from, partners_to),
    ):
        unlinked = candidates[~candidates[side].isin(partners.index)]
        close = unlinked.groupby(side).head(CLOSE_CANDIDATES)
        close = _without(close, decided)  # answered ones are not asked again, nor do the next candidates move up
        impact = 1 + (~close[other].isin(others.index)).astype(int)
        parts.append(close.assign(question="link_or_none", impact=impact, asked_for=close[side]))
    queue = pd.concat(parts, ignore_index=True).drop_duplicates(["item_from", "item_to"], keep="first")
    return pd.DataFrame(
        {
            "item_from": queue["item_from"],
            "item_to": queue["item_to"],
            "question": queue["question"],
            "asked_for": queue["asked_for"].fillna(""),
            "model_label": queue["model_label"].fillna("none"),
            "score": queue["score"].astype(float).round(3),
            "p_related": queue["p_related"].astype(float).round(3),
            "impact": queue["impact"].astype(int),
        }
    )


def _in_asking_order(review: pd.DataFrame) -> pd.DataFrame:
    """The questions whose answers can change the most items' status first; an unlinked item's candidates
    together, best first (an analyst reads the item once and compares it with each), ranked by their best."""
    group = review["asked_for"].where(review["asked_for"] != "", review["item_from"] + "|" + review["item_to"])
    by_group = review.groupby(group)
    ordered = review.assign(
        _impact=by_group["impact"].transform("max"),
        _kind=review["question"] != "link_or_none",  # whether it is a link at all comes before which kind
        _best=by_group["p_related"].transform("max"),
        _group=group,
    ).sort_values(
        ["_impact", "_kind", "_best", "_group", "p_related"],
        ascending=[False, True, False, True, False],
        ignore_index=True,
        kind="stable",
    )
    return ordered.drop(columns=["_impact", "_kind", "_best", "_group"])


CLOSEST_COLUMNS = ["item_id", "against_year", "closest_item", "closest_p_related", "p_unlinked"]


class YearsMatched(NamedTuple):
    """What matching two years gives: the links, the review queue, and each item's closest candidate."""

    matches: pd.DataFrame
    review: pd.DataFrame
    closest: pd.DataFrame  # CLOSEST_COLUMNS


def match_years(
    items_from: pd.DataFrame,
    items_to: pd.DataFrame,
    decisions: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    scored: pd.DataFrame | None = None,
) -> YearsMatched:
    """Matches and review queue of a later year's items (`items_to`) against an earlier year's (`items_from`).

    `scored`: the candidate pairs already scored (fit-matcher passes models fitted without them, to measure
    the review queue under cross-validation); by default the shipped model scores them.
    Zero, one or several partners per item on either side; each row explains itself with the shared
    key terms, the clauses that carry on and a redline of the wording and numbers.
    """
    scored = score_pairs(pair_features(items_from, items_to)) if scored is None else scored
    if scored.empty:
        return YearsMatched(make_frame("matches", []), make_frame("review_queue", []), _closest(scored, 0, 0))
    decisions = decisions if decisions is not None else make_frame("match_decisions", [])
    mine = decisions[
        decisions["item_from"].isin(items_from["item_id"]) & decisions["item_to"].isin(items_to["item_id"])
    ]
    both = pd.concat([items_from, items_to], ignore_index=True)
    scored = without_different_indicators(scored, both, targets)
    links = _apply_decisions(model_links(scored), scored, mine)
    text_from = dict(zip(items_from["item_id"], items_from["text"].astype(str), strict=True))
    text_to = dict(zip(items_to["item_id"], items_to["text"].astype(str), strict=True))
    year_from, year_to = int(items_from["year"].iloc[0]), int(items_to["year"].iloc[0])
    rows = []
    corpus = [*text_from.values(), *text_to.values()]
    quoted = evidence([text_from[a] for a in links["item_from"]], [text_to[b] for b in links["item_to"]], corpus)
    for pair, carried_on in zip(links.itertuples(index=False), quoted, strict=True):
        a, b = text_from[pair.item_from], text_to[pair.item_to]
        rows.append(
            dict(
                year_from=year_from,
                item_from=pair.item_from,
                year_to=year_to,
                item_to=pair.item_to,
                score=round(float(pair.score), 3),
                p_related=round(float(pair.p_related), 3),
                label=pair.label,
                shared_terms=shared_terms(a, b),
                evidence=carried_on,
                redline=redline(a, b),
                decided_by=pair.decided_by,
            )
        )
    matches = make_frame("matches", rows).sort_values(["item_to", "score"], ascending=[True, False], ignore_index=True)
    queue = _review_queue(scored, links, set(zip(mine["item_from"], mine["item_to"], strict=True)))
    queue["text_from"] = queue["item_from"].map(text_from)
    queue["text_to"] = queue["item_to"].map(text_to)
    texts = list(zip(queue["text_from"], queue["text_to"], strict=True))
    queue["shared_terms"] = [shared_terms(a, b) for a, b in texts]
    queue["evidence"] = evidence(queue["text_from"].tolist(), queue["text_to"].tolist(), corpus)
    queue = queue.assign(year_from=year_from, year_to=year_to, decision="", note="")
    review = conform("review_queue", queue.reindex(columns=table("review_queue").column_names))
    review = _in_asking_order(review)
    called_unrelated = mine[mine["decision"] == "unrelated"]
    unrelated = set(zip(called_unrelated["item_from"], called_unrelated["item_to"], strict=True))
    candidates = _without(scored, unrelated)
    return YearsMatched(matches, review, _closest(candidates, year_from, year_to))


def _closest(scored: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Each item's likeliest partner in the other year among the candidates (pairs the analyst called
    unrelated left out): what a reader checks first when an item is listed as new or dropped; and the
    probability that none of its candidates is linked (`p_unlinked`; `item_status` sets 0 once the analyst
    linked it), whose sum is the expected count of new or dropped items: under cross-validation on the
    fixture it lands nearer the reading than the count of items below the threshold (README, matching notes)."""
    if scored.empty:
        return pd.DataFrame(columns=CLOSEST_COLUMNS)
    log_unlinked = np.log1p(-scored["p_related"].clip(upper=1 - 1e-9))
    sides = []
    for side, other, against in (("item_to", "item_from", year_from), ("item_from", "item_to", year_to)):
        best = scored.sort_values("p_related", ascending=False, kind="stable").drop_duplicates(side)
        p_unlinked = np.exp(log_unlinked.groupby(scored[side]).sum())
        sides.append(
            pd.DataFrame(
                {
                    "item_id": best[side].astype(str),
                    "against_year": against,
                    "closest_item": best[other].astype(str),
                    "closest_p_related": best["p_related"].round(3).astype(float),
                    "p_unlinked": best[side].map(p_unlinked).round(3).astype(float),
                }
            )
        )
    return pd.concat(sides, ignore_index=True)


def match_tables(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Tables of the matching stage, by name: matches, item_status, lineages and review_queue."""
    items = tables["items"]
    decisions = current_decisions(tables.get("match_decisions", make_frame("match_decisions", [])), items)
    years = sorted(int(y) for y in items["year"].unique())
    found = [
        match_years(items[items["year"] == earlier], items[items["year"] == later], decisions, tables.get("targets"))
        for earlier, later in itertools.pairwise(years)
    ]
    matches = pd.concat(
        [f.matches for f in found if not f.matches.empty] or [make_frame("matches", [])], ignore_index=True
    )
    review = pd.concat(  # the latest pair of years first: the questions a newly added plan raises
        [f.review for f in reversed(found) if not f.review.empty] or [make_frame("review_queue", [])],
        ignore_index=True,
    )
    closest = pd.concat([f.closest for f in found if not f.closest.empty] or [_closest(pd.DataFrame(), 0, 0)])
    return {
        "matches": matches,
        "item_status": item_status(items, matches, closest),
        "lineages": lineages(items, matches),
        "review_queue": review,
    }
