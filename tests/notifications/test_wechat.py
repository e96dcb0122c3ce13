"""WeChat subscription messages against a local server that answers like the WeChat API: an
access token first, then the message with the person's openid, the template and the page."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from django.test import TestCase

from minsheng.notifications import actions, delivery
from minsheng.notifications.channels import wechat
from minsheng.notifications.models import Delivery
from minsheng.notifications.sending import notify
from tests.notifications.servers import Received, http_server


class FakeWeChat:
    def __init__(self) -> None:
        self.tokens = ["TOKEN-1", "TOKEN-2"]
        self.valid: set[str] = set()
        self.refusing: set[str] = set()

    def __call__(self, request: Received) -> tuple[int, dict[str, str], bytes]:
        path, _sep, query = request.path.partition("?")
        params = dict(urllib.parse.parse_qsl(query))
        if path == "/cgi-bin/token":
            if (params.get("appid"), params.get("secret")) != ("wx-test", "s3cret"):
                return self.answer({"errcode": 40013, "errmsg": "invalid appid"})
            token = self.tokens.pop(0)
            self.valid.add(token)
            return self.answer({"access_token": token, "expires_in": 7200})
        if path == "/cgi-bin/message/subscribe/send":
            if params.get("access_token") not in self.valid:
                return self.answer({"errcode": 40001, "errmsg": "invalid credential"})
            body = json.loads(request.body)
            if body["touser"] in self.refusing:
                return self.answer({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
            assert set(body) >= {"touser", "template_id", "page", "data"}
            return self.answer({"errcode": 0, "errmsg": "ok", "msgid": 294402298110051942})
        return 404, {}, b""

    @staticmethod
    def answer(body: dict[str, object]) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


@pytest.fixture
def weixin(settings):  # type: ignore[no-untyped-def]
    fake = FakeWeChat()
    wechat._token.clear()
    with http_server(fake) as (url, received):
        settings.NOTIFICATIONS_WECHAT = {
            "appid": "wx-test",
            "secret": "s3cret",
            "api": url,
            "templates": {"timebank.booked": {"template_id": "TPL-booked", "page": "pages/order"}},
        }
        yield fake, received
    wechat._token.clear()


def booked(person, key="wx:1"):  # type: ignore[no-untyped-def]
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(
            kind="timebank.booked",
            recipients=[person],
            payload={
                "service": "上门陪聊",
                "starts_at": "2026-12-08T02:00:00+00:00",
                "volunteer": "李志愿",
                "reference": "TB1",
            },
            key=key,
        )
    return Delivery.objects.get(event__key=key, channel="wechat")


def test_a_subscribed_person_gets_the_template_message(cast, weixin):
    fake, received = weixin
    actions.save_preferences(actor=cast.elder, person=cast.elder, wechat_openid="o-elder-1")
    sent = delivery.deliver(booked(cast.elder).pk)
    assert sent.status == Delivery.Status.SENT
    assert sent.provider_message_id == "294402298110051942"
    message = json.loads(received[-1].body)
    assert message["touser"] == "o-elder-1"
    assert message["template_id"] == "TPL-booked"
    assert message["page"] == "pages/order"
    assert message["data"]["thing1"] == {"value": "上门陪聊"}
    assert message["data"]["name3"] == {"value": "李志愿"}
    assert message["lang"] == "zh_CN"


def test_an_expired_token_is_renewed_once(cast, weixin):
    fake, received = weixin
    actions.save_preferences(actor=cast.elder, person=cast.elder, wechat_openid="o-elder-1")
    delivery.deliver(booked(cast.elder, key="a").pk)
    fake.valid.clear()  # WeChat forgot the token
    sent = delivery.deliver(booked(cast.elder, key="b").pk)
    assert sent.status == Delivery.Status.SENT
    assert "access_token=TOKEN-2" in received[-1].path


def test_a_person_who_refused_messages_is_not_tried_again(cast, weixin):
    fake, _received = weixin
    fake.refusing.add("o-elder-1")
    actions.save_preferences(actor=cast.elder, person=cast.elder, wechat_openid="o-elder-1")
    tried = delivery.deliver(booked(cast.elder).pk)
    assert tried.status == Delivery.Status.FAILED
    assert tried.last_error.startswith("WeChat 43101")


def test_kinds_without_a_template_or_people_without_an_openid_use_no_wechat(cast, weixin):
    with TestCase.captureOnCommitCallbacks(execute=True):
        notify(kind="timebank.booked", recipients=[cast.elder], payload={}, key="none")
    assert not Delivery.objects.filter(channel="wechat").exists()
