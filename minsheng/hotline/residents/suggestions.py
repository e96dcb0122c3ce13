"""The categories the intake classifier reads in a resident's words (its three best)."""

from __future__ import annotations

from minsheng.cases import classifier
from minsheng.hotline.models import Category

TOP = 3


def categories(content: str) -> list[Category]:
    model = classifier.saved_model("category")
    if model is None or len(content.strip()) < 4:
        return []
    (guesses,) = model.predict([classifier.features("", content)], top=TOP)
    found = Category.objects.in_bulk([code for code, _ in guesses], field_name="code")
    return [found[code] for code, _ in guesses if code in found and found[code].is_active]
