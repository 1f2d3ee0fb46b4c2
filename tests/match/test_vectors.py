"""The matcher's TF-IDF on scipy.sparse equals scikit-learn's vectorizers entry for entry (the build stopped
importing scikit-learn for them; the tables must not move)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.match.terms import clauses, key_terms, mask_numbers
from analysis.match.vectors import CharTfidf, TermCounts, l2_rows


@pytest.fixture(scope="module")
def texts(plans) -> list[str]:
    items = plans.items["text"].astype(str).tolist()
    return [*items, "  两个  空格\t和制表符  ", "", "短"]  # whitespace runs, an empty and a one-character text


def _same(a, b) -> None:
    a, b = a.tocsr(), b.tocsr()
    a.sort_indices()
    assert a.shape == b.shape
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)  # exactly, not approximately


def test_char_tfidf_equals_scikit_learn(texts):
    from sklearn.feature_extraction.text import TfidfVectorizer

    theirs = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), sublinear_tf=True, preprocessor=mask_numbers)
    theirs.fit(texts)
    ours = CharTfidf(texts, mask_numbers)
    assert ours.vocabulary_ == theirs.vocabulary_
    pieces = [c for t in texts for c in clauses(t)]
    for documents in (texts, pieces):
        _same(theirs.transform(documents), ours.transform(documents))


def test_term_counts_and_unit_rows_equal_scikit_learn(texts):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    terms = [key_terms(t) for t in texts]
    theirs = CountVectorizer(analyzer=lambda ts: ts, binary=True).fit(terms)
    ours = TermCounts(terms)
    assert ours.vocabulary_ == theirs.vocabulary_
    _same(theirs.transform(terms), ours.transform(terms))
    weighted = ours.transform(terms).astype(np.float64) * 1.7
    _same(normalize(weighted.tocsr()), l2_rows(weighted))
