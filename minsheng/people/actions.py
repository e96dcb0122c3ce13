"""Every change to people, roles and relations: checked, in one transaction, audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User
from minsheng.people.roles import GRANTABLE_BY, ROLE_LEVELS, ROLES_WITH_ORGANISATION, Role
from minsheng.regions.models import Region


def register_person(
    *,
    actor: User | None,
    username: str,
    name: str,
    home_region: Region | None,
    id_number: str = "",
    phone: str = "",
    password: str | None = None,
    preferred_language: str = "zh-hans",
    on_behalf_of: User | None = None,
) -> User:
    """Create a person after validating their ID number and phone (clear errors per field)."""
    if actor is not None and home_region is not None:
        access.require(actor, "people.add_user", home_region)
    person = User(
        username=username.strip(),
        name=name.strip(),
        home_region=home_region,
        preferred_language=preferred_language,
    )
    _set_identity(person, id_number=id_number, phone=phone)
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    with transaction.atomic():
        _save_unique(person)
        record(
            action="people.register",
            target=person,
            actor=actor,
            on_behalf_of=on_behalf_of,
            after=_public_fields(person),
        )
    return person


def update_person(
    *,
    actor: User,
    person: User,
    name: str | None = None,
    home_region: Region | None = None,
    id_number: str | None = None,
    phone: str | None = None,
) -> User:
    access.require(actor, "people.change_user", person)
    before = _public_fields(person)
    if name is not None:
        person.name = name.strip()
    if home_region is not None:
        access.require(actor, "people.change_user", home_region)
        person.home_region = home_region
    _set_identity(person, id_number=id_number or "", phone=phone or "")
    with transaction.atomic():
        _save_unique(person)
        record(
            action="people.update",
            target=person,
            actor=actor,
            before=before,
            after=_public_fields(person),
        )
    return person


def reveal_id_number(*, viewer: User, person: User) -> str:
    """The full ID number, for staff who need it; every such read is in the audit log."""
    access.require(viewer, "people.view_full_id_number", person)
    record(action="people.read_id_number", target=person, actor=viewer)
    return person.id_number


def grant_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    region: Region,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    if actor is not None:
        _check_may_grant(actor, role, region)
    _check_role_placement(role, region, organisation)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            region=region,
            organisation=organisation,
            defaults={"granted_by": actor},
        )
        if created:
            record(
                action="people.grant_role",
                target=assignment,
                actor=actor,
                after={
                    "user": user.pk,
                    "role": role,
                    "region": region.code,
                    "organisation": organisation.code if organisation else None,
                },
            )
    access.policy.forget(user)
    return assignment


def revoke_role(*, actor: User, assignment: RoleAssignment) -> None:
    access.require(actor, "people.delete_roleassignment", assignment)
    _check_may_grant(actor, assignment.role, assignment.region)
    with transaction.atomic():
        record(
            action="people.revoke_role",
            target=assignment,
            actor=actor,
            before={
                "user": assignment.user_id,
                "role": assignment.role,
                "region": assignment.region.code,
            },
        )
        assignment.delete()
    access.policy.forget(assignment.user)


def record_relationship(
    *, actor: User, person: User, relative: User, kind: str, note: str = ""
) -> Relationship:
    access.require(actor, "people.add_relationship", person)
    if person.pk == relative.pk:
        raise ValidationError(_("A person cannot be their own relative."), code="self_relation")
    with transaction.atomic():
        relation, created = Relationship.objects.get_or_create(
            person=person, relative=relative, kind=kind, defaults={"note": note}
        )
        if created:
            record(
                action="people.record_relationship",
                target=relation,
                actor=actor,
                after={"person": person.pk, "relative": relative.pk, "kind": kind},
            )
    return relation


def verify_relationship(*, actor: User, relation: Relationship, evidence: str) -> Relationship:
    """An operator confirms a family relation after seeing documents (户口簿, 结婚证 ...)."""
    access.require(actor, "people.verify_relationship", relation)
    if not evidence.strip():
        raise ValidationError(_("Say which document proves the relation."), code="no_evidence")
    with transaction.atomic():
        relation = Relationship.objects.select_for_update().get(pk=relation.pk)
        if relation.is_verified:
            return relation
        relation.verified_by = actor
        relation.verified_at = timezone.now()
        relation.note = evidence.strip()
        relation.save(update_fields=["verified_by", "verified_at", "note"])
        record(
            action="people.verify_relationship",
            target=relation,
            actor=actor,
            after={"kind": relation.kind, "evidence": relation.note},
        )
    return relation


def _set_identity(person: User, *, id_number: str, phone: str) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if id_number:
        try:
            person.set_id_number(id_number)
        except ValidationError as error:
            errors["id_number"] = [error]
    if phone:
        try:
            person.set_phone(phone)
        except ValidationError as error:
            errors["phone"] = [error]
    if errors:
        raise ValidationError(errors)


def _save_unique(person: User) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        if "id_number_hash" in str(error):
            raise ValidationError(
                {"id_number": _("A person with this ID number is already registered.")}
            ) from error
        if "username" in str(error):
            raise ValidationError({"username": _("This login name is taken.")}) from error
        raise


def _public_fields(person: User) -> dict[str, object]:
    """What the audit log keeps of a person: never the clear ID number or phone."""
    return {
        "username": person.username,
        "name": person.name,
        "home_region": person.home_region.code if person.home_region else None,
        "id_number": person.id_number_masked,
        "phone": person.phone_masked,
    }


def _check_may_grant(actor: User, role: str, region: Region) -> None:
    access.require(actor, "people.add_roleassignment", region)
    held = access.roles_of(actor)
    if actor.is_superuser or any(role in GRANTABLE_BY.get(own, set()) for own in held):
        return
    raise PermissionDenied(_("You cannot grant this role."))


def _check_role_placement(role: str, region: Region, organisation: Organisation | None) -> None:
    if region.level not in ROLE_LEVELS[Role(role)]:
        raise ValidationError(
            _("The role “%(role)s” cannot be held at the level of %(region)s.")
            % {"role": Role(role).label, "region": region.display_name},
            code="role_level",
        )
    if role in ROLES_WITH_ORGANISATION and organisation is None:
        raise ValidationError(
            _("The role “%(role)s” must name its organisation.") % {"role": Role(role).label},
            code="role_organisation",
        )


def confirm_institution(
    *, actor: User, institution: Organisation, office: Organisation
) -> Organisation:
    """A sub-district office confirms a professional institution to act for elders there."""
    access.require(actor, "people.confirm_institution", institution)
    if institution.kind != Organisation.Kind.INSTITUTION:
        raise ValidationError(
            _("Only professional institutions are confirmed."), code="not_institution"
        )
    if office.kind != Organisation.Kind.SUBDISTRICT_OFFICE or not office.region.contains(
        institution.region
    ):
        raise ValidationError(
            _(
                "The institution must be confirmed by the office of its own sub-district or township."
            ),
            code="wrong_office",
        )
    with transaction.atomic():
        institution = Organisation.objects.select_for_update().get(pk=institution.pk)
        institution.confirmed_by = office
        institution.confirmed_at = timezone.now()
        institution.save(update_fields=["confirmed_by", "confirmed_at"])
        record(
            action="people.confirm_institution",
            target=institution,
            actor=actor,
            after={"confirmed_by": office.code},
        )
    return institution


def set_password(*, actor: User, person: User, password: str) -> None:
    """Staff set a new password for a resident who forgot theirs (validated, audited)."""
    access.require(actor, "people.change_user", person)
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user=person)
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        record(action="people.set_password", target=person, actor=actor)
