import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from minsheng.audit.models import AuditEntry
from minsheng.core.identity import make_resident_id
from minsheng.people import actions
from minsheng.people.models import Relationship, RoleAssignment, User

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def register(cast, beijing, **fields):
    defaults = {
        "actor": cast.station_operator,
        "username": "new-elder",
        "name": "孙桂兰",
        "home_region": beijing["110105017001"],
        "id_number": VALID_ID,
        "phone": "13800001111",
    }
    return actions.register_person(**{**defaults, **fields})


def test_registering_stores_personal_data_encrypted_hashed_and_masked(cast, beijing):
    person = register(cast, beijing)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_user WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert VALID_ID not in stored_id and "13800001111" not in stored_phone
    person.refresh_from_db()
    assert person.id_number == VALID_ID
    assert person.id_number_masked == "110105********002X"
    assert person.phone_masked == "138****1111"
    assert person.birth_date.isoformat() == "1949-12-31"
    assert User.objects.find_by_id_number(VALID_ID.lower()) == person
    assert list(User.objects.find_by_phone("138 0000 1111")) == [person]


def test_the_audit_row_never_holds_the_clear_number(cast, beijing):
    person = register(cast, beijing)
    entry = AuditEntry.objects.get(action="people.register", target_id=str(person.pk))
    assert VALID_ID not in str(entry.after)
    assert entry.after["id_number"] == "110105********002X"


def test_bad_id_and_phone_are_reported_per_field(cast, beijing):
    with pytest.raises(ValidationError) as error:
        register(cast, beijing, id_number="110105194912310021", phone="12345")
    assert set(error.value.error_dict) == {"id_number", "phone"}
    assert not User.objects.filter(username="new-elder").exists()


def test_an_id_number_is_registered_only_once(cast, beijing):
    register(cast, beijing)
    with pytest.raises(ValidationError) as error:
        register(cast, beijing, username="someone-else")
    assert "id_number" in error.value.error_dict


def test_a_station_cannot_register_outside_its_sub_district(cast, beijing):
    with pytest.raises(PermissionDenied):
        register(cast, beijing, home_region=beijing["110102003"])


def test_revealing_a_full_number_is_audited(cast, beijing):
    person = register(cast, beijing)
    assert actions.reveal_id_number(viewer=cast.station_operator, person=person) == VALID_ID
    assert AuditEntry.objects.filter(
        action="people.read_id_number", actor=cast.station_operator, target_id=str(person.pk)
    ).exists()


def test_a_volunteer_cannot_reveal_a_number(cast, beijing):
    person = register(cast, beijing)
    with pytest.raises(PermissionDenied):
        actions.reveal_id_number(viewer=cast.volunteer, person=person)


def test_a_station_grants_the_volunteer_role_in_its_sub_district(cast, beijing):
    person = register(cast, beijing)
    assignment = actions.grant_role(
        actor=cast.station_operator, user=person, role="volunteer", region=beijing["110105017001"]
    )
    assert assignment.granted_by == cast.station_operator


def test_a_station_cannot_grant_administrative_roles(cast, beijing):
    person = register(cast, beijing)
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            actor=cast.station_operator, user=person, role="city_admin", region=beijing["110000"]
        )


def test_a_district_admin_cannot_grant_in_another_district(cast, beijing):
    person = register(cast, beijing)
    with pytest.raises(PermissionDenied):
        actions.grant_role(
            actor=cast.chaoyang_admin, user=person, role="volunteer", region=beijing["110102003"]
        )


def test_roles_sit_at_their_level_and_name_their_organisation(cast, beijing):
    person = register(cast, beijing)
    with pytest.raises(ValidationError, match="不能设在"):
        actions.grant_role(
            actor=cast.city_admin, user=person, role="district_admin", region=beijing["110105017"]
        )
    with pytest.raises(ValidationError, match="必须指定所属单位"):
        actions.grant_role(
            actor=cast.city_admin, user=person, role="station_operator", region=beijing["110105017"]
        )


def test_revoking_a_role_is_audited(cast):
    assignment = RoleAssignment.objects.get(user=cast.volunteer)
    actions.revoke_role(actor=cast.station_operator, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(action="people.revoke_role").exists()


def test_relations_count_once_verified_with_evidence(cast, beijing):
    person = register(cast, beijing)
    relation = actions.record_relationship(
        actor=cast.station_operator, person=person, relative=cast.volunteer, kind="child"
    )
    assert not relation.is_verified
    with pytest.raises(ValidationError):
        actions.verify_relationship(actor=cast.station_operator, relation=relation, evidence=" ")
    actions.verify_relationship(actor=cast.station_operator, relation=relation, evidence="户口簿")
    relation.refresh_from_db()
    assert relation.verified_by == cast.station_operator


def test_relations_are_read_both_ways(cast):
    from minsheng.people.relations import is_verified_direct_relative, verified_relation

    assert verified_relation(cast.elder, cast.family) == Relationship.Kind.CHILD
    assert verified_relation(cast.family, cast.elder) == Relationship.Kind.PARENT
    assert is_verified_direct_relative(cast.family, cast.elder)


def test_nobody_is_their_own_relative(cast):
    with pytest.raises(ValidationError):
        actions.record_relationship(
            actor=cast.station_operator, person=cast.elder, relative=cast.elder, kind="spouse"
        )


def test_composed_id_numbers_for_the_cast_are_distinct(cast):
    numbers = {u.id_number for u in User.objects.all()}
    assert len(numbers) == User.objects.count()
    assert make_resident_id("110105", cast.elder.birth_date, 1, "F")[:14] == "11010519470915"


def test_a_sub_district_confirms_an_institution_of_its_own(cast, beijing):
    from minsheng.people.models import Organisation

    jinsong = beijing["110105017"]
    institution = Organisation.objects.create(
        code="INST-1", name="康乐居家养老服务中心", kind="institution", region=jinsong
    )
    office = Organisation.objects.get(code="SD-110105017")
    actions.confirm_institution(actor=cast.station_operator, institution=institution, office=office)
    institution.refresh_from_db()
    assert institution.confirmed_by == office
    other_office = Organisation.objects.get(code="SD-110105016")
    with pytest.raises(ValidationError):
        actions.confirm_institution(
            actor=cast.chaoyang_admin, institution=institution, office=other_office
        )
