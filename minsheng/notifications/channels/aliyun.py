"""Alibaba Cloud SMS (dysmsapi ``SendSms``, API version 2017-05-25), signed as its RPC-style
API documents: the query parameters sorted and percent-encoded, the string
``POST&%2F&<encoded canonical query>`` signed with HMAC-SHA1 under ``AccessKeySecret + "&"``.

Messages use templates approved by the provider: a kind can have its own template (whose
variables are the payload's values), otherwise the generic template gets the whole text as
``${content}``. See docs/notifications.md for the environment variables.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

from minsheng.notifications import conf
from minsheng.notifications.channels.base import PermanentFailure, TemporaryFailure
from minsheng.notifications.models import Delivery

DEFAULT_ENDPOINT = "https://dysmsapi.aliyuncs.com/"
API_VERSION = "2017-05-25"
# Codes that a later attempt may get past: flow control and the provider's own trouble.
TEMPORARY_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "Throttling.User",
    "Throttling",
    "ServiceUnavailable",
    "InternalError",
    "isp.SYSTEM_ERROR",
    "isp.RAM_PERMISSION_DENY",
}


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the signature requires: space is %20, ``*`` is %2A, ``~`` stays."""
    return urllib.parse.quote(value, safe="~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}"
        for key in sorted(params)
        if key != "Signature"
    )


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        options = options or conf.sms_options()
        self.endpoint = options.get("endpoint") or DEFAULT_ENDPOINT
        self.key_id = options.get("access_key_id", "")
        self.secret = options.get("access_key_secret", "")
        self.sign_name = options.get("sign", "民生")
        self.templates: dict[str, str] = dict(options.get("templates") or {})
        self.default_template = options.get("template", "")
        self.timeout = float(options.get("timeout", 10))

    def send(self, *, phone: str, text: str, delivery: Delivery) -> str:
        template, variables = self._template(delivery, text)
        params = self.request_params(
            phone=phone, template=template, variables=variables, out_id=str(delivery.pk or "")
        )
        answer = self._post(params)
        code = str(answer.get("Code", ""))
        if code == "OK":
            return str(answer.get("BizId", ""))
        message = f"{code}: {answer.get('Message', '')}"
        if code in TEMPORARY_CODES:
            raise TemporaryFailure(message)
        raise PermanentFailure(message)

    def request_params(
        self, *, phone: str, template: str, variables: dict[str, str], out_id: str = ""
    ) -> dict[str, str]:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template,
            "TemplateParam": json.dumps(variables, ensure_ascii=False),
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
        }
        if out_id:
            params["OutId"] = out_id
        params["Signature"] = signature(params, self.secret)
        return params

    def _template(self, delivery: Delivery, text: str) -> tuple[str, dict[str, str]]:
        kind = delivery.event.kind
        if kind in self.templates:
            values = delivery.event.payload or {}
            return self.templates[kind], {
                key: str(value) for key, value in values.items() if isinstance(value, str | int)
            }
        if not self.default_template:
            raise PermanentFailure(f"No SMS template is configured for {kind}.")
        return self.default_template, {"content": text}

    def _post(self, params: dict[str, str]) -> dict[str, Any]:
        body = urllib.parse.urlencode(params, quote_via=urllib.parse.quote).encode()
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return dict(json.loads(response.read().decode()))
        except urllib.error.HTTPError as error:
            try:
                answer = dict(json.loads(error.read().decode()))
            except ValueError:
                answer = {}
            if answer.get("Code"):
                return answer
            if error.code >= 500 or error.code == 429:
                raise TemporaryFailure(f"HTTP {error.code}") from error
            raise PermanentFailure(f"HTTP {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TemporaryFailure(f"Cannot reach the SMS provider: {error}") from error
