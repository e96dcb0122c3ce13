"""Guessing passwords on the web log-in: locked by account and by address, unlocked by staff."""

import pytest
from django.core.management import call_command

from minsheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "minsheng-demo-2026"


def log_in(client, username, password, address="127.0.0.1", language="zh-hans"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def guess(client, username, times=20, address="127.0.0.1"):
    return [log_in(client, username, f"guess-{n}", address).status_code for n in range(times)]


def test_twenty_wrong_passwords_lock_the_account(client, cast, settings):
    codes = guess(client, "volunteer")
    assert codes[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(codes[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}


def test_the_right_password_is_refused_while_locked_with_a_clear_message(client, cast):
    guess(client, "volunteer")
    response = log_in(client, "volunteer", PASSWORD, language="en")
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_message_is_in_chinese_by_default(client, cast):
    guess(client, "volunteer")
    response = log_in(client, "volunteer", PASSWORD)
    assert "密码错误次数过多" in response.content.decode()


def test_guessing_many_accounts_from_one_address_locks_the_address(client, cast, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"someone-{n}", "guess")
    assert log_in(client, "volunteer", PASSWORD).status_code == 429
    assert log_in(client, "volunteer", PASSWORD, address="10.0.0.8").status_code == 302


def test_a_locked_account_stays_locked_from_another_address(client, cast):
    guess(client, "volunteer", address="10.0.0.7")
    assert log_in(client, "volunteer", PASSWORD, address="10.0.0.8").status_code == 429


def test_the_lockout_is_written_once_to_the_audit_log(client, cast):
    guess(client, "volunteer", times=20)
    entries = AuditEntry.objects.filter(action="login.locked_out")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.target_id, entry.ip, entry.after["username"]) == (
        str(cast.volunteer.pk),
        "127.0.0.1",
        "volunteer",
    )


def test_station_staff_unlock_an_account_and_the_unlock_is_audited(client, cast):
    guess(client, "volunteer", address="10.0.0.7")
    client.force_login(cast.station_operator)
    page = client.get("/accounts/locked/")
    assert "volunteer" in page.content.decode()
    response = client.post("/accounts/locked/unlock/", {"username": "volunteer"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="login.unlocked")
    assert (entry.actor, entry.target_id) == (cast.station_operator, str(cast.volunteer.pk))
    client.logout()
    assert log_in(client, "volunteer", PASSWORD, address="10.0.0.8").status_code == 302


def test_unlocking_needs_a_name_or_an_address(client, cast):
    client.force_login(cast.station_operator)
    response = client.post("/accounts/locked/unlock/", {"username": "", "address": ""})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action="login.unlocked").exists()


def test_residents_cannot_unlock_log_ins(client, cast):
    client.force_login(cast.volunteer)
    assert client.get("/accounts/locked/").status_code == 403
    assert client.post("/accounts/locked/unlock/", {"username": "elder"}).status_code == 403


def test_the_unlock_command_unlocks_an_address_and_is_audited(client, cast):
    for n in range(20):
        log_in(client, f"someone-{n}", "guess", address="10.0.0.9")
    call_command("unlock_login", address="10.0.0.9")
    entry = AuditEntry.objects.get(action="login.unlocked")
    assert (entry.channel, entry.after["address"]) == ("command", "10.0.0.9")
    assert log_in(client, "volunteer", PASSWORD, address="10.0.0.9").status_code == 302
