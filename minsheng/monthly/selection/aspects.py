"""Merging the aspects of one problem: clusters that tell one problem from different sides.

Clustering finds groups of cases written alike. Callers tell one problem from several sides
(for lifts in old buildings: the application, the ground-floor objection, the pipes in the way,
the money), in words that overlap little, so one problem comes out as several clusters. Here
those clusters (the *aspects*) are merged into problems on evidence, pair by pair:

* **key phrases**: the words that set each cluster apart (class-based TF-IDF), compared;
* **centres**: the cosine of the clusters' mean TF-IDF vectors;
* **categories**: how alike the dispatchers' categories of their cases are;
* **places**: how many of the same named places (estates, roads, shops) their cases name.

The evidence of a pair is the weighted sum (weights in ``MONTHLY_SELECTION["ASPECTS"]``); a pair
with no key phrase in common is never linked. Problems are formed by average linkage, so a
cluster joins a problem only when it is close to its aspects on the whole, not to one of them.
Every merge says why: the phrases, categories and places its aspects share.

:func:`merge_aspects` works on any labelling of cases into clusters, so hot issues can merge one
place's phrasings of one problem the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.preprocessing import normalize

from minsheng.cases.names import category_code, category_names
from minsheng.cases.places import GENERIC_WORDS
from minsheng.monthly.selection.corpus import Corpus, is_category_word
from minsheng.monthly.selection.vectors import Vectors

GENERIC = set(GENERIC_WORDS.values())
EVIDENCE = ("phrases", "centres", "categories", "places")


@dataclass
class Profiles:
    """What each cluster is about, as vectors comparable between clusters."""

    size: np.ndarray  # cases per cluster
    phrases: sparse.csr_matrix  # clusters x words: the key-phrase weights, L2-normalised
    grams: sparse.csr_matrix  # clusters x character pairs of the key phrases, L2-normalised
    centres: sparse.csr_matrix  # clusters x words: mean TF-IDF, L2-normalised
    categories: np.ndarray  # clusters x categories, L2-normalised counts
    places: np.ndarray  # clusters x named places, L2-normalised counts
    placed: np.ndarray  # cases with a named place, per cluster
    words: list[str]  # the word of each column


@dataclass
class AspectMerge:
    """The problem of each cluster and the evidence behind each problem."""

    problem_of: np.ndarray  # cluster id -> problem id (numbered by first cluster)
    count: int
    evidence: dict[int, dict[str, Any]]  # problem id -> shared phrases, categories, places

    def relabel(self, labels: np.ndarray) -> np.ndarray:
        """Case labels by problem instead of by cluster (-1 stays -1)."""
        out = np.full(len(labels), -1, dtype=np.int32)
        member = labels >= 0
        out[member] = self.problem_of[labels[member]]
        return out

    def aspects(self, problem: int) -> list[int]:
        return np.flatnonzero(self.problem_of == problem).tolist()


def take(profiles: Profiles, groups: list[int]) -> Profiles:
    """The profiles of some of the groups only (one place's problems, for hot issues)."""
    return Profiles(
        size=profiles.size[groups],
        phrases=profiles.phrases[groups],
        grams=profiles.grams[groups],
        centres=profiles.centres[groups],
        categories=profiles.categories[groups],
        places=profiles.places[groups],
        placed=profiles.placed[groups],
        words=profiles.words,
    )


def profiles(
    corpus: Corpus, vectors: Vectors, labels: np.ndarray, count: int, phrases: int
) -> Profiles:
    """Profiles of ``count`` clusters; ``phrases`` key phrases are kept for each."""
    member = np.flatnonzero(labels >= 0)
    return group_profiles(
        corpus, vectors, _indicator(labels[member], member, count, len(labels)), phrases
    )


def groups_of_rows(groups: list[np.ndarray], n: int) -> sparse.csr_matrix:
    """Groups of cases (they may share cases) as a groups x cases indicator matrix."""
    sizes = [len(rows) for rows in groups]
    ids = np.repeat(np.arange(len(groups)), sizes)
    rows = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
    return _indicator(ids, rows, len(groups), n)


def _indicator(ids: np.ndarray, rows: np.ndarray, count: int, n: int) -> sparse.csr_matrix:
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (ids, rows)), shape=(max(count, 1), n)
    )


