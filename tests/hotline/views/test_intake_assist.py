"""The intake page: pickers that answer to pinyin initials, and what appears while typing."""

from __future__ import annotations

from django.urls import reverse

from minsheng.hotline import actions
from minsheng.hotline.pickers import initials


def test_pinyin_initials_of_a_category_name():
    assert initials("物业管理") == "wygl"


def test_the_pickers_carry_names_codes_and_initials(cast, categories, client):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:receive")).content.decode()
    assert 'data-search="物业管理 wygl wuyeguanli 03 property management"' in page
    assert "劲松街道 jsjd" in page and "jinsong sub-district" in page
    assert page.index('name="content"') < page.index('name="place"') < page.index('name="category"')


def test_the_panel_shows_the_callers_earlier_cases_and_the_unit(
    cast, new_case, jinsong, lift_category, client
):
    client.force_login(cast.dispatcher)
    answer = client.get(
        reverse("hotline:intake_assist"),
        {
            "content": "劲松三区5号楼电梯坏了三天，老人下不了楼",
            "phone": "138 1234 5678",
            "place": jinsong.pk,
            "category": lift_category.pk,
        },
    ).json()
    assert [c["number"] for c in answer["previous"]] == [new_case.number]
    assert answer["unit"]["name"] == "劲松街道办事处" or answer["unit"]["name"]
    assert [c["number"] for c in answer["duplicates"]] == [new_case.number]


def test_only_call_takers_use_the_panel(cast, client):
    client.force_login(cast.unit_staff)
    assert client.get(reverse("hotline:intake_assist"), {"content": "x"}).status_code == 403


def test_without_javascript_the_lookup_shows_the_same_on_the_page(cast, new_case, jinsong, client):
    client.force_login(cast.dispatcher)
    page = client.post(
        reverse("hotline:intake_lookup"),
        {"content": "电梯坏了", "caller_phone": "13812345678", "place": jinsong.pk},
    ).content.decode()
    assert new_case.number in page and "电梯坏了" in page


def test_a_case_page_no_longer_says_correct_before_dispatching_once_dispatched(
    cast, dispatched_case, client
):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:case", args=[dispatched_case.number])).content.decode()
    assert page.index('id="dispatch-heading"') < page.index('id="correct-heading"')
    actions.accept_case(actor=cast.unit_staff, case=dispatched_case)
