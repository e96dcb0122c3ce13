"""TF-IDF vectors of the cases, built from the corpus's word ids without touching text again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from minsheng.monthly.selection.corpus import Corpus, is_category_word


@dataclass
class Vectors:
    matrix: sparse.csr_matrix  # cases x kept words, L2-normalised TF-IDF
    words: np.ndarray  # corpus word id of each column
    signature: np.ndarray  # uint64 hash of each case's set of kept words (0 = none)
    informative: np.ndarray  # bool: enough kept words to be clustered
    document_frequency: np.ndarray  # of each column


def vectorise(
    corpus: Corpus,
    *,
    min_df: int,
    max_df: float,
    min_words: int,
    seed: int,
    category_weight: float = 1.0,
) -> Vectors:
    """TF-IDF over the kept words; category pseudo-words weigh ``category_weight`` of a word.

    Built with scipy's compiled sparse routines on 32-bit indices, so the peak stays a few bytes
    per word of the corpus. The order of the words within each case is consumed (sorted).
    """
    n = len(corpus)
    width = max(len(corpus.words), 1)
    # The token ids themselves (a view, not a copy) become the column indices.
    indices = corpus.column("tokens").view(np.int32)
    indptr = corpus.column("token_offsets").astype(np.int32)
    counts = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(n, width), copy=False
    )
    counts.sum_duplicates()  # term frequencies, columns in order within each row
    df = np.bincount(counts.indices, minlength=width)
    keep = np.flatnonzero((df >= min_df) & (df <= max_df * n))
    # Columns in the order of the words themselves, not of their first appearance in the input.
    keep = keep[np.argsort([corpus.words.values[w] for w in keep.tolist()])]
    matrix = counts[:, keep].tocsr()
    del counts
    matrix.sort_indices()
    kept_df = df[keep]
    idf = np.log((1 + n) / (1 + kept_df)) + 1.0
    scale = np.array(
        [
            category_weight if is_category_word(corpus.words.values[w]) else 1.0
            for w in keep.tolist()
        ]
    )
    weight = (idf * scale).astype(np.float32)
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    matrix.data *= weight[matrix.indices]
    normalize(matrix, copy=False)
    per_doc = np.diff(matrix.indptr)
    return Vectors(
        matrix=matrix,
        words=keep,
        signature=_signatures(matrix, seed),
        informative=per_doc >= min_words,
        document_frequency=kept_df,
    )


def _signatures(matrix: sparse.csr_matrix, seed: int, block: int = 65_536) -> np.ndarray:
    """Order-free hash of each row's set of columns: the sum of random 64-bit codes, wrapping."""
    n = matrix.shape[0]
    codes = np.random.default_rng(seed).integers(1, 2**63, size=matrix.shape[1], dtype=np.uint64)
    signature = np.zeros(n, dtype=np.uint64)
    indptr = matrix.indptr
    for start in range(0, n, block):
        stop = min(start + block, n)
        low, high = indptr[start], indptr[stop]
        if high == low:
            continue
        local = indptr[start:stop] - low
        filled = np.flatnonzero(np.diff(indptr[start : stop + 1]) > 0)
        sums = np.add.reduceat(codes[matrix.indices[low:high]], local[filled])
        signature[start + filled] = sums
    return signature
