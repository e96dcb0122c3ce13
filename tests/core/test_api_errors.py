"""One way for every API to answer a refusal: 409 with the reason in the user's language."""

from __future__ import annotations

from django.utils import translation

from minsheng.core.api import exception_handler
from minsheng.core.errors import Refused
from minsheng.hotline.states import IllegalTransition
from minsheng.timebank.errors import InsufficientBalance


def answer(error: Exception) -> tuple[int, dict]:
    response = exception_handler(error, {})
    assert response is not None
    return response.status_code, response.data["error"]


def test_a_refusal_is_a_409_with_its_message_and_code():
    assert answer(Refused("Not now.", code="not_now")) == (
        409,
        {"code": "not_now", "message": "Not now."},
    )


def test_the_time_bank_and_the_hotline_refuse_the_same_way():
    assert answer(InsufficientBalance("No minutes left."))[0] == 409
    status, body = answer(IllegalTransition("closed", "dispatched"))
    assert status == 409 and body["code"] == "conflict"


def test_an_illegal_move_of_a_case_is_explained_in_the_users_language():
    with translation.override("zh-hans"):
        message = answer(IllegalTransition("closed", "dispatched"))[1]["message"]
    assert message.startswith("该工单当前为“已办结”，不能转为“")
    with translation.override("en"):
        message = answer(IllegalTransition("closed", "dispatched"))[1]["message"]
    assert message == "The case is Closed; it cannot move to Dispatched, awaiting acceptance."
