"""The pages of dispatchers, units and leaders, without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from minsheng.hotline import actions, stats
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case, Status, WorkdayException

from ..conftest import other_district_case


def login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_the_dispatcher_sees_the_queue_with_suggestions(client, cast, new_case):
    response = login(client, cast.dispatcher).get(reverse("hotline:console"))
    assert response.status_code == 200
    page = response.content.decode()
    assert new_case.number in page and "劲松街道办事处" in page


def test_the_console_is_for_dispatchers_only(client, cast):
    for user in (cast.unit_staff, cast.leader, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("hotline:console")).status_code == 403


def test_recording_a_call_through_the_form(client, cast, jinsong, lift_category):
    response = login(client, cast.dispatcher).post(
        reverse("hotline:receive"),
        {
            "content": "小区电梯停运",
            "kind": "complaint",
            "channel": "phone",
            "urgency": "normal",
            "category": lift_category.pk,
            "place": jinsong.pk,
            "caller_phone": "13900001111",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.subdistrict == jinsong
    assert case.caller_phone_masked == "139****1111"


def test_an_empty_request_is_refused_with_a_message(client, cast):
    response = login(client, cast.dispatcher).post(reverse("hotline:receive"), {"content": ""})
    assert response.status_code == 200 and not Case.objects.exists()


def test_dispatcher_and_unit_work_a_case_to_the_end(client, cast, new_case, jinsong_office):
    login(client, cast.dispatcher)
    client.post(reverse("hotline:dispatch", args=[new_case.number]), {"unit": jinsong_office.pk})
    client.force_login(cast.unit_staff)
    number = new_case.number
    assert number in client.get(reverse("hotline:workbench")).content.decode()
    client.post(reverse("hotline:accept", args=[number]))
    client.post(reverse("hotline:contact", args=[number]), {"note": "已电话联系"})
    client.post(
        reverse("hotline:result", args=[number]), {"result": "resolved", "resolution": "电梯已修复"}
    )
    client.force_login(cast.dispatcher)
    client.post(
        reverse("hotline:callback", args=[number]), {"resolved": "yes", "satisfaction": "satisfied"}
    )
    case = Case.objects.get(number=number)
    assert case.status == Status.CLOSED and case.satisfaction == "satisfied"


def test_an_illegal_move_from_the_page_is_a_message_not_an_error(client, cast, new_case):
    response = login(client, cast.dispatcher).post(
        reverse("hotline:callback", args=[new_case.number]),
        {"resolved": "yes", "satisfaction": "satisfied"},
        follow=True,
    )
    assert response.status_code == 200
    assert "message-error" in response.content.decode()


def test_a_case_outside_the_scope_is_not_found(client, cast, dispatched_case):
    haidian = other_district_case(cast)
    login(client, cast.unit_staff)
    assert client.get(reverse("hotline:case", args=[haidian.number])).status_code == 404
    assert client.get(reverse("hotline:case", args=[dispatched_case.number])).status_code == 200
    client.force_login(cast.chaoyang_admin)
    assert client.get(reverse("hotline:case", args=[haidian.number])).status_code == 404


def test_the_unit_returns_a_case_with_a_reason(client, cast, dispatched_case):
    login(client, cast.unit_staff).post(
        reverse("hotline:return", args=[dispatched_case.number]), {"reason": "不属于本街道"}
    )
    assert Case.objects.get(pk=dispatched_case.pk).status == Status.RETURNED


@pytest.fixture
def assessed(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    header = "number,received_at,kind,content,district,subdistrict,category,handling_unit,responded_at,handled_at,closed_at,result,resolved,satisfied"
    rows = [
        f"W{i},2025-0{m}-0{d} 09:00,complaint,垃圾清运不及时,朝阳区,劲松街道,020201,SD-110105017,2025-0{m}-0{d} 10:00,2025-0{m}-0{d} 18:00,2025-0{m}-0{d} 20:00,resolved,yes,satisfied"
        for i, (m, d) in enumerate([(1, 2), (2, 3), (3, 4), (3, 5)])
    ] + ["P1,2025-03-06 09:00,complaint,物业费,海淀区,万寿路街道,030102,SD-110108001,,,,,,"]
    path = tmp_path / "year.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    import_cases(path)
    stats.update_stats(now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("name", ["hotline:rankings", "hotline:dashboard", "hotline:focus_index"])
def test_the_leader_reads_the_assessment_pages(client, cast, assessed, name):
    response = login(client, cast.leader).get(reverse(name))
    assert response.status_code == 200


def test_the_rankings_page_shows_definitions_and_the_units(client, cast, assessed):
    page = login(client, cast.leader).get(reverse("hotline:rankings") + "?month=2025-03")
    text = page.content.decode()
    assert "劲松街道办事处" in text and "10 / 45 / 45" in text


def test_the_focus_dashboard_shows_the_common_problems(client, cast, assessed):
    page = login(client, cast.leader).get(reverse("hotline:focus", args=["waste-sorting"]))
    text = page.content.decode()
    assert "垃圾清运不及时" in text and "劲松街道" in text


def test_dashboard_query_counts_are_pinned(client, cast, assessed, django_assert_max_num_queries):
    login(client, cast.leader)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("hotline:dashboard")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("hotline:rankings")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("hotline:focus", args=["property-management"])).status_code == 200


def test_units_see_rankings_but_not_the_leaders_dashboard(client, cast, assessed):
    login(client, cast.unit_staff)
    assert client.get(reverse("hotline:rankings")).status_code == 200
    assert client.get(reverse("hotline:dashboard")).status_code == 403


def test_rules_page_for_administrators(client, cast, categories, housing):
    login(client, cast.city_admin)
    response = client.post(
        reverse("hotline:rules"),
        {"category": categories["0302"].pk, "target": "unit", "unit": housing.pk},
    )
    assert response.status_code == 302
    assert "住房" in client.get(reverse("hotline:rules")).content.decode()
    client.force_login(cast.unit_staff)
    assert client.get(reverse("hotline:rules")).status_code == 403


def test_revealing_the_caller_from_the_case_page(client, cast, dispatched_case):
    response = login(client, cast.unit_staff).post(
        reverse("hotline:reveal_caller", args=[dispatched_case.number])
    )
    assert "13812345678" in response.content.decode()
    client.force_login(cast.leader)
    detail = client.get(reverse("hotline:case", args=[dispatched_case.number])).content.decode()
    assert "13812345678" not in detail and "138****5678" in detail


def test_the_exclusion_form_for_the_district_administrator(client, cast, new_case):
    login(client, cast.chaoyang_admin).post(
        reverse("hotline:exclude", args=[new_case.number]), {"reason": "重复无理诉求"}
    )
    assert Case.objects.get(pk=new_case.pk).excluded


def test_partner_keys_are_issued_by_the_city_administrator(client, cast):
    response = login(client, cast.city_admin).post(
        reverse("hotline:partners"), {"name": "区网格系统"}
    )
    assert "区网格系统" in response.content.decode()
    client.force_login(cast.dispatcher)
    assert client.get(reverse("hotline:partners")).status_code == 403
    assert actions  # the page goes through actions.issue_partner_key


def test_the_rankings_name_the_unit_column_as_units_not_people(client, cast, assessed):
    text = login(client, cast.leader).get(reverse("hotline:rankings") + "?month=2025-03")
    page = text.content.decode()
    assert '<th scope="col">单位或地区</th>' in page and '<th scope="col">姓名</th>' not in page


def test_the_case_page_in_english_names_the_lead_unit_in_english(client, cast, new_case):
    client.cookies["django_language"] = "en"
    page = login(client, cast.dispatcher).get(reverse("hotline:case", args=[new_case.number]))
    text = page.content.decode()
    assert "Lead unit" in text and "(主办)" not in text and "(协办)" not in text


def test_the_dispatcher_sets_a_working_day_and_is_told_when_none_is_needed(client, cast):
    client.force_login(cast.dispatcher)
    url = reverse("hotline:working_days")
    saturday = {"day": "2026-06-06", "working": "1", "reason": "调休"}
    assert client.post(url, saturday).status_code == 302
    assert WorkdayException.objects.get(day="2026-06-06").working
    monday = client.post(url, {**saturday, "day": "2026-06-08"})
    assert monday.status_code == 200 and monday.context["form"].errors["working"]
