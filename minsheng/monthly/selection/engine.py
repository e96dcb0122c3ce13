"""Selecting candidates from any stream of cases: a file (``read_cases``) or the database.

``select_issues`` ranks the problems of a period (a year) by how well they fit "One issue per
month" (hot issues of one place are :mod:`.hot`). It reads the cases once, keeps compact columns
(:mod:`.corpus`), and gives the same result for the same cases and seed.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from minsheng.cases.partitions import Partitioning
from minsheng.cases.text import TextAnalyser
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.selection.aspects import AspectMerge, merge_aspects, profiles
from minsheng.monthly.selection.candidates import Candidate, Describer, month_starts
from minsheng.monthly.selection.clustering import Clustering, ClusterOptions, cluster
from minsheng.monthly.selection.corpus import Corpus
from minsheng.monthly.selection.evidence import Facts, gather
from minsheng.monthly.selection.partitions import read_corpus
from minsheng.monthly.selection.scoring import Totals, components, explain, merge_explanation
from minsheng.monthly.selection.vectors import Vectors, vectorise

# Reports progress: (stage, done, total or None). Stages: read, cluster, describe.
Progress = Callable[[str, int, int | None], None]


@dataclass
class Selection:
    candidates: list[Candidate]
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Analysis:
    corpus: Corpus
    vectors: Vectors
    clustering: Clustering
    facts: Facts
    months: list[dt.date]
    timings: dict[str, float]


def select_issues(
    records: Iterable[object],
    *,
    start: dt.datetime,
    end: dt.datetime,
    top: int = 30,
    seed: int = 1,
    progress: Progress | None = None,
    config: dict[str, Any] | None = None,
    analyser: TextAnalyser | None = None,
    partitioning: Partitioning | None = None,
) -> Selection:
    """The ``top`` candidates among the cases received in [start, end).

    The per-case work runs in partitions on Dask for large inputs (:mod:`.partitions`).
    """
    config = _finer_clusters(config or selection_settings())
    analysis = _analyse(records, start, end, seed, config, progress, analyser, partitioning)
    corpus = analysis.corpus
    # One candidate per problem: the clusters that tell one problem are merged as its aspects.
    merge = _merge_aspects(analysis, config)
    labels = merge.relabel(analysis.clustering.labels)
    facts = _facts(
        corpus, analysis.vectors, analysis.months, labels, merge.count, (start, end), config
    )
    n = len(corpus)
    minimum = max(config["MIN_CASES"], math.ceil(config["MIN_SHARE"] * n))
    eligible = [c for c in range(merge.count) if facts.size[c] >= minimum]
    weight = config["CONSULTATION_WEIGHT"]
    volumes = [
        int(facts.requests[c]) + weight * int(facts.size[c] - facts.requests[c]) for c in eligible
    ]
    totals = _totals(corpus, analysis.months, volumes)
    scored = {c: components(facts, c, totals, config) for c in eligible}
    ranked = sorted(eligible, key=lambda c: (-scored[c]["score"], -int(facts.size[c]), c))[:top]
    describer = Describer(
        corpus, analysis.vectors, labels, analysis.clustering.similarity, facts, analysis.months
    )
    aspect_describer = Describer(
        corpus,
        analysis.vectors,
        analysis.clustering.labels,
        analysis.clustering.similarity,
        analysis.facts,
        analysis.months,
    )
    candidates: list[Candidate] = []
    for rank, problem in enumerate(ranked, start=1):
        if progress:
            progress("describe", rank, len(ranked))
        rows = describer.members(problem)
        detail = describer.describe(problem, rows)
        aspects = [
            aspect_describer.aspect(cluster, len(rows), detail["label_en"])
            for cluster in merge.aspects(problem)
            if analysis.facts.size[cluster] > 0
        ]
        aspects.sort(key=lambda a: (-a["cases"], a["label"]))
        candidates.append(
            {
                "rank": rank,
                "key": detail.pop("key"),
                "label": detail.pop("label"),
                "label_en": detail.pop("label_en"),
                "keywords": detail.pop("keywords"),
                "size": int(facts.size[problem]),
                "score": scored[problem]["score"],
                "components": scored[problem],
                "explanation": explain(scored[problem], config, len(analysis.months)),
                "aspects": aspects,
                "merge": merge_explanation(merge.evidence[problem], int(facts.size[problem])),
                **detail,
            }
        )
    summary = _summary(analysis, start, end, seed, config, "year")
    summary["candidate_minimum"] = minimum
    summary["clusters_eligible"] = len(eligible)
    summary["problems"] = merge.count
    summary["aspects_merge_at"] = config["ASPECTS"]["MERGE_AT"]
    return Selection(candidates, summary)


def _finer_clusters(config: dict[str, Any]) -> dict[str, Any]:
    """The settings with the year's finer clustering (its clusters become aspects)."""
    clustering = {
        **config["CLUSTERING"],
        "merge_distance": config["ASPECTS"]["CLUSTER_MERGE_DISTANCE"],
    }
    return {**config, "CLUSTERING": clustering}