def group_profiles(
    corpus: Corpus, vectors: Vectors, indicator: sparse.csr_matrix, phrases: int
) -> Profiles:
    """Profiles of the groups of an indicator matrix (groups x cases): clusters, or one
    place's phrasings of its problems."""
    size = np.asarray(indicator.sum(axis=1)).ravel().astype(np.int64)
    sums = (indicator @ vectors.matrix).tocsr()
    words = [corpus.words.values[w] for w in vectors.words.tolist()]
    key_phrases = _key_phrases(sums, size, indicator.shape[1], words, phrases)
    place = corpus.column("place")
    return Profiles(
        size=size,
        phrases=key_phrases,
        grams=_grams(key_phrases, words),
        centres=normalize(sums),
        categories=_counts(indicator, _telling_categories(corpus)),
        places=_counts(indicator, place),
        placed=np.asarray(indicator @ (place >= 0).astype(np.float32)).ravel().astype(np.int64),
        words=words,
    )


def _telling_categories(corpus: Corpus) -> np.ndarray:
    """Each case's category as the taxonomy knows it (a code, a name path and a name of one
    category are one), -1 for none or a catch-all ("其他…", codes 99…) that ties unrelated
    cases together."""
    ids: dict[str, int] = {}
    resolved = [
        -1 if _is_catch_all(value) else ids.setdefault(category_code(value) or value, len(ids))
        for value in corpus.categories.values
    ]
    return np.array(resolved or [-1], dtype=np.int64)[corpus.column("category")]


def _is_catch_all(value: str) -> bool:
    if not value:
        return True
    code = category_code(value)
    name = category_names(value)[0]
    return (code or "").startswith("99") or name.startswith("其他")


def _key_phrases(
    sums: sparse.csr_matrix, size: np.ndarray, n: int, words: list[str], keep: int
) -> sparse.csr_matrix:
    """Class-based TF-IDF of each cluster, only its ``keep`` strongest words, L2-normalised."""
    total = np.asarray(sums.sum(axis=0)).ravel() / max(n, 1)
    useless = np.array([w in GENERIC or is_category_word(w) for w in words], dtype=bool)
    rows, cols, vals = [], [], []
    for c in range(sums.shape[0]):
        start, stop = sums.indptr[c], sums.indptr[c + 1]
        columns = sums.indices[start:stop]
        mean = sums.data[start:stop] / max(int(size[c]), 1)
        weight = mean * np.log1p(mean / (total[columns] + 1e-9))
        weight[useless[columns]] = 0
        top = np.argsort(-weight, kind="stable")[:keep]
        top = top[weight[top] > 0]
        rows.extend([c] * len(top))
        cols.extend(columns[top].tolist())
        vals.extend(weight[top].tolist())
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=sums.shape, dtype=np.float64)
    return normalize(matrix)


def _grams(phrases: sparse.csr_matrix, words: list[str]) -> sparse.csr_matrix:
    """The key phrases as weighted character pairs, so "加装电梯", "没电梯" and "电梯井" meet.

    Callers name one object in several compounds; the pairs of characters find the shared
    object where whole words differ. A phrase of one character stands for itself.
    """
    ids: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for c in range(phrases.shape[0]):
        start, stop = phrases.indptr[c], phrases.indptr[c + 1]
        for column, weight in zip(
            phrases.indices[start:stop], phrases.data[start:stop], strict=True
        ):
            word = words[column].lstrip("不没")
            pieces = [word[i : i + 2] for i in range(len(word) - 1)] or [word]
            for piece in pieces:
                rows.append(c)
                cols.append(ids.setdefault(piece, len(ids)))
                vals.append(float(weight))
    matrix = sparse.csr_matrix(
        (vals, (rows, cols)), shape=(phrases.shape[0], max(len(ids), 1)), dtype=np.float64
    )
    matrix.sum_duplicates()
    return normalize(matrix)


def _counts(indicator: sparse.csr_matrix, values: np.ndarray) -> sparse.csr_matrix:
    """Groups x distinct values (ids >= 0) of their cases, L2-normalised counts."""
    known = np.flatnonzero(values >= 0)
    width = int(values.max(initial=-1)) + 1
    if not len(known) or width == 0:
        return sparse.csr_matrix((indicator.shape[0], 1), dtype=np.float64)
    one_hot = sparse.csr_matrix(
        (np.ones(len(known)), (known, values[known])), shape=(indicator.shape[1], width)
    )
    counts = (indicator.astype(np.float64) @ one_hot).tocsr()
    return normalize(counts)


