import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_a_client_gets_a_token_and_uses_it(api, cast):
    response = api.post("/api/token/", {"username": "dispatcher", "password": PASSWORD})
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/me/").json()
    assert me["username"] == "dispatcher"
    assert me["roles"][0]["role"] == "dispatcher"


def test_the_api_never_shows_clear_personal_data(api, cast):
    api.force_authenticate(cast.station_operator)
    data = api.get(f"/api/people/{cast.elder.pk}/").json()
    assert data["id_number_masked"] == cast.elder.id_number_masked
    assert cast.elder.id_number not in str(data)


def test_out_of_scope_objects_answer_404_and_missing_rights_403(api, cast):
    api.force_authenticate(cast.station_operator)
    assert api.get(f"/api/people/{cast.department_staff.pk}/").status_code == 404
    api.force_authenticate(cast.dispatcher)
    response = api.get(f"/api/people/{cast.elder.pk}/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_errors_are_json_with_a_code_and_a_translated_message(api):
    response = api.get("/api/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (401, 403)
    body = response.json()["error"]
    assert body["code"] == "not_authenticated"
    assert "credentials" in body["message"]
    chinese = api.get("/api/me/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]
    assert "身份认证" in chinese["message"] or "认证" in chinese["message"]


def test_invalid_payloads_list_the_fields(api):
    response = api.post("/api/token/", {"username": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert set(body["fields"]) == {"username", "password"}


def test_regions_are_listed_with_both_names(api, cast):
    api.force_authenticate(cast.volunteer)
    data = api.get("/api/regions/?level=2").json()
    assert data["count"] == 16
    assert {"name", "name_en", "code"} <= set(data["results"][0])


def test_organisations_are_scoped(api, cast):
    api.force_authenticate(cast.unit_staff)
    codes = [o["code"] for o in api.get("/api/organisations/").json()["results"]]
    assert codes == ["SD-110105017"]


def test_the_schema_and_docs_are_served(api, cast):
    schema = api.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    api.force_authenticate(cast.volunteer)
    assert api.get("/api/docs/").status_code == 200


def test_token_authentication_works_for_partner_clients(api, cast):
    token = Token.objects.create(user=cast.leader)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/me/").status_code == 200
