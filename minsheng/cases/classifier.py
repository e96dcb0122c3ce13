"""Classifying cases at intake: which category (or unit) a new request most likely belongs to.

A city starts with a few hundred messages sorted by hand, or with years of labelled cases, and the
classifier learns only from what it is given: no model trained on outside data is shipped.

A case is seen as four views, weighted apart: the words of its title and of its content (from
:mod:`minsheng.cases.text`, set phrases and place names removed; single words and pairs) and the
characters of each (runs of one to three), which carry what segmentation misses.

* Up to ``NESTED_MAX_CASES`` labelled cases, the model is chosen on the file itself by nested
  cross-validation: each outer fold picks among ``CANDIDATES`` (linear SVMs of several strengths,
  title weights, and complement naive Bayes) by an inner cross-validation of its training part only,
  so the macro-F1 reported from the held-out folds is not flattered by the choice. The SVMs weigh
  classes by their rarity and their scores are calibrated (sigmoid, cross-fitted) into
  probabilities, so a confidence of 0.9 means about nine in ten.
* On larger files the search would take minutes for little gain: complement naive Bayes over the
  same views is used (seconds for ten thousand cases), cross-validated in plain folds.

The model is saved with joblib in ``var/monthly/``; only load models this installation wrote.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from sklearn.base import BaseEstimator, ClassifierMixin

from minsheng.cases.casefile import CaseRecord
from minsheng.cases.names import categories, category_code, category_names
from minsheng.cases.partitions import Partitioning, fold_cases
from minsheng.cases.text import TextAnalyser

logger = logging.getLogger(__name__)

CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]+")
MIN_PER_CLASS = 5  # classes with fewer cases cannot be learnt (nor cross-validated)
NESTED_MAX_CASES = 5000  # above this, no model search (see the module's docstring)
INNER_FOLDS = 3
# The models nested cross-validation chooses among: (kind, strength, title weight).
CANDIDATES: list[tuple[str, float, float]] = [
    ("svm", 0.3, 1.0),
    ("svm", 0.3, 2.0),
    ("svm", 1.0, 1.0),
    ("svm", 1.0, 2.0),
    ("nb", 0.3, 1.0),
]
FAST_MODEL = ("nb", 0.3, 1.0)


def model_path(label: str = "category") -> Path:
    return Path(settings.VAR_DIR) / "monthly" / f"classifier-{label}.joblib"


@dataclass(frozen=True, slots=True)
class Document:
    """A case as the model sees it: words and cleaned text of the title and of the content."""

    title_words: tuple[str, ...]
    content_words: tuple[str, ...]
    title_text: str
    content_text: str


def features(title: str | None, content: str) -> Document:
    analyser = TextAnalyser.shared()
    head = analyser.analyse(None, title or "") if title else None
    body = analyser.analyse(None, content)
    return Document(
        title_words=tuple(head.tokens) if head else (),
        content_words=tuple(body.tokens),
        title_text=head.text if head else "",
        content_text=body.text,
    )


# The analysers of the four views (module level: the saved model pickles them by name).
EMPTY = ["<empty>"]  # a view of a case without a title still has one feature: none is empty


def _word_grams(words: tuple[str, ...]) -> list[str]:
    return [*words, *(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))] or EMPTY


def _char_grams(text: str) -> list[str]:
    grams = [
        run[i : i + n]
        for run in CHINESE_RUN.findall(text)
        for n in (1, 2, 3)
        for i in range(len(run) - n + 1)
    ]
    return grams or EMPTY


def title_words(document: Document) -> list[str]:
    return _word_grams(document.title_words)


def content_words(document: Document) -> list[str]:
    return _word_grams(document.content_words)


def title_chars(document: Document) -> list[str]:
    return _char_grams(document.title_text)


def content_chars(document: Document) -> list[str]:
    return _char_grams(document.content_text)


def identity(document: list[str]) -> list[str]:
    """Kept so that models saved by earlier versions still unpickle (and are then refused)."""
    return document


def label_of(record: CaseRecord, column: str) -> str | None:
    """The record's label; categories are normalised to the taxonomy's most specific code."""
    value = getattr(record, column, None) if column != "extra" else None
    if value is None:
        value = record.extra.get(column)
    if isinstance(value, list):
        value = value[0] if value else None
    if value in (None, ""):
        return None
    value = str(value)
    if column == "category":
        return _category_code(value)
    return value


def _category_code(value: str) -> str:
    return category_code(value) or value


@dataclass
class Report:
    cases: int
    classes: int
    skipped_rare: int  # cases of classes with fewer than MIN_PER_CLASS cases
    unlabelled: int
    coarse: int  # cases labelled only with a broader category than others have
    accuracy: float
    macro_f1: float
    per_class: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    labels: list[str] = field(default_factory=list)  # the order of the confusion table
    confusion: list[list[int]] = field(default_factory=list)  # rows: true, columns: predicted
    nested: bool = False  # chosen by nested cross-validation (else the fast model)
    chosen: str = ""  # the model fitted on everything, in words
    chosen_per_fold: list[str] = field(default_factory=list)


@dataclass
class Model:
    label: str
    pipeline: Any
    trained_at: str
    cases: int
    description: str = ""

    def predict(self, documents: list[Document], top: int = 1) -> list[list[tuple[str, float]]]:
        probabilities = self.pipeline.predict_proba(documents)
        classes = self.pipeline.classes_
        best = np.argsort(-probabilities, axis=1)[:, :top]
        return [
            [(str(classes[j]), round(float(row[j]), 4)) for j in order]
            for row, order in zip(probabilities, best, strict=True)
        ]


def describe(candidate: tuple[str, float, float]) -> str:
    kind, strength, title_weight = candidate
    if kind == "svm":
        return f"calibrated linear SVM C={strength} title×{title_weight:g}"
    return f"complement naive Bayes alpha={strength} title×{title_weight:g}"


def pipeline(
    candidate: tuple[str, float, float], *, min_df: int = 1, calibrate: bool = True
) -> Any:
    """The four views, weighted, and the classifier of one candidate."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import FeatureUnion, Pipeline

    kind, strength, title_weight = candidate

    def view(analyser: Callable[[Document], list[str]]) -> Any:
        return TfidfVectorizer(analyzer=analyser, min_df=min_df, sublinear_tf=True)

    views = FeatureUnion(
        [
            ("title_words", view(title_words)),
            ("content_words", view(content_words)),
            ("title_chars", view(title_chars)),
            ("content_chars", view(content_chars)),
        ],
        transformer_weights={
            "title_words": title_weight,
            "title_chars": title_weight,
            "content_words": 1.0,
            "content_chars": 1.0,
        },
    )
    model = (
        CalibratedSVM(C=strength, calibrate=calibrate)
        if kind == "svm"
        else ComplementNB(alpha=strength)
    )
    return Pipeline([("views", views), ("model", model)])


