"""Category hints from the intake classifier, on the console and the case page."""

from __future__ import annotations

import pytest

from minsheng.cases import classifier
from minsheng.hotline import intake
from minsheng.hotline.models import Category

pytestmark = pytest.mark.django_db


class FixedModel:
    """A stand-in for a trained model: always the same guesses."""

    def __init__(self, guesses):
        self.guesses = guesses
        self.seen = 0

    def predict(self, documents, top=1):
        self.seen += len(documents)
        return [self.guesses[:top] for _ in documents]


@pytest.fixture
def model(monkeypatch, categories):
    fixed = FixedModel([("030202", 0.82), ("010301", 0.11), ("999999", 0.01)])
    monkeypatch.setattr(classifier, "saved_model", lambda label="category": fixed)
    return fixed


def test_without_a_trained_model_there_are_no_hints(monkeypatch, new_case):
    monkeypatch.setattr(classifier, "saved_model", lambda label="category": None)
    assert intake.category_hints([new_case]) == {}


def test_hints_name_the_category_its_confidence_and_the_unit_it_leads_to(model, new_case):
    hints = intake.category_hints([new_case], top=3)[new_case.pk]
    assert [h.category.code for h in hints] == ["030202", "010301"]  # unknown codes dropped
    assert hints[0].percent == 82
    assert hints[0].unit.code == "SD-110105017"
    new_case.refresh_from_db()
    assert new_case.category != Category.objects.get(code="010301")  # the case is untouched


def test_the_console_asks_the_model_once_for_the_whole_page(model, client, cast, new_case):
    client.force_login(cast.dispatcher)
    page = client.get("/hotline/console/").content.decode()
    assert model.seen == 1
    assert "楼道照明损坏 (82%)" in page


def test_the_case_page_shows_the_three_best_guesses(model, client, cast, new_case):
    client.force_login(cast.dispatcher)
    page = client.get(f"/hotline/cases/{new_case.number}/").content.decode()
    assert "可信度 82%" in page or "confidence 82%" in page
