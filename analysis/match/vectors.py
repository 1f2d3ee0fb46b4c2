"""TF-IDF vectors on scipy.sparse: the two vectorizers the matcher needs, without importing scikit-learn.

scikit-learn (with the parts of scipy it pulls in) cost the build about a second of imports and slowed every
garbage collection; these few functions compute the same matrices as its `TfidfVectorizer(analyzer="char",
ngram_range=(2, 4), sublinear_tf=True)` and `CountVectorizer(binary=True)` over term tuples — the same
sorted vocabulary, smoothed IDF, sublinear counts and L2 rows — which `tests/match` checks entry for entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from scipy import sparse

WHITESPACE_RUN = re.compile(r"\s\s+")


def char_ngrams(text: str, low: int = 2, high: int = 4) -> list[str]:
    """Character n-grams of a text, shortest first, runs of whitespace read as one space."""
    text = WHITESPACE_RUN.sub(" ", text)
    return [text[i : i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1)]


def _counts(documents: Iterable[Sequence[str]], vocabulary: dict[str, int], binary: bool) -> sparse.csr_matrix:
    """Documents (as lists of features) counted over a fixed vocabulary; unknown features are ignored.
    Rows have their columns in ascending order, as scikit-learn leaves them."""
    rows: list[int] = []
    columns: list[int] = []
    count = 0
    for count, features in enumerate(documents, start=1):
        found = [vocabulary[f] for f in features if f in vocabulary]
        columns += found
        rows += [count - 1] * len(found)
    matrix = sparse.csr_matrix(
        (
            np.ones(len(columns), dtype=np.int64),
            (np.asarray(rows, dtype=np.int32), np.asarray(columns, dtype=np.int32)),
        ),
        shape=(count, len(vocabulary)),
    )
    matrix.sum_duplicates()  # equal features of a row counted once, columns sorted
    if binary:
        matrix.data[:] = 1
    return matrix


def _vocabulary(documents: Iterable[Sequence[str]]) -> dict[str, int]:
    return {f: k for k, f in enumerate(sorted({f for features in documents for f in features}))}


def l2_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty).

    Each row's squares are summed left to right, as scikit-learn does, one position of every row at a time
    (vectorised over the rows), so the results match it to the last bit.
    """
    matrix = matrix.tocsr().astype(np.float64)
    starts, lengths = matrix.indptr[:-1], np.diff(matrix.indptr)
    squares = np.zeros(matrix.shape[0])
    for position in range(int(lengths.max(initial=0))):
        rows = np.flatnonzero(lengths > position)
        values = matrix.data[starts[rows] + position]
        squares[rows] += values * values
    norms = np.sqrt(squares)
    norms[norms == 0.0] = 1.0
    matrix.data /= np.repeat(norms, lengths)
    return matrix


class TermCounts:
    """Binary term-presence rows over the sorted vocabulary of the documents fitted on (terms given as tuples)."""

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        self.vocabulary_ = _vocabulary(documents)
        self.fitted = _counts(documents, self.vocabulary_, binary=True)  # the rows of the documents fitted on

    def transform(self, documents: Iterable[Sequence[str]]) -> sparse.csr_matrix:
        return _counts(documents, self.vocabulary_, binary=True)


class CharTfidf:
    """Character 2-4-gram TF-IDF rows: sublinear counts (1 + ln n), smoothed IDF, unit length."""

    def __init__(self, texts: Sequence[str], preprocess: Callable[[str], str]) -> None:
        self.preprocess = preprocess
        grams = [char_ngrams(preprocess(t)) for t in texts]
        self.vocabulary_ = _vocabulary(grams)
        counts = _counts(grams, self.vocabulary_, binary=False)
        df = np.bincount(counts.indices, minlength=counts.shape[1]) + 1
        self.idf_ = np.log((counts.shape[0] + 1) / df) + 1
        self.fitted = self._weights(counts)  # the rows of the texts fitted on, as `transform` gives them

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        return self._weights(_counts((char_ngrams(self.preprocess(t)) for t in texts), self.vocabulary_, binary=False))

    def _weights(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        weights = counts.astype(np.float64)
        np.log(weights.data, weights.data)
        weights.data += 1
        weights.data *= self.idf_[weights.indices]
        return l2_rows(weights)
