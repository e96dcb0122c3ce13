import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_landing_page_is_chinese_by_default_and_english_on_request(client):
    chinese = client.get("/")
    assert "时间银行" in chinese.content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Time Bank" in english.content.decode()
    assert "One issue per month" in english.content.decode()


def test_home_requires_log_in(client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_each_role_sees_its_own_tiles(client, cast):
    client.force_login(cast.station_operator)
    page = client.get("/home/").content.decode()
    assert reverse("people:directory") in page
    client.force_login(cast.volunteer)
    page = client.get("/home/").content.decode()
    assert reverse("people:directory") not in page


def test_logging_in_switches_to_the_persons_language(client, cast):
    cast.volunteer.preferred_language = "en"
    cast.volunteer.save()
    response = client.post("/accounts/login/", {"username": "volunteer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_switching_language_is_remembered_for_the_person(client, cast):
    client.force_login(cast.elder)
    response = client.post("/preferences/language/", {"language": "en", "next": "/home/"})
    assert response["Location"] == "/home/"
    cast.elder.refresh_from_db()
    assert cast.elder.preferred_language == "en"


def test_preferences_never_redirect_off_site(client):
    response = client.post(
        "/preferences/text-size/", {"size": "large", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.cookies["minsheng_text_size"].value == "large"


def test_text_size_shows_on_every_page(client):
    client.cookies["minsheng_text_size"] = "largest"
    assert 'class="text-largest' in client.get("/").content.decode()


def test_a_missing_page_answers_in_the_users_language(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_person_page_outside_the_scope_does_not_exist(client, cast):
    client.force_login(cast.station_operator)
    assert client.get(f"/people/{cast.department_staff.pk}/").status_code == 404
    assert client.get(f"/people/{cast.elder.pk}/").status_code == 200


def test_a_role_without_the_right_gets_403_in_words(client, cast):
    client.force_login(cast.volunteer)
    response = client.get("/people/")
    assert response.status_code == 403
    assert "权限" in response.content.decode()


def test_full_id_numbers_appear_only_after_an_audited_post(client, cast):
    client.force_login(cast.station_operator)
    page = client.get(f"/people/{cast.elder.pk}/").content.decode()
    assert cast.elder.id_number not in page
    assert cast.elder.id_number_masked in page
    revealed = client.post(f"/people/{cast.elder.pk}/id-number/").content.decode()
    assert cast.elder.id_number in revealed


def register(client, cast, beijing, **fields):  # type: ignore[no-untyped-def]
    """The station registers 孙桂兰 of 劲松 through the form, with ``fields``."""
    client.force_login(cast.station_operator)
    person = {"name": "孙桂兰", "username": "sun-guilan", "home_region": beijing["110105017001"].pk}
    return client.post("/people/register/", {**person, **fields})


def test_registering_a_person_through_the_form(client, cast, beijing):
    response = register(client, cast, beijing, id_number="11010519491231002X", phone="13800001111")
    assert response.status_code == 302


def test_a_bad_id_number_is_explained_next_to_the_field(client, cast, beijing):
    response = register(client, cast, beijing, id_number="110105194912310021")
    assert response.status_code == 200
    assert "校验码不符" in response.content.decode()


def test_forms_are_protected_against_cross_site_requests(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.station_operator)
    response = client.post("/people/register/", {"name": "x"})
    assert response.status_code == 403
    assert "重新提交" in response.content.decode()


def test_the_admin_is_scoped_and_translated(client, cast):
    client.force_login(cast.chaoyang_admin)
    page = client.get("/admin/people/organisation/?q=SD-").content.decode()
    assert "劲松街道办事处" in page
    assert "新街口街道办事处" not in page
    client.force_login(cast.volunteer)
    assert client.get("/admin/").status_code == 302


def test_the_admin_never_offers_to_edit_the_audit_log(client, cast):
    client.force_login(cast.city_admin)
    response = client.get("/admin/audit/auditentry/add/")
    assert response.status_code == 403


def test_jobs_pages_show_progress_to_their_owner_only(client, cast):
    from minsheng.jobs.models import Job

    job = Job.objects.create(kind="x", created_by=cast.dispatcher, total=10, progress=4)
    client.force_login(cast.dispatcher)
    assert client.get(f"/jobs/{job.pk}/status/").json()["percent"] == 40
    assert "40%" in client.get(f"/jobs/{job.pk}/").content.decode()
    client.force_login(cast.leader)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404


def test_a_running_jobs_page_follows_it_politely_without_reloading(client, cast):
    from minsheng.jobs.models import Job

    job = Job.objects.create(kind="x", created_by=cast.dispatcher, total=10, progress=4)
    client.force_login(cast.dispatcher)
    page = client.get(f"/jobs/{job.pk}/?next=/home/").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert 'aria-live="polite"' in page and "jobs/progress.js" in page
    assert f'data-job-status-url="/jobs/{job.pk}/status/"' in page
    assert f'href="/jobs/{job.pk}/?next=/home/"' in page  # look again, without JavaScript
    job.status = Job.Status.DONE
    job.save()
    finished = client.get(f"/jobs/{job.pk}/?next=/home/").content.decode()
    assert "jobs/progress.js" not in finished and 'href="/home/"' in finished


def test_a_person_changes_their_own_password(client, cast):
    client.force_login(cast.volunteer)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-one-2027",
            "new_password2": "a-much-better-one-2027",
        },
    )
    assert response.status_code == 302
    cast.volunteer.refresh_from_db()
    assert cast.volunteer.check_password("a-much-better-one-2027")


def test_a_station_sets_a_new_password_for_an_elder(client, cast):
    client.force_login(cast.station_operator)
    client.post(f"/people/{cast.elder.pk}/password/", {"password": "elder-new-pass-88"})
    cast.elder.refresh_from_db()
    assert cast.elder.check_password("elder-new-pass-88")
    weak = client.post(f"/people/{cast.elder.pk}/password/", {"password": "123"}, follow=True)
    assert "问题" in weak.content.decode()
    cast.elder.refresh_from_db()
    assert cast.elder.check_password("elder-new-pass-88")


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response["Permissions-Policy"].startswith("camera=(self)")


def test_the_api_docs_work_offline(client, cast):
    client.force_login(cast.volunteer)
    page = client.get("/api/docs/").content.decode()
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_the_landing_page_counts_the_services_it_shows(client):
    page = client.get("/").content.decode()
    assert page.count('<section class="card"') == 3 and "三项" in page and "两项" not in page


def test_the_site_icon_is_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/web/favicon.ico"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert 'rel="icon" href="/static/web/favicon.ico"' in client.get("/").content.decode()


def test_a_station_records_a_relation_and_is_told_why_a_self_relation_is_refused(client, cast):
    client.force_login(cast.station_operator)
    url = f"/people/{cast.elder.pk}/relations/"
    recorded = client.post(url, {"relative": cast.volunteer.username, "kind": "child"}, follow=True)
    assert "亲属关系已登记，核验后生效。" in recorded.content.decode()
    refused = client.post(url, {"relative": cast.elder.username, "kind": "child"}, follow=True)
    assert "不能把本人登记为自己的亲属。" in refused.content.decode()


def test_high_contrast_is_kept_and_an_unknown_contrast_ignored(client):
    client.post("/preferences/contrast/", {"contrast": "high"})
    assert client.cookies["minsheng_contrast"].value == "high"
    client.post("/preferences/contrast/", {"contrast": "neon"})
    assert client.cookies["minsheng_contrast"].value == "high"