def _merge_aspects(analysis: _Analysis, config: dict[str, Any]) -> AspectMerge:
    began = time.perf_counter()
    aspects = config["ASPECTS"]
    found = merge_aspects(
        profiles(
            analysis.corpus,
            analysis.vectors,
            analysis.clustering.labels,
            analysis.clustering.count,
            aspects["PHRASES"],
        ),
        aspects,
    )
    analysis.timings["merge"] = time.perf_counter() - began
    return found


def _analyse(
    records: Iterable[object],
    start: dt.datetime,
    end: dt.datetime,
    seed: int,
    config: dict[str, Any],
    progress: Progress | None,
    analyser: TextAnalyser | None,
    partitioning: Partitioning | None = None,
) -> _Analysis:
    timings: dict[str, float] = {}
    began = time.perf_counter()
    corpus = read_corpus(records, start, end, analyser, partitioning, progress)
    timings["read"] = time.perf_counter() - began
    if progress:
        progress("cluster", 0, None)
    began = time.perf_counter()
    text = config["TEXT"]
    vectors = vectorise(
        corpus,
        min_df=text["MIN_DF"],
        max_df=text["MAX_DF"],
        min_words=text["MIN_WORDS"],
        seed=seed,
        category_weight=text["CATEGORY_WEIGHT"],
    )
    clustering = cluster(
        vectors, ClusterOptions(seed=seed, **config["CLUSTERING"]), corpus.column("number_hash")
    )
    timings["cluster"] = time.perf_counter() - began
    began = time.perf_counter()
    months = month_starts(start, end)
    facts = _facts(
        corpus, vectors, months, clustering.labels, clustering.count, (start, end), config
    )
    timings["facts"] = time.perf_counter() - began
    return _Analysis(corpus, vectors, clustering, facts, months, timings)


def _facts(
    corpus: Corpus,
    vectors: Vectors,
    months: list[dt.date],
    labels: np.ndarray,
    count: int,
    period: tuple[dt.datetime, dt.datetime],
    config: dict[str, Any],
) -> Facts:
    """The facts of each group of cases (clusters, or problems after the merge)."""
    return gather(
        corpus,
        labels,
        count,
        start=int(period[0].timestamp()),
        months=len(months),
        overdue_days=config["OVERDUE_DAYS"],
        end=int(period[1].timestamp()),
        signature=vectors.signature,
    )


def _totals(corpus: Corpus, months: list[dt.date], volumes: list[float]) -> Totals:
    from minsheng.cases.places import Gazetteer

    gazetteer = Gazetteer.default()
    district = corpus.column("district")
    subdistrict = corpus.column("subdistrict")
    seen_districts = {corpus.regions[i].code for i in np.unique(district[district >= 0]).tolist()}
    seen_subdistricts = np.unique(subdistrict[subdistrict >= 0])
    return Totals(
        cases=len(corpus),
        months=len(months),
        districts=len(seen_districts & set(gazetteer.districts)) or 1,
        subdistricts=len(seen_subdistricts) or 1,
        largest=max(volumes, default=1),
    )


def _summary(
    analysis: _Analysis,
    start: dt.datetime,
    end: dt.datetime,
    seed: int,
    config: dict[str, Any],
    mode: str,
) -> dict[str, Any]:
    corpus, clustering = analysis.corpus, analysis.clustering
    located = corpus.column("located_by")
    return {
        "mode": mode,
        "from": start.date().isoformat(),
        "to": (end - dt.timedelta(seconds=1)).date().isoformat(),
        "cases": len(corpus),
        "rows_skipped": corpus.skipped,
        "clusters": clustering.count,
        "clustered_share": round(float((clustering.labels >= 0).mean()), 4) if len(corpus) else 0,
        "located_by_columns": int((located == 1).sum()),
        "located_by_text": int((located >= 2).sum()),
        "unlocated": int((located == 0).sum()),
        "vocabulary": int(analysis.vectors.matrix.shape[1]),
        "seed": seed,
        "weights": config["WEIGHTS"],
        "seconds": {k: round(v, 2) for k, v in analysis.timings.items()},
    }
