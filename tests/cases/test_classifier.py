"""The intake classifier: trained and evaluated on generated cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from minsheng.cases import classifier
from minsheng.cases.casefile import BEIJING, CaseRecord, read_cases
from minsheng.hotline.synthetic import GenerationSpec, write_cases

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def training_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("training") / "labelled.csv"
    write_cases(GenerationSpec.year(2025, 8000, seed=31), path)
    return path


def test_training_reports_cross_validated_scores_and_saves_the_model(training_file, var, capsys):
    call_command("train_classifier", "--input", str(training_file), "--language", "en")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("macro_f1=") and float(lines[-1].split("=")[1]) > 0.75
    assert float(lines[-2].split("=")[1]) > 0.85  # accuracy
    assert any(line.startswith("030201 ") for line in lines)  # one row per class
    assert classifier.model_path().is_file()


def test_a_new_case_gets_suggested_categories_with_confidence(training_file, var):
    assert classifier.suggest("暖气不热", "家里暖气不热，室温只有十四度") == []  # no model yet
    call_command("train_classifier", "--input", str(training_file))
    suggestions = classifier.suggest("暖气不热", "市民来电反映：家里暖气一点都不热，室温只有十四度")
    codes = [code for code, _ in suggestions]
    assert codes[0] in {"060101", "060102"}
    assert 0 < suggestions[0][1] <= 1 and len(suggestions) == 3
    assert [c for _, c in suggestions] == sorted((c for _, c in suggestions), reverse=True)


def test_classify_adds_the_predicted_label_and_confidence(training_file, var, tmp_path):
    call_command("train_classifier", "--input", str(training_file))
    new = tmp_path / "new.csv"
    write_cases(GenerationSpec.year(2026, 300, seed=32), new)
    out = tmp_path / "classified.csv"
    call_command("classify", "--input", str(new), "--out", str(out))
    records = [r for r in read_cases(out) if isinstance(r, CaseRecord)]
    assert len(records) == 300
    labelled = [r for r in records if r.category and len(r.category) == 6]
    right = sum(r.extra["predicted_category"] == r.category for r in labelled)
    assert right / len(labelled) > 0.8
    assert all(0 < float(r.extra["predicted_category_confidence"]) <= 1 for r in records)


def test_any_column_can_be_learnt_for_example_the_unit(training_file, tmp_path, capsys):
    model = tmp_path / "units.joblib"
    call_command(
        "train_classifier",
        "--input",
        str(training_file),
        "--label-column",
        "handling_unit",
        "--model",
        str(model),
        # Without the model search (tested in test_classifier_small_files.py): minutes.
        "--search",
        "none",
    )
    assert classifier.load(model).label == "handling_unit"
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("macro_f1=")


def case(number, category, content):
    return CaseRecord(
        line=0,
        number=number,
        received_at=dt.datetime(2025, 1, 1, tzinfo=BEIJING),
        content=content,
        category=category,
    )


def test_broader_and_rare_labels_are_left_out_and_counted():
    records = (
        [case(f"A{i}", "030201", f"电梯坏了第{i}次，困人") for i in range(10)]
        + [case(f"B{i}", "物业管理/设施维修/楼道照明损坏", f"楼道灯不亮{i}") for i in range(10)]
        + [case(f"C{i}", "0302", "电梯和楼道灯") for i in range(6)]  # broader than both
        + [case(f"D{i}", "010101", "路面很脏") for i in range(2)]  # too rare
        + [case("E1", None, "没有分类")]
    )
    documents, labels, unlabelled = classifier.read_labelled(records, "category")
    assert "030202" in labels and unlabelled == 1  # the name path became its code
    model, report = classifier.train(
        documents, labels, label="category", folds=2, unlabelled=unlabelled
    )
    assert (report.classes, report.coarse, report.skipped_rare) == (2, 6, 2)
    assert {row["label"] for row in report.per_class} == {"030201", "030202"}
    assert model.predict([classifier.features(None, "电梯又坏了")])[0][0][0] == "030201"


def test_training_needs_two_classes_and_a_model_to_classify_with(tmp_path, var):
    with pytest.raises(ValueError):
        classifier.train([["电梯"]] * 6, ["030201"] * 6, label="category", folds=2)
    with pytest.raises(CommandError):
        call_command(
            "classify", "--input", str(tmp_path / "x.csv"), "--out", str(tmp_path / "y.csv")
        )