def evidence_matrix(profiles: Profiles, config: dict[str, Any]) -> dict[str, np.ndarray]:
    """Each kind of evidence for every pair of clusters, and their weighted ``score``."""
    weights = config["WEIGHTS"]
    total = sum(weights[k] for k in EVIDENCE) or 1.0
    found = {
        "phrases": _dense(profiles.grams @ profiles.grams.T),
        "centres": _dense(profiles.centres @ profiles.centres.T),
        "categories": _dense(profiles.categories @ profiles.categories.T),
        "places": _dense(profiles.places @ profiles.places.T),
    }
    # Places count only between clusters where enough cases name a place at all.
    enough = profiles.placed >= config["MIN_PLACED"]
    found["places"] *= np.logical_and.outer(enough, enough)
    score = sum(weights[k] * found[k] for k in EVIDENCE) / total
    # Without a word (or part of one) in common, no amount of other evidence links two clusters.
    found["score"] = np.where(found["phrases"] >= config["MIN_PHRASES"], score, 0.0)
    return found


def _dense(matrix: Any) -> np.ndarray:
    return np.asarray(matrix.toarray() if sparse.issparse(matrix) else matrix, dtype=np.float64)


def merge_aspects(profiles: Profiles, config: dict[str, Any]) -> AspectMerge:
    """Group clusters into problems where the evidence reaches ``config["MERGE_AT"]`` (above 1:
    never).

    ``config`` is ``MONTHLY_SELECTION["ASPECTS"]``: ``WEIGHTS`` of the evidence, ``MERGE_AT``,
    ``MIN_PHRASES``, ``MIN_PLACED`` and ``PHRASES``.
    """
    k = len(profiles.size)
    live = np.flatnonzero(profiles.size > 0)
    problem_of = np.arange(k, dtype=np.int64)
    evidence = evidence_matrix(profiles, config)
    if len(live) >= 2 and config["MERGE_AT"] <= 1:
        distances = np.clip(1.0 - evidence["score"][np.ix_(live, live)], 0.0, 1.0)
        np.fill_diagonal(distances, 0.0)
        grouped = AgglomerativeClustering(
            n_clusters=None,
            distance_threshold=1.0 - config["MERGE_AT"],
            metric="precomputed",
            linkage="average",
        ).fit_predict(distances)
        # Each problem is named by the smallest cluster id it holds: independent of the library.
        first: dict[int, int] = {}
        for cluster, group in zip(live.tolist(), grouped.tolist(), strict=True):
            first.setdefault(group, cluster)
            problem_of[cluster] = first[group]
    order = {c: i for i, c in enumerate(sorted(set(problem_of.tolist())))}
    problem_of = np.array([order[c] for c in problem_of.tolist()], dtype=np.int64)
    merge = AspectMerge(problem_of, len(order), {})
    for problem in range(merge.count):
        merge.evidence[problem] = _shared(profiles, evidence, merge.aspects(problem))
    return merge


def _shared(
    profiles: Profiles, evidence: dict[str, np.ndarray], aspects: list[int]
) -> dict[str, Any]:
    """What the aspects of one problem have in common (for the explanation)."""
    if len(aspects) < 2:
        return {"aspects": len(aspects)}
    phrases = profiles.phrases[aspects]
    present = (phrases > 0).astype(np.int64)
    in_how_many = np.asarray(present.sum(axis=0)).ravel()
    strength = np.asarray(phrases.sum(axis=0)).ravel()
    common = np.flatnonzero(in_how_many >= 2)
    common = common[np.lexsort((-strength[common], -in_how_many[common]))]
    pairs = [(a, b) for i, a in enumerate(aspects) for b in aspects[i + 1 :]]
    mean = {
        kind: round(float(np.mean([evidence[kind][a, b] for a, b in pairs])), 3)
        for kind in (*EVIDENCE, "score")
    }
    places = profiles.places[aspects]
    shared_places = int(((places > 0).astype(np.int64).sum(axis=0) >= 2).sum())
    return {
        "aspects": len(aspects),
        "phrases": [profiles.words[c] for c in common[:6].tolist()],
        "shared_places": shared_places,
        "evidence": mean,
    }
