"""Case numbers: ``YYYYMMDD`` and a six-digit sequence on every channel, after the numbers an
imported file already gave that day, unique under concurrent receipts and imports."""

from __future__ import annotations

import re
import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from minsheng.hotline import actions
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case, CaseNumberDay
from minsheng.hotline.synthetic.generator import GenerationSpec, generate
from minsheng.people import verification
from tests.hotline.importing.test_import_cases import write
from tests.hotline.residents.conftest import last_code

NUMBER = re.compile(r"\d{8}\d{6}")


def today() -> str:
    return f"{timezone.localtime():%Y%m%d}"


def imported_row(number: str) -> str:
    received = f"{timezone.localtime():%Y-%m-%d} 00:01"
    return f"{number},{received},phone,complaint,,,,,路灯不亮,朝阳区,劲松街道,,,010301,,,,,,,,,,,,,"


def test_a_call_a_web_report_an_open311_request_and_an_imported_row_share_one_format(
    cast, categories, jinsong, client, django_capture_on_commit_callbacks, tmp_path
):
    day = today()
    summary = import_cases(write(tmp_path, imported_row(f"{day}000118")), actor=cast.dispatcher)
    assert summary.imported == 1

    call = actions.receive_case(
        actor=cast.dispatcher, content="楼道灯坏了", channel="phone", subdistrict=jinsong
    )
    with django_capture_on_commit_callbacks(execute=True):
        verification.send_code(phone="13812345678", purpose=actions.residents.REPORT_PURPOSE)
    web = actions.report_case(
        phone="13812345678",
        code=last_code("13812345678"),
        name="王建国",
        kind="complaint",
        content="井盖丢了",
        subdistrict=jinsong,
    ).case
    _partner, key = actions.issue_partner_key(actor=cast.city_admin, name="网格化平台")
    posted = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "010301",
            "address_string": "劲松三区",
            "description": "路灯坏了",
            "attribute[subdistrict]": "110105017",
        },
    )
    assert posted.status_code == 200, posted.content
    open311 = Case.objects.get(number=posted.json()[0]["service_request_id"])

    numbers = [Case.objects.get(source="import").number, call.number, web.number, open311.number]
    assert all(NUMBER.fullmatch(n) and n.startswith(day) for n in numbers)
    # The day's sequence goes on after the imported number, one after another.
    assert [int(n[8:]) for n in numbers] == [118, 119, 120, 121]
    assert (call.channel, web.channel, open311.source) == ("phone", "web", "open311")


def test_the_generator_writes_numbers_of_the_same_format():
    import datetime as dt

    spec = GenerationSpec.window(dt.date(2026, 11, 29), dt.date(2026, 11, 30), 40, 3)
    numbers = [generated.row["number"] for generated in generate(spec)]
    assert len(numbers) == 40 and all(NUMBER.fullmatch(n) for n in numbers)
    assert {n[:8] for n in numbers} == {"20261129", "20261130"}
    assert min(n for n in numbers if n.startswith("20261130")).endswith("000001")


def test_other_forms_of_numbers_do_not_move_the_sequence(cast, jinsong, tmp_path):
    day = today()
    import_cases(
        write(tmp_path, imported_row(f"X{day}000500"), imported_row(f"{day}000007-1")),
        actor=cast.dispatcher,
    )
    call = actions.receive_case(actor=cast.dispatcher, content="噪音", subdistrict=jinsong)
    assert call.number == f"{day}000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_get_distinct_numbers_in_sequence(cast, jinsong):
    numbers: list[str] = []
    errors: list[BaseException] = []

    def receive() -> None:
        try:
            case = actions.receive_case(actor=cast.dispatcher, content="停水", subdistrict=jinsong)
            numbers.append(case.number)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(int(n[8:]) for n in numbers) == [1, 2, 3, 4, 5, 6]
    assert CaseNumberDay.objects.get(day=today()).last == 6


@pytest.mark.django_db(transaction=True)
def test_a_number_imported_meanwhile_is_not_given_again(cast, jinsong):
    """The importer writes a number of the day; a call taken before that commits, and given
    the same number, waits for it, then takes the next one."""
    day = today()
    result: dict[str, object] = {}

    def receive() -> None:
        try:
            result["number"] = actions.receive_case(
                actor=cast.dispatcher, content="停电", subdistrict=jinsong
            ).number
        except BaseException as error:  # reported by the test
            result["error"] = error
        finally:
            connection.close()

    with transaction.atomic():
        Case.objects.create(
            number=f"{day}000001", received_at=timezone.now(), content="导入的工单", source="import"
        )
        thread = threading.Thread(target=receive)
        thread.start()
        _wait_until_a_backend_waits_for_a_lock()
    thread.join()
    assert "error" not in result
    assert result["number"] == f"{day}000002"


def _wait_until_a_backend_waits_for_a_lock() -> None:
    """Until the other connection is blocked on this transaction's new row (or 10 s)."""
    with connections["default"].cursor() as cursor:
        for _ in range(200):
            # pg_locks is read live (pg_stat_activity would be this transaction's snapshot).
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the call did not wait for the imported number")
