"""People (one user model for residents and staff), organisations, roles and family relations."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minsheng.core import crypto, identity
from minsheng.core.fields import EncryptedTextField
from minsheng.core.i18n import BilingualNameMixin
from minsheng.people.roles import Role
from minsheng.regions.models import Region

ID_HASH_PURPOSE = "resident-id"
PHONE_HASH_PURPOSE = "mobile"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields: object) -> User:
        user = self.model(username=username, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(
        self, username: str, password: str | None = None, **fields: object
    ) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(username, password, **fields)

    def find_by_id_number(self, raw: str) -> User | None:
        number = identity.normalise_resident_id(raw)
        return self.filter(id_number_hash=crypto.keyed_hash(number, ID_HASH_PURPOSE)).first()

    def find_by_phone(self, raw: str) -> models.QuerySet[User]:
        number = identity.normalise_mobile(raw)
        return self.filter(phone_hash=crypto.keyed_hash(number, PHONE_HASH_PURPOSE))


class User(AbstractBaseUser, PermissionsMixin):
    """A person: a resident (volunteer, elder, relative) or a member of staff.

    Elders who do not use a phone or computer have no usable password; station staff act for them.
    ID numbers and phones are stored encrypted, with a keyed hash for look-ups and a masked copy
    for display.
    """

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    username = models.CharField(
        _("login name"), max_length=64, unique=True, validators=[UnicodeUsernameValidator()]
    )
    name = models.CharField(_("name"), max_length=64)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="zh-hans"
    )
    phone = EncryptedTextField(_("mobile phone"), blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("mobile phone"), max_length=16, blank=True, editable=False)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    # NULL, not "", for people without a registered ID: unique among those who have one.
    id_number_hash = models.CharField(  # noqa: DJ001
        max_length=64, null=True, unique=True, editable=False
    )
    id_number_masked = models.CharField(
        _("resident ID number"), max_length=24, blank=True, editable=False
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex, blank=True, editable=False)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform operator"),
        default=False,
        help_text=_("Only for the technical account created with createsuperuser."),
    )
    date_joined = models.DateTimeField(_("registered"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.name} ({self.username})" if self.name else self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    def set_id_number(self, raw: str) -> identity.ResidentId:
        """Validate and store an ID number; birth date and sex follow from it."""
        parsed = identity.parse_resident_id(raw)
        self.id_number = parsed.number
        self.id_number_hash = crypto.keyed_hash(parsed.number, ID_HASH_PURPOSE)
        self.id_number_masked = parsed.masked
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex
        return parsed

    set_id_number.alters_data = True  # type: ignore[attr-defined]

    def set_phone(self, raw: str) -> str:
        number = identity.parse_mobile(raw)
        self.phone = number
        self.phone_hash = crypto.keyed_hash(number, PHONE_HASH_PURPOSE)
        self.phone_masked = identity.mask_mobile(number)
        return number

    set_phone.alters_data = True  # type: ignore[attr-defined]

    def age_on(self, day: dt.date) -> int | None:
        return identity.age_on(self.birth_date, day) if self.birth_date else None

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def can_log_in(self) -> bool:
        return self.is_active and self.has_usable_password()

    @property
    def audit_region_path(self) -> str:
        return self.home_region.path if self.home_region_id and self.home_region else ""


class Organisation(BilingualNameMixin, models.Model):
    """A body that acts on the platform, placed at a node of the region tree."""

    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "department", _("Municipal department")
        PUBLIC_SERVICE_COMPANY = "company", _("Public-service company")
        DISTRICT_OFFICE = "district_office", _("District government")
        SUBDISTRICT_OFFICE = "subdistrict_office", _("Sub-district or township office")
        SERVICE_STATION = "station", _("Service station")
        INSTITUTION = "institution", _("Professional institution")
        VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")
        HOTLINE_CENTRE = "hotline_centre", _("12345 hotline centre")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("Chinese name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    confirmed_by = models.ForeignKey(
        "self",
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confirmed_institutions",
        help_text=_("The sub-district or township office that confirmed this institution."),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(confirmed_by=F("id")), name="organisation_not_self_confirmed"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def audit_region_path(self) -> str:
        return self.region.path


class RoleAssignment(models.Model):
    """A role held by a person at a region node, for an organisation where relevant."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role, db_index=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region", "organisation"],
                nulls_distinct=False,
                name="role_assignment_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"

    @property
    def audit_region_path(self) -> str:
        return self.region.path


class Relationship(models.Model):
    """``relative`` is ``person``'s ``kind`` (e.g. the relative is the person's spouse).

    Family relations matter for the Time Bank: coins may pay for a spouse's care and may be given
    to direct relatives, but only once an operator has verified the relation.
    """

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")
        GUARDIAN = "guardian", _("Guardian")

    INVERSE = {
        Kind.SPOUSE: Kind.SPOUSE,
        Kind.PARENT: Kind.CHILD,
        Kind.CHILD: Kind.PARENT,
        Kind.GRANDPARENT: Kind.GRANDCHILD,
        Kind.GRANDCHILD: Kind.GRANDPARENT,
    }
    DIRECT_RELATIVES = {Kind.PARENT, Kind.CHILD, Kind.GRANDPARENT, Kind.GRANDCHILD}

    person = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="relationships"
    )
    relative = models.ForeignKey(
        User, verbose_name=_("relative"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind)
    verified_by = models.ForeignKey(
        User,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    note = models.CharField(_("evidence seen"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=F("relative")), name="relationship_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="relationship_unique"
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True, verified_by__isnull=True)
                | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="relationship_verified_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.relative.name}: {self.get_kind_display()}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def audit_region_path(self) -> str:
        return self.person.audit_region_path


class PhoneCode(models.Model):
    """A one-time code texted to a mobile number, to prove the person holds that phone.

    Only keyed hashes are kept: of the number (to count codes per phone) and of the code. The
    database bounds the attempts, so no code can be tried more often than the rules allow.
    """

    MAX_ATTEMPTS = 5

    purpose = models.CharField(_("purpose"), max_length=32)
    phone_hash = models.CharField(max_length=64, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("valid until"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")
        indexes = [
            models.Index(fields=["phone_hash", "created_at"], name="phonecode_phone_time"),
            models.Index(fields=["ip", "created_at"], name="phonecode_ip_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(attempts__lte=5), name="phonecode_attempts_bounded"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="phonecode_expires_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