class CalibratedSVM(ClassifierMixin, BaseEstimator):
    """A linear SVM weighting classes by rarity, with sigmoid-calibrated probabilities.

    Calibration is cross-fitted in up to three folds, fewer when the rarest class is that small.
    Without ``calibrate`` it is the bare SVM (its choice is the same nearly always): model search
    compares candidates that way, at a tenth of the cost.
    """

    def __init__(self, C: float = 1.0, calibrate: bool = True) -> None:
        self.C = C
        self.calibrate = calibrate

    def fit(self, matrix: Any, y: Any) -> CalibratedSVM:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        svm = LinearSVC(C=self.C, class_weight="balanced", max_iter=5000)
        if self.calibrate:
            rarest = min(Counter(np.asarray(y).tolist()).values())
            folds = max(2, min(3, rarest))
            # One SVM on all the cases, calibrated on its cross-fitted scores.
            svm = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
        self.model_ = svm.fit(matrix, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, matrix: Any) -> Any:
        return self.model_.predict_proba(matrix)

    def predict(self, matrix: Any) -> Any:
        return self.model_.predict(matrix)


def read_labelled(
    records: Iterable[object],
    column: str,
    progress: Callable[[int], None] | None = None,
    *,
    partitioning: Partitioning | None = None,
) -> tuple[list[Document], list[str], int]:
    """The documents of the labelled cases, their labels and how many cases had none.

    Segmenting the texts runs in partitions (on Dask for large inputs, see
    :mod:`minsheng.cases.partitions`), the documents kept in input order.
    """
    found = fold_cases(
        records,
        partial(labelled_documents, column=column),
        start=Labelled,
        fold=Labelled.extend,
        partitioning=partitioning,
        progress=progress,
    )
    return found.documents, found.labels, found.unlabelled


