"""Category hints for new cases, from the intake classifier trained on past cases.

The classifier belongs to the language of cases (``cases.classifier``, trained by
``minsheng train-classifier``); here its guesses become categories the dispatcher can check,
each with its confidence and the unit the dispatch rules would then choose. Without a trained
model there are simply no hints.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from minsheng.cases import classifier
from minsheng.hotline import dispatching
from minsheng.hotline.models import Case, Category, DispatchRule
from minsheng.people.models import Organisation


@dataclass(frozen=True)
class CategoryHint:
    category: Category
    confidence: float
    unit: Organisation | None

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def category_hints(
    cases: list[Case], *, top: int = 1, rules: list[DispatchRule] | None = None
) -> dict[int, list[CategoryHint]]:
    """Hints per case id, best first; one model call for all the cases."""
    model = classifier.saved_model("category")
    readable = [case for case in cases if case.content]
    if model is None or not readable:
        return {}
    guesses = model.predict([classifier.features(c.title, c.content) for c in readable], top=top)
    codes = {code for pairs in guesses for code, _ in pairs}
    categories = Category.objects.in_bulk(codes, field_name="code")
    rules = dispatching.active_rules() if rules is None else rules
    hints: dict[int, list[CategoryHint]] = {}
    for case, pairs in zip(readable, guesses, strict=True):
        hints[case.pk] = [
            CategoryHint(categories[code], confidence, _unit_for(case, categories[code], rules))
            for code, confidence in pairs
            if code in categories
        ]
    return hints


def _unit_for(case: Case, category: Category, rules: list[DispatchRule]) -> Organisation | None:
    """The unit the rules would pick if the case had this category (the case is not changed)."""
    candidate = copy.copy(case)
    candidate.category = category
    return dispatching.suggest(candidate, rules).unit
