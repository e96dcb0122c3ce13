"""Finding the problems: over-cluster a de-duplicated sample, merge look-alikes, assign everyone.

1. De-duplicate: cases with the same set of words count once when the model is fitted, so a
   burst of identical calls or a flood of one question cannot claim the clusters.
2. Fit on a deterministic sample of the distinct cases: latent semantic analysis (truncated SVD
   of TF-IDF) and k-means with more clusters than there are problems.
3. Merge clusters that tell the same problem in different words: average linkage on the cosine
   distance of their centres in a latent semantic space (truncated SVD of the sample), where words
   used together are close, so "没有电梯，上下楼困难" and "加装电梯一楼反对" come together, within
   and across categories.
4. Assign every case, in chunks, to its nearest centre; cases far from all of them stay alone.

Memory stays linear in the number of cases (one chunk of dense vectors at a time), and the same
input and seed give the same clusters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import TruncatedSVD

from minsheng.monthly.selection.vectors import Vectors

CHUNK = 16_384


@dataclass
class Clustering:
    labels: np.ndarray  # int32 cluster of each case, -1 alone
    similarity: np.ndarray  # float32 cosine to the centre it was assigned to
    count: int  # number of clusters
    duplicates_in_fit: int  # cases left out of the fit as duplicates


@dataclass(frozen=True)
class ClusterOptions:
    fit_sample: int = 40_000
    min_clusters: int = 20
    max_clusters: int = 300
    clusters_per_root: float = 4.0  # k = this x sqrt(distinct cases in the sample)
    merge_distance: float = 0.7
    merge_dimensions: int = 100  # LSA dimensions for comparing centres (0: compare as they are)
    merge_captured: float = 0.5  # share of a centre the latent space must hold to compare there
    min_similarity: float = 0.3
    seed: int = 1


def cluster(
    vectors: Vectors,
    options: ClusterOptions,
    order_key: np.ndarray,
    progress: Callable[[str], None] | None = None,
) -> Clustering:
    """Cluster the cases; ``order_key`` (a hash of each case's number) orders the sample."""
    matrix = vectors.matrix
    n = matrix.shape[0]
    labels = np.full(n, -1, dtype=np.int32)
    similarity = np.zeros(n, dtype=np.float32)
    candidates = np.flatnonzero(vectors.informative)
    if len(candidates) < 3 or matrix.shape[1] < 3:
        return Clustering(labels, similarity, 0, 0)
    # Cases in the order of a hash of their number: a uniform sample, whatever the input order.
    candidates = candidates[np.argsort(order_key[candidates], kind="stable")]
    _, first = np.unique(vectors.signature[candidates], return_index=True)
    distinct = candidates[np.sort(first)]
    sample = distinct[: options.fit_sample]
    if progress:
        progress("fit")
    fitted = matrix[sample]
    k = int(options.clusters_per_root * np.sqrt(len(sample)))
    k = max(2, min(options.max_clusters, max(options.min_clusters, k), len(sample) // 2))
    kmeans = KMeans(n_clusters=k, n_init=1, max_iter=60, random_state=options.seed)
    kmeans.fit(fitted)
    centres = _normalise(np.asarray(kmeans.cluster_centers_, dtype=np.float32))
    groups = _merge(centres, _similarity(centres, fitted, options), options.merge_distance)
    if progress:
        progress("assign")
    for start in range(0, n, CHUNK):
        rows = slice(start, min(start + CHUNK, n))
        scores = np.asarray(matrix[rows] @ centres.T)
        best = np.argmax(scores, axis=1)
        best_score = scores[np.arange(len(best)), best]
        chunk_labels = groups[best].astype(np.int32)
        chunk_labels[best_score < options.min_similarity] = -1
        labels[rows] = chunk_labels
        similarity[rows] = best_score
    labels[~vectors.informative] = -1
    return Clustering(
        labels=labels,
        similarity=similarity,
        count=int(groups.max()) + 1,
        duplicates_in_fit=len(candidates) - len(distinct),
    )


def _similarity(centres: np.ndarray, fitted: Any, options: ClusterOptions) -> np.ndarray:
    """Cosine similarity of the centres, in a latent semantic space where it can be trusted.

    LSA (truncated SVD of the sample) puts words used together close, so two tellings of one
    problem meet. A centre the latent space barely represents (a short, rare question) would
    meet everything there; such pairs keep their plain TF-IDF cosine.
    """
    plain = centres @ centres.T
    if not options.merge_dimensions:
        return plain
    dims = max(2, min(options.merge_dimensions, fitted.shape[1] - 1, fitted.shape[0] - 1))
    svd = TruncatedSVD(n_components=dims, random_state=options.seed, n_iter=5).fit(fitted)
    projected = (centres @ svd.components_.T).astype(np.float32)
    captured = np.linalg.norm(projected, axis=1)  # the centres have unit length
    latent = _normalise(projected)
    trusted = np.minimum.outer(captured, captured) >= options.merge_captured
    return np.where(trusted, latent @ latent.T, plain)


def _merge(centres: np.ndarray, similarity: np.ndarray, distance: float) -> np.ndarray:
    """Group ids of the centres after merging, numbered in order of first centre."""
    if len(centres) < 2:
        return np.zeros(len(centres), dtype=np.int64)
    distances = np.clip(1.0 - similarity, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    merged = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="precomputed", linkage="average"
    ).fit_predict(distances)
    # Renumber in order of first appearance, so ids do not depend on the library's numbering.
    order: dict[int, int] = {}
    return np.array([order.setdefault(int(g), len(order)) for g in merged], dtype=np.int64)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
