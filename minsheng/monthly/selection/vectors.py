"""TF-IDF vectors of the cases, built from the corpus's word ids without touching text again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from minsheng.monthly.selection.corpus import Corpus, is_category_word


@dataclass
class Vectors:
    matrix: sparse.csr_matrix  # cases x kept words, L2-normalised TF-IDF
    words: np.ndarray  # corpus word id of each column
    signature: np.ndarray  # uint64 hash of each case's set of kept words (0 = none)
    informative: np.ndarray  # bool: enough kept words to be clustered
    document_frequency: np.ndarray  # of each column


def vectorise(
    corpus: Corpus, *, min_df: int, max_df: float, min_words: int, seed: int,
    category_weight: float = 1.0,
) -> Vectors:  # fmt: skip
    """TF-IDF over the kept words; category pseudo-words weigh ``category_weight`` of a word."""
    n = len(corpus)
    tokens = corpus.column("tokens").astype(np.int64)
    offsets = corpus.column("token_offsets")
    lengths = np.diff(offsets)
    documents = np.repeat(np.arange(n, dtype=np.int64), lengths)
    width = max(len(corpus.words), 1)
    # (document, word) pairs with their counts; sorted by document, then word.
    pairs, counts = np.unique(documents * width + tokens, return_counts=True)
    del documents, tokens
    doc, word = np.divmod(pairs, width)
    del pairs
    df = np.bincount(word, minlength=width)
    keep = (df >= min_df) & (df <= max_df * n)
    column_of = np.full(width, -1, dtype=np.int64)
    kept_words = np.flatnonzero(keep)
    # Columns in the order of the words themselves, not of their first appearance in the input.
    kept_words = kept_words[np.argsort([corpus.words.values[w] for w in kept_words.tolist()])]
    column_of[kept_words] = np.arange(len(kept_words))
    mask = keep[word]
    doc, word, counts = doc[mask], column_of[word[mask]], counts[mask]
    within = np.lexsort((word, doc))  # CSR wants each row's columns in order
    doc, word, counts = doc[within], word[within], counts[within]
    kept_df = df[kept_words]
    idf = np.log((1 + n) / (1 + kept_df)) + 1.0
    scale = np.array(
        [
            category_weight if is_category_word(corpus.words.values[w]) else 1.0
            for w in kept_words.tolist()
        ]
    )
    data = ((1.0 + np.log(counts)) * idf[word] * scale[word]).astype(np.float32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=n), out=indptr[1:])
    matrix = sparse.csr_matrix((data, word.astype(np.int32), indptr), shape=(n, len(kept_words)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms).astype(np.float32) @ matrix
    matrix = matrix.tocsr()
    per_doc = np.diff(indptr)
    # Order-free signature of the word set: sum of random 64-bit codes, wrapping.
    codes = np.random.default_rng(seed).integers(1, 2**63, size=len(kept_words), dtype=np.uint64)
    signature = np.zeros(n, dtype=np.uint64)
    if len(word):
        sums = np.add.reduceat(codes[word], indptr[:-1][per_doc > 0])
        signature[per_doc > 0] = sums
    return Vectors(
        matrix=matrix,
        words=kept_words,
        signature=signature,
        informative=per_doc >= min_words,
        document_frequency=kept_df,
    )