@dataclass(slots=True)
class Labelled:
    documents: list[Document] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    unlabelled: int = 0

    def extend(self, other: Labelled) -> None:
        self.documents.extend(other.documents)
        self.labels.extend(other.labels)
        self.unlabelled += other.unlabelled


def labelled_documents(records: Iterable[object], *, column: str) -> Labelled:
    """The documents and labels of some of the cases (on a worker, or of all of them here)."""
    found = Labelled()
    for record in records:
        if not isinstance(record, CaseRecord):
            continue
        label = label_of(record, column)
        if label is None:
            found.unlabelled += 1
            continue
        found.documents.append(features(record.title, record.content))
        found.labels.append(label)
    return found


def train(
    documents: list[Document],
    labels: list[str],
    *,
    label: str,
    folds: int = 5,
    seed: int = 1,
    unlabelled: int = 0,
    nested: bool | None = None,
) -> tuple[Model, Report]:
    """Cross-validate, then fit on everything. Raises ValueError if there is too little.

    ``nested`` chooses the model by nested cross-validation; by default it does so up to
    ``NESTED_MAX_CASES`` cases.
    """
    started = dt.datetime.now(dt.UTC)
    counts = Counter(labels)
    coarse = _coarse(counts) if label == "category" else set()
    keep = [
        i
        for i, value in enumerate(labels)
        if counts[value] >= max(MIN_PER_CLASS, folds) and value not in coarse
    ]
    kept = [documents[i] for i in keep]
    y = np.array([labels[i] for i in keep])
    classes = sorted(set(y.tolist()))
    if len(classes) < 2:
        raise ValueError("At least two classes with enough cases are needed.")
    if nested is None:
        nested = len(y) <= NESTED_MAX_CASES
    predicted, per_fold = _held_out_predictions(kept, y, folds=folds, seed=seed, nested=nested)
    final = _choose(kept, y, seed=seed) if nested else FAST_MODEL
    fitted = pipeline(final, min_df=1 if nested else 2).fit(kept, y)
    model = Model(label, fitted, started.isoformat(), len(y), describe(final))
    report = _report(y, predicted, classes, label=label)
    report.skipped_rare = len(labels) - len(keep) - sum(counts[c] for c in coarse)
    report.unlabelled = unlabelled
    report.coarse = sum(counts[c] for c in coarse)
    report.nested, report.chosen, report.chosen_per_fold = nested, describe(final), per_fold
    report.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return model, report


def _held_out_predictions(
    documents: list[Document], y: Any, *, folds: int, seed: int, nested: bool
) -> tuple[Any, list[str]]:
    """Each case predicted by a model that never saw it, nor chose its settings with it."""
    from sklearn.model_selection import StratifiedKFold

    predicted = np.empty(len(y), dtype=object)
    chosen: list[str] = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_rows, test_rows in splitter.split(np.zeros(len(y)), y):
        train_documents = [documents[i] for i in train_rows]
        candidate = _choose(train_documents, y[train_rows], seed=seed) if nested else FAST_MODEL
        chosen.append(describe(candidate))
        fitted = pipeline(candidate, min_df=1 if nested else 2).fit(train_documents, y[train_rows])
        predicted[test_rows] = fitted.predict([documents[i] for i in test_rows])
    return predicted.astype(str), chosen


