"""Open311 GeoReport v2, through the third-party ``georeport`` client against the live server."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import requests
from georeport import GeoReport

from minsheng.audit.models import AuditEntry
from minsheng.hotline import actions
from minsheng.hotline.models import Case, Status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(cast, categories, jinsong, jinsong_office):  # type: ignore[no-untyped-def]
    case = actions.receive_case(
        actor=cast.dispatcher,
        content="劲松三区路灯不亮",
        title="路灯不亮",
        subdistrict=jinsong,
        category=categories["010301"],
        caller_name="李四",
        caller_phone="13900002222",
    )
    actions.dispatch_case(actor=cast.dispatcher, case=case, unit=jinsong_office)
    old = actions.receive_case(
        actor=cast.dispatcher,
        content="去年的问题",
        subdistrict=jinsong,
        category=categories["010301"],
        received_at=dt.datetime(2025, 1, 5, tzinfo=dt.UTC),
    )
    partner, key = actions.issue_partner_key(actor=cast.city_admin, name="网格化平台")
    return {"case": case, "old": old, "key": key}


@pytest.fixture
def base(live_server) -> str:  # type: ignore[no-untyped-def]
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_lists_services_and_definitions(world, base, fmt):
    client = GeoReport(base, output_format=fmt)
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert "010301" in codes and "01" not in codes  # leaves only
    definition = client.get_service_definition("010301")
    assert definition["service_code"] == "010301"
    assert "attributes" in definition


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_client_reads_recent_requests_and_one_request(world, base, fmt):
    client = GeoReport(base, output_format=fmt)
    found = client.get_service_requests()
    if isinstance(found, dict):  # xmltodict gives a dict for a single element
        found = [found]
    numbers = [r["service_request_id"] for r in found]
    assert world["case"].number in numbers and world["old"].number not in numbers  # 90 days
    one = client.get_service_request(world["case"].number)
    one = one[0] if isinstance(one, list) else one
    assert one["status"] == "open" and one["agency_responsible"] == "劲松街道办事处"
    assert "+08:00" in one["requested_datetime"]
    assert "13900002222" not in str(one) and "李四" not in str(one)


def test_filters_of_the_specification(world, base):
    url = f"{base}/requests.json"
    closed = requests.get(url, params={"status": "closed"}).json()
    assert closed == []
    old = requests.get(
        url, params={"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-02-01T00:00:00+08:00"}
    ).json()
    assert [r["service_request_id"] for r in old] == [world["old"].number]
    by_id = requests.get(
        url, params={"service_request_id": world["old"].number, "status": "open"}
    ).json()
    assert len(by_id) == 1  # the id list overrides the other filters
    assert requests.get(url, params={"service_code": "999999"}).json() == []


def test_a_partner_posts_a_request_and_follows_its_token(world, base):
    response = requests.post(
        f"{base}/requests.json",
        data={
            "api_key": world["key"],
            "service_code": "010301",
            "lat": "39.88",
            "long": "116.46",
            "description": "小区门口路灯坏了",
            "attribute[kind]": "report",
            "attribute[subdistrict]": "110105017",
            "phone": "13900003333",
            "first_name": "伟",
            "last_name": "王",
        },
    )
    assert response.status_code == 200
    [created] = response.json()
    case = Case.objects.get(number=created["service_request_id"])
    assert case.status == Status.RECEIVED and case.kind == "report" and case.source == "open311"
    assert case.caller_phone_masked == "139****3333" and case.subdistrict.code == "110105017"
    assert case.extra == {"partner": "网格化平台"}
    received = AuditEntry.objects.for_object(case).get(action="hotline.receive_case")
    assert received.after["extra"] == {"partner": "网格化平台"}  # written with the case, audited
    token = requests.get(f"{base}/tokens/{created['token']}.json").json()
    assert token == [{"service_request_id": case.number, "token": created["token"]}]


def test_posting_as_xml_returns_xml(world, base):
    response = requests.post(
        f"{base}/requests.xml",
        data={
            "api_key": world["key"],
            "service_code": "010301",
            "address_string": "劲松三区",
            "description": "路灯坏了",
        },
    )
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"service_code": "010301", "address_string": "x", "description": "y"}, 403),
        (
            {
                "api_key": "wrong",
                "service_code": "010301",
                "address_string": "x",
                "description": "y",
            },
            403,
        ),
        ({"api_key": "KEY", "address_string": "x", "description": "y"}, 400),
        (
            {"api_key": "KEY", "service_code": "000000", "address_string": "x", "description": "y"},
            404,
        ),
        ({"api_key": "KEY", "service_code": "010301", "description": "y"}, 400),
        ({"api_key": "KEY", "service_code": "010301", "address_string": "x"}, 400),
        (
            {
                "api_key": "KEY",
                "service_code": "010301",
                "lat": "99",
                "long": "1",
                "description": "y",
            },
            400,
        ),
        (
            {
                "api_key": "KEY",
                "service_code": "010301",
                "address_string": "x",
                "description": "y" * 4001,
            },
            400,
        ),
    ],
)
def test_posting_errors_follow_the_specification(world, base, data, status):
    data = {k: (world["key"] if v == "KEY" else v) for k, v in data.items()}
    response = requests.post(f"{base}/requests.json", data=data)
    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status and error["description"]
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    "path",
    [
        "requests/NOPE.json",
        "services/000000.json",
        "tokens/nope.json",
        "services.json?jurisdiction_id=elsewhere",
    ],
)
def test_unknown_things_answer_404_with_an_error_list(world, base, path):
    response = requests.get(f"{base}/{path}")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_errors_in_xml(world, base):
    response = requests.get(f"{base}/requests/NOPE.xml")
    root = ET.fromstring(response.content)
    assert response.status_code == 404 and root.tag == "errors"
    assert root.find("error/code").text == "404"


def test_a_bad_date_is_a_400(world, base):
    response = requests.get(f"{base}/requests.json", params={"start_date": "yesterday"})
    assert response.status_code == 400


def test_discovery(world, base):
    data = requests.get(f"{base}/discovery.json").json()
    assert data["endpoints"][0]["url"].endswith("/open311/v2/")
    assert ET.fromstring(requests.get(f"{base}/discovery.xml").content).tag == "discovery"


def test_a_partner_posts_photos_as_uploads_cleaned_like_a_residents(
    world, base, settings, tmp_path
):
    from minsheng.hotline.models import CaseAttachment
    from tests import photos

    settings.MEDIA_ROOT = tmp_path
    form = {
        "api_key": world["key"],
        "service_code": "010301",
        "address_string": "劲松三区",
        "description": "路灯坏了",
        "media_url": "https://partner.example/photos/1.jpg",
    }
    posted = requests.post(
        f"{base}/requests.json",
        data=form,
        files=[("media", ("a.jpg", photos.jpeg_bytes(gps=True), "image/jpeg"))],
    )
    assert posted.status_code == 200
    case = Case.objects.get(number=posted.json()[0]["service_request_id"])
    photo = CaseAttachment.objects.get(case=case)
    assert b"PhoneMaker" not in (tmp_path / photo.file).read_bytes()
    assert case.extra["media_url"] == "https://partner.example/photos/1.jpg"
    disguised = requests.post(
        f"{base}/requests.json",
        data=form,
        files=[("media", ("b.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"))],
    )
    assert disguised.status_code == 400 and "b.jpg" in disguised.json()[0]["description"]
    assert Case.objects.filter(source="open311").count() == 1
