"""WeChat subscription messages (订阅消息) of a mini program, through the official API:
an access token from ``/cgi-bin/token`` (kept until it expires), then
``POST /cgi-bin/message/subscribe/send`` with the person's openid, the template id, the page to
open and the template's fields.

The base address is configurable so that tests talk to a local server; the platform never calls
WeChat unless an app id and secret are configured (docs/notifications.md).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from minsheng.notifications import conf
from minsheng.notifications.channels.base import PermanentFailure, TemporaryFailure
from minsheng.notifications.models import Delivery

DEFAULT_API = "https://api.weixin.qq.com"
TOKEN_ERRORS = {40001, 40014, 42001}  # invalid or expired access token: fetch a new one
TEMPORARY_ERRORS = {-1, 45009, 45011}  # system busy, rate limits
_lock = threading.Lock()
_token: dict[str, Any] = {}


class WeChatClient:
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        options = options or conf.wechat_options()
        self.api = (options.get("api") or DEFAULT_API).rstrip("/")
        self.appid = options.get("appid", "")
        self.secret = options.get("secret", "")
        self.state = options.get("miniprogram_state", "formal")
        self.timeout = float(options.get("timeout", 10))

    @property
    def configured(self) -> bool:
        return bool(self.appid and self.secret)

    def access_token(self, *, fresh: bool = False) -> str:
        with _lock:
            cached = _token.get(self.appid)
            if cached and not fresh and cached[1] > time.monotonic():
                return str(cached[0])
            query = urllib.parse.urlencode(
                {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
            )
            answer = self._call("GET", f"/cgi-bin/token?{query}")
            if "access_token" not in answer:
                raise TemporaryFailure(f"WeChat token: {answer.get('errcode')}")
            lifetime = int(answer.get("expires_in", 7200))
            # Renew five minutes early: a token used at its last second may be refused.
            _token[self.appid] = (answer["access_token"], time.monotonic() + lifetime - 300)
            return str(answer["access_token"])

    def send(
        self, *, openid: str, template_id: str, page: str, data: dict[str, str], lang: str
    ) -> str:
        body = {
            "touser": openid,
            "template_id": template_id,
            "page": page,
            "data": {name: {"value": value} for name, value in data.items()},
            "miniprogram_state": self.state,
            "lang": lang,
        }
        for fresh in (False, True):
            token = self.access_token(fresh=fresh)
            path = "/cgi-bin/message/subscribe/send?" + urllib.parse.urlencode(
                {"access_token": token}
            )
            answer = self._call("POST", path, body)
            code = int(answer.get("errcode", 0))
            if code == 0:
                return str(answer.get("msgid", ""))
            if code in TOKEN_ERRORS and not fresh:
                continue
            message = f"WeChat {code}: {answer.get('errmsg', '')}"
            if code in TEMPORARY_ERRORS or code in TOKEN_ERRORS:
                raise TemporaryFailure(message)
            raise PermanentFailure(message)
        raise TemporaryFailure("WeChat kept refusing the access token.")

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(
            self.api + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return dict(json.loads(response.read().decode()))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise TemporaryFailure(f"Cannot reach WeChat: {type(error).__name__}") from error


def template_for(kind: str) -> dict[str, Any] | None:
    return (conf.wechat_options().get("templates") or {}).get(kind)


def send(delivery: Delivery) -> str:
    preference = getattr(delivery.recipient, "notification_preference", None)
    openid = preference.wechat_openid if preference else ""
    if not openid:
        raise PermanentFailure("The recipient has not subscribed through WeChat.")
    template = template_for(delivery.event.kind)
    if template is None:
        raise PermanentFailure("No WeChat template is configured for this kind.")
    client = WeChatClient()
    if not client.configured:
        raise PermanentFailure("WeChat is not configured.")
    return client.send(
        openid=openid,
        template_id=template["template_id"],
        page=delivery.extra.get("page") or template.get("page", "pages/index/index"),
        data=delivery.extra.get("data", {}),
        lang="zh_CN" if delivery.language == "zh-hans" else "en_US",
    )