def _choose(documents: list[Document], y: Any, *, seed: int) -> tuple[str, float, float]:
    """The candidate with the best macro-F1 in an inner cross-validation of these cases only."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    folds = max(2, min(INNER_FOLDS, min(Counter(y.tolist()).values())))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed + 1)
    splits = list(splitter.split(np.zeros(len(y)), y))
    scores = []
    for candidate in CANDIDATES:
        predicted = np.empty(len(y), dtype=object)
        for train_rows, test_rows in splits:
            fitted = pipeline(candidate, calibrate=False)
            fitted.fit([documents[i] for i in train_rows], y[train_rows])
            predicted[test_rows] = fitted.predict([documents[i] for i in test_rows])
        scores.append(f1_score(y, predicted.astype(str), average="macro", zero_division=0))
    return CANDIDATES[int(np.argmax(scores))]  # ties: the earlier, simpler candidate


def _report(y: Any, predicted: Any, classes: list[str], *, label: str) -> Report:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    precision, recall, f1, support = precision_recall_fscore_support(
        y, predicted, labels=classes, zero_division=0
    )
    per_class = [
        {
            "label": value,
            "name": _name(label, value),
            "precision": float(p),
            "recall": float(r),
            "f1": float(f),
            "support": int(s),
        }
        for value, p, r, f, s in zip(classes, precision, recall, f1, support, strict=True)
    ]
    return Report(
        cases=len(y),
        classes=len(classes),
        skipped_rare=0,
        unlabelled=0,
        coarse=0,
        accuracy=float(accuracy_score(y, predicted)),
        macro_f1=float(np.mean(f1)),
        per_class=sorted(per_class, key=lambda c: (-c["support"], c["label"])),
        labels=classes,
        confusion=confusion_matrix(y, predicted, labels=classes).tolist(),
    )


def _coarse(counts: Counter[str]) -> set[str]:
    """Taxonomy codes that are parents of other labels: "0301" when "030102" is there too."""
    known = categories()
    return {
        value
        for value in counts
        if value in known and any(other != value and other.startswith(value) for other in counts)
    }


def _name(label: str, value: str) -> str:
    return category_names(value)[0] if label == "category" else ""


def save(model: Model, path: Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path)


def load(path: Path) -> Model:
    import joblib

    model = joblib.load(path)
    if not isinstance(model, Model):
        raise ValueError(f"{path} does not hold a case classifier.")
    if not hasattr(model, "pipeline"):
        raise ValueError(f"{path} was saved by an earlier version: run train-classifier again.")
    return model


_loaded: dict[Path, tuple[float, Model]] = {}


def saved_model(label: str = "category") -> Model | None:
    """The model saved in ``var/monthly/`` (reloaded when the file changes), or None."""
    path = model_path(label)
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp:
        try:
            _loaded[path] = (stamp, load(path))
        except ValueError:
            # An outdated model gives no suggestions rather than breaking the intake pages.
            logger.warning("Classifier model %s cannot be used; train it again.", path)
            return None
    return _loaded[path][1]


def suggest(
    title: str | None, content: str, *, label: str = "category", top: int = 3
) -> list[tuple[str, float]]:
    """Suggested labels (category codes by default) with confidence, best first.

    Empty when no model has been trained yet (``minsheng train-classifier``).
    """
    model = saved_model(label)
    if model is None or not content:
        return []
    return model.predict([features(title, content)], top=top)[0]


def classify(
    model: Model, records: Iterable[object], batch: int = 2000
) -> Iterator[tuple[CaseRecord, str, float]]:
    """Each readable record with its predicted label and confidence, streamed in batches."""
    pending: list[CaseRecord] = []
    for record in records:
        if isinstance(record, CaseRecord):
            pending.append(record)
        if len(pending) == batch:
            yield from _predict_batch(model, pending)
            pending = []
    if pending:
        yield from _predict_batch(model, pending)


def _predict_batch(
    model: Model, records: list[CaseRecord]
) -> Iterator[tuple[CaseRecord, str, float]]:
    predictions = model.predict([features(r.title, r.content) for r in records], top=1)
    for record, [(value, confidence)] in zip(records, predictions, strict=True):
        yield record, value, confidence
