"""Segmenting the training cases on Dask: the same model with 1 and 2 workers as in one process."""

from __future__ import annotations

import numpy as np
import pytest

from minsheng.cases import classifier
from minsheng.cases.partitions import CaseFile, Partitioning
from minsheng.hotline.synthetic import GenerationSpec, write_cases

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def training_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("training") / "labelled.csv"
    write_cases(GenerationSpec.year(2025, 2500, seed=41), path)
    return path


def trained(path, partitioning):
    documents, labels, unlabelled = classifier.read_labelled(
        CaseFile(path), "category", partitioning=partitioning
    )
    model, _ = classifier.train(
        documents, labels, label="category", folds=3, unlabelled=unlabelled, nested=False
    )
    return documents, labels, model


def test_the_trained_model_is_identical_with_one_and_two_workers(training_file, dask_clusters):
    # Small partitions, so that both workers segment cases.
    runs = [
        trained(training_file, Partitioning(min_cases=10**9)),
        *(
            trained(training_file, Partitioning(scheduler=address, min_cases=0, partition=400))
            for address in (dask_clusters[1], dask_clusters[2])
        ),
    ]
    (documents, labels, model), *others = runs
    assert len(documents) > 2000
    probabilities = model.pipeline.predict_proba(documents)
    for other_documents, other_labels, other in others:
        assert (other_documents, other_labels) == (documents, labels)
        assert np.array_equal(other.pipeline.predict_proba(documents), probabilities)
        assert model.predict(documents[:50], top=3) == other.predict(documents[:50], top=3)
