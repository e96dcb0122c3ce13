"""The Alibaba Cloud SMS adapter against a local server that checks the request's signature as
the provider documents it and answers like the provider: success, flow control, a bad number."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.parse

import pytest
from django.test import TestCase

from minsheng.notifications import delivery
from minsheng.notifications.channels.aliyun import AliyunSmsBackend, signature
from minsheng.notifications.models import Attempt, Delivery
from minsheng.notifications.sending import Phone, notify
from tests.notifications.servers import Received, http_server

KEY_ID, SECRET = "testid", "testsecret"
SEEN_NONCES: set[str] = set()


def encode(value: str) -> str:
    """The provider's documented encoding: URL-encode (UTF-8), then + → %20, * → %2A, %7E → ~."""
    return (
        urllib.parse.quote_plus(value, encoding="utf-8")
        .replace("+", "%20")
        .replace("*", "%2A")
        .replace("%7E", "~")
    )


def expected_signature(params: dict[str, str]) -> str:
    query = "&".join(f"{encode(k)}={encode(params[k])}" for k in sorted(params))
    string_to_sign = "POST&" + encode("/") + "&" + encode(query)
    digest = hmac.new((SECRET + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def provider(request: Received) -> tuple[int, dict[str, str], bytes]:
    params = dict(urllib.parse.parse_qsl(request.body.decode(), keep_blank_values=True))
    given = params.pop("Signature", "")
    if given != expected_signature(params) or params.get("AccessKeyId") != KEY_ID:
        return answer(400, "SignatureDoesNotMatch", "Specified signature is not matched.")
    # The documented format: UTC, ISO 8601 with a Z.
    dt.datetime.strptime(params["Timestamp"].replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
    if params["SignatureNonce"] in SEEN_NONCES:
        return answer(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
    SEEN_NONCES.add(params["SignatureNonce"])
    assert (params["Action"], params["Version"]) == ("SendSms", "2017-05-25")
    phone = params["PhoneNumbers"]
    if phone.endswith("0002"):
        return answer(200, "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1")
    if phone.endswith("0003"):
        return answer(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
    return answer(200, "OK", "OK", BizId="900619746936498440^0")


def answer(status: int, code: str, message: str, **extra: str) -> tuple[int, dict[str, str], bytes]:
    body = {"Code": code, "Message": message, "RequestId": "F655A8D5-B967-440B-8683", **extra}
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


@pytest.fixture
def aliyun(settings):  # type: ignore[no-untyped-def]
    with http_server(provider) as (url, received):
        settings.NOTIFICATIONS_SMS = {
            "backend": "minsheng.notifications.channels.aliyun.AliyunSmsBackend",
            "sign": "民生",
            "access_key_id": KEY_ID,
            "access_key_secret": SECRET,
            "template": "SMS_0000001",
            "templates": {"hotline.case_received": "SMS_1234567"},
            "endpoint": url + "/",
        }
        yield received


def text_to(number: str, *, kind: str = "hotline.case_received") -> Delivery:
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind=kind,
            recipients=[Phone(number)],
            payload={"number": "20261206000001", "result": "已解决", "survey": "x"},
            key=f"{kind}:{number}",
            urgent=True,
        )
    return Delivery.objects.get(event__key=f"{kind}:{number}")


def test_a_signed_request_is_accepted_and_the_provider_id_kept(db, aliyun):
    sent = delivery.deliver(text_to("13900000001").pk)
    assert sent.status == Delivery.Status.SENT
    assert sent.provider_message_id == "900619746936498440^0"
    (request,) = aliyun
    params = dict(urllib.parse.parse_qsl(request.body.decode()))
    assert params["TemplateCode"] == "SMS_1234567"
    assert json.loads(params["TemplateParam"])["number"] == "20261206000001"
    assert params["SignName"] == "民生"
    assert params["OutId"] == str(sent.pk)


def test_a_kind_without_its_own_template_sends_its_text_through_the_generic_one(db, aliyun):
    sent = delivery.deliver(text_to("13900000001", kind="hotline.case_replied").pk)
    assert sent.status == Delivery.Status.SENT
    params = dict(urllib.parse.parse_qsl(aliyun[0].body.decode()))
    assert params["TemplateCode"] == "SMS_0000001"
    assert json.loads(params["TemplateParam"]) == {"content": sent.text}


def test_flow_control_is_a_temporary_failure(db, aliyun):
    tried = delivery.deliver(text_to("13900000002").pk)
    assert tried.status == Delivery.Status.RETRYING
    assert tried.last_error.startswith("isv.BUSINESS_LIMIT_CONTROL")


def test_an_invalid_number_is_a_permanent_failure(db, aliyun):
    tried = delivery.deliver(text_to("13900000003").pk)
    assert tried.status == Delivery.Status.FAILED
    assert Attempt.objects.get().error.startswith("isv.MOBILE_NUMBER_ILLEGAL")


def test_a_wrong_secret_is_refused_by_the_signature_check(db, aliyun, settings):
    settings.NOTIFICATIONS_SMS = {**settings.NOTIFICATIONS_SMS, "access_key_secret": "wrong"}
    tried = delivery.deliver(text_to("13900000001").pk)
    assert tried.status == Delivery.Status.FAILED
    assert tried.last_error.startswith("SignatureDoesNotMatch")


def test_the_signature_encodes_spaces_stars_and_tildes_as_documented():
    params = {"A": "a b*c~d", "B": "中文", "Signature": "ignored"}
    body = {k: v for k, v in params.items() if k != "Signature"}
    assert signature(params, SECRET) == expected_signature(body)


def test_an_unreachable_provider_is_a_temporary_failure(db, settings):
    from tests.notifications.servers import free_port

    settings.NOTIFICATIONS_SMS = {
        "backend": "minsheng.notifications.channels.aliyun.AliyunSmsBackend",
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
        "template": "SMS_0000001",
        "endpoint": f"http://127.0.0.1:{free_port()}/",
    }
    assert delivery.deliver(text_to("13900000001").pk).status == Delivery.Status.RETRYING


def test_the_backend_reads_its_settings(settings):
    settings.NOTIFICATIONS_SMS = {"access_key_id": "x", "endpoint": "http://127.0.0.1:1/"}
    assert AliyunSmsBackend().endpoint == "http://127.0.0.1:1/"
