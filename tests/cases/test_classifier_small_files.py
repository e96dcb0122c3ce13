"""The classifier on a city's own few hundred hand-labelled messages (generated: see the module)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from django.core.management import call_command

from minsheng.cases import classifier, synthetic_labelled
from minsheng.cases.casefile import CaseRecord, read_cases

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def labelled_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("labelled") / "board.csv"
    synthetic_labelled.write(path, scale=0.6, seed=5)
    return path


def test_the_sample_is_unbalanced_deterministic_and_not_perfectly_labelled():
    first = synthetic_labelled.messages(seed=3)
    assert first == synthetic_labelled.messages(seed=3)
    sizes = Counter(m.category for m in first)
    assert len(first) == 495 and len(sizes) == 7
    assert max(sizes.values()) > 3 * min(sizes.values())
    assert len({m.content for m in first}) > 480  # nearly every message says it its own way


def test_training_chooses_the_model_on_the_file_and_prints_held_out_scores(
    labelled_file, tmp_path, capsys
):
    model_file = tmp_path / "board.joblib"
    call_command(
        "train_classifier",
        "--input",
        str(labelled_file),
        "--model",
        str(model_file),
        "--language",
        "en",
    )
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[-1].startswith("macro_f1=") and 0.7 < float(lines[-1].split("=")[1]) < 1
    assert "Chosen by nested cross-validation:" in out
    table = lines[lines.index(next(x for x in lines if x.startswith("Confusion"))) + 2 :][:7]
    counts = [[int(v) for v in row.split()[2:]] for row in table]
    assert len(counts) == 7 and all(len(row) == 7 for row in counts)
    assert sum(map(sum, counts)) == sum(1 for r in read_cases(labelled_file) if r)
    model = classifier.load(model_file)
    [(label, confidence), *_] = model.predict(
        [classifier.features("拖欠工资", "公司三个月没发工资")], 3
    )[0]
    assert label == "劳动和社会保障" and 0.4 < confidence <= 1


def test_title_and_content_are_seen_apart():
    document = classifier.features("油烟扰民", "楼下饭店天天排油烟")
    assert "油烟" in document.title_words and "油烟" in document.content_words
    assert "扰民" not in document.content_words
    assert "烟扰" in classifier.title_chars(document)


def test_calibrated_confidence_says_how_often_the_model_is_right(labelled_file):
    records = [r for r in read_cases(labelled_file) if isinstance(r, CaseRecord)]
    documents, labels, _ = classifier.read_labelled(records, "category")
    half = len(documents) // 2
    fitted = classifier.pipeline(("svm", 1.0, 1.0)).fit(documents[:half], labels[:half])
    probabilities = fitted.predict_proba(documents[half:])
    confidence = probabilities.max(axis=1)
    right = fitted.classes_[probabilities.argmax(axis=1)] == np.array(labels[half:])
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert abs(confidence.mean() - right.mean()) < 0.12
    assert right[confidence > 0.8].mean() > right[confidence < 0.5].mean()


def test_each_outer_fold_chooses_without_its_held_out_cases(monkeypatch):
    seen: list[int] = []
    original = classifier._choose

    def spy(documents, y, *, seed):
        seen.append(len(documents))
        return original(documents, y, seed=seed)

    monkeypatch.setattr(classifier, "_choose", spy)
    documents = [classifier.features(None, f"电梯坏了第{i}次困人") for i in range(10)] + [
        classifier.features(None, f"楼道灯不亮已经{i}天") for i in range(10)
    ]
    labels = ["030201"] * 10 + ["030202"] * 10
    _model, report = classifier.train(documents, labels, label="category", folds=5)
    assert seen == [16, 16, 16, 16, 16, 20]  # five outer folds, then the model for all cases
    assert report.nested and len(report.chosen_per_fold) == 5
    assert report.confusion == [[10, 0], [0, 10]]
