"""Guessing passwords on /api/token/ and flooding the API: throttled, locked, audited."""

import pytest
from rest_framework.test import APIClient

from minsheng.audit.models import AuditEntry
from minsheng.people.models import User
from minsheng.web import lockout

pytestmark = pytest.mark.django_db

PASSWORD = "minsheng-demo-2026"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def rates(settings):
    """Set API rates for one test (DRF reloads its settings when they change)."""

    def set_rates(**rates):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **rates},
        }

    return set_rates


def token(api, username, password, language="en"):
    return api.post(
        "/api/token/",
        {"username": username, "password": password},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_token_requests_from_one_address_are_throttled_and_audited(api, cast, rates):
    rates(login="10/minute")
    codes = [token(api, "volunteer", f"guess-{n}").status_code for n in range(20)]
    assert codes[:10] == [400] * 9 + [429]  # the tenth wrong password also locks
    assert set(codes[10:]) == {429}
    assert token(api, "volunteer", PASSWORD).status_code == 429
    throttled = AuditEntry.objects.filter(action="api.throttled")
    assert throttled.count() == 1
    assert throttled.get().after["scope"] == "login"


def test_twenty_wrong_passwords_lock_the_account_on_the_api_too(api, cast, rates):
    rates(login="1000/minute")
    codes = [token(api, "volunteer", f"guess-{n}").status_code for n in range(20)]
    assert codes[19] == 429
    response = token(api, "volunteer", PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert "Too many wrong passwords" in response.json()["error"]["message"]
    assert AuditEntry.objects.filter(action="login.locked_out").count() == 1


def test_after_an_unlock_the_api_gives_a_token_again(api, cast, rates):
    rates(login="1000/minute")
    for n in range(20):
        token(api, "volunteer", f"guess-{n}")
    lockout.unlock(actor=cast.city_admin, username="volunteer", address="127.0.0.1")
    response = token(api, "volunteer", PASSWORD)
    assert response.status_code == 200
    assert response.json()["token"]


def test_an_account_flooding_the_api_is_slowed_down_and_audited(api, cast, rates):
    rates(user="3/minute")
    api.force_authenticate(cast.volunteer)
    codes = [api.get("/api/me/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    entry = AuditEntry.objects.get(action="api.throttled")
    assert (entry.actor, entry.after["scope"]) == (cast.volunteer, "user")


def test_a_login_name_longer_than_any_account_is_refused_not_a_server_error(api, cast):
    """The failed attempt is recorded under its login name, which must fit: a name longer than
    an account's may hold is refused first, in the user's language."""
    longest = User._meta.get_field("username").max_length
    response = token(api, "长" * (longest + 1), "guess", language="zh-hans")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["username"] == [
        f"请确保这个字段不能超过 {longest} 个字符。"
    ]
    assert token(api, "长" * 300, "guess").status_code == 400
    assert token(api, "volunteer", PASSWORD).status_code == 200


def test_the_web_login_refuses_a_login_name_longer_than_any_account(cast, client):
    response = client.post("/accounts/login/", {"username": "x" * 300, "password": "guess"})
    assert response.status_code == 200  # the form again, with its error
    assert (
        client.post("/accounts/login/", {"username": "volunteer", "password": PASSWORD}).status_code
        == 302
    )
