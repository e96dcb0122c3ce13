"""What the API shows and accepts. Output serializers are read-only; inputs are plain."""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from minsheng.core.api import FieldsBuiltOnce
from minsheng.core.validation import DayField, MomentField
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region
from minsheng.timebank import policies
from minsheng.timebank.actions.funding import BUDGET_YEARS, MAX_BUDGET_MINUTES
from minsheng.timebank.models import (
    Account,
    Attendance,
    CareNeed,
    ElderProfile,
    Grant,
    GrantBudget,
    GrantRule,
    GroupActivity,
    Leg,
    OrderEvent,
    ServiceCategory,
    ServiceItem,
    ServiceOrder,
    Station,
    TrainingRecord,
    Transaction,
    Transfer,
    VolunteerProfile,
)

STATE_HELP = "One of: " + ", ".join(ServiceOrder.State.values)

M = TypeVar("M", bound=Model)


def code_of(model: type[M]) -> serializers.SlugRelatedField[M]:
    """A related ``model`` object, shown by its code (read-only)."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True)


class PersonRefSerializer(FieldsBuiltOnce, serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer[ServiceCategory]):
    class Meta:
        model = ServiceCategory
        fields = ["id", "code", "name", "name_en", "position"]
        read_only_fields = fields


class ItemSerializer(serializers.ModelSerializer[ServiceItem]):
    category = code_of(ServiceCategory)
    region = code_of(Region)

    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "category",
            "region",
            "description",
            "typical_minutes",
            "is_active",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceCategory.objects.all()
    )
    code = serializers.SlugField(max_length=48)
    name = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=160)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    typical_minutes = serializers.IntegerField(min_value=1, default=60)
    is_active = serializers.BooleanField(default=True)


class EventSerializer(serializers.ModelSerializer[OrderEvent]):
    from_state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    to_state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    actor = PersonRefSerializer(read_only=True, allow_null=True)
    on_behalf_of = PersonRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = OrderEvent
        fields = [
            "kind",
            "from_state",
            "to_state",
            "at",
            "actor",
            "on_behalf_of",
            "channel",
            "note",
            "data",
        ]
        read_only_fields = fields


class OrderSerializer(FieldsBuiltOnce, serializers.ModelSerializer[ServiceOrder]):
    beneficiary = PersonRefSerializer(read_only=True)
    payer = PersonRefSerializer(read_only=True)
    volunteer = PersonRefSerializer(read_only=True, allow_null=True)
    item = code_of(ServiceItem)
    category = code_of(ServiceCategory)
    region = code_of(Region)
    state = serializers.CharField(read_only=True, help_text=STATE_HELP)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "reference",
            "state",
            "state_display",
            "beneficiary",
            "payer",
            "volunteer",
            "item",
            "category",
            "region",
            "station",
            "description",
            "address",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "held_minutes",
            "signed_in_at",
            "signed_out_at",
            "signed_minutes",
            "credited_minutes",
            "rating",
            "comment",
            "review_note",
            "created_at",
            "booked_at",
            "closed_at",
        ]
        read_only_fields = fields


class OpenOrderSerializer(serializers.ModelSerializer[ServiceOrder]):
    """An open request as volunteers browsing see it: what, when, where roughly and how near.

    Who it is for, the address and the description (often about health) are shown only to the
    volunteer who books it, and to staff in scope (:class:`OrderSerializer`)."""

    item = code_of(ServiceItem)
    item_name = serializers.CharField(source="item.name", read_only=True)
    category = code_of(ServiceCategory)
    region = code_of(Region)
    region_name = serializers.CharField(source="region.name", read_only=True)
    nearness = serializers.SerializerMethodField(
        help_text="community, subdistrict, district or city: how near the request is to your "
        "home (null: your home is not known)"
    )

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "reference",
            "item",
            "item_name",
            "category",
            "region",
            "region_name",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "nearness",
        ]
        read_only_fields = fields

    def get_nearness(self, order: ServiceOrder) -> str | None:
        closeness = getattr(order, "closeness", None)
        return None if closeness is None else NEARNESS.get(closeness, "city")


# The ``closeness`` of ServiceOrderQuerySet.nearest_first: the depth of the shared region.
NEARNESS = {3: "community", 2: "subdistrict", 1: "district", 0: "city"}


class OrderDetailSerializer(OrderSerializer):
    events = EventSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events", "actions"]
        read_only_fields = fields

    def get_actions(self, order: ServiceOrder) -> list[str]:
        from minsheng.timebank.views.orders import available_actions

        return sorted(available_actions(self.context["request"].user, order))


class PostOrderSerializer(serializers.Serializer):
    beneficiary = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=ServiceItem.objects.filter(is_active=True))
    starts_at = MomentField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    payer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A verified spouse redeeming stored coins; empty: the person themself."),
    )


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class AssignSerializer(serializers.Serializer):
    volunteer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class SignSerializer(serializers.Serializer):
    at = MomentField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Station staff only: the time from a paper sheet. Empty: now."),
    )
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text=_(
            "The volunteer: the text of the elder's door QR code. Without it the sign "
            "is flagged for the station."
        ),
    )
    latitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-90, max_value=90
    )
    longitude = serializers.FloatField(
        required=False, allow_null=True, default=None, min_value=-180, max_value=180
    )
    accuracy = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=100_000,
        help_text=_("The phone's position and its accuracy in metres, for the door's fence."),
    )


class ConfirmSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DisputeSerializer(serializers.Serializer):
    reason = serializers.CharField()
    proposed_minutes = serializers.IntegerField(min_value=0, max_value=1440)


class DecideSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=0, max_value=1440)
    decision = serializers.CharField()


class AccountSerializer(serializers.ModelSerializer[Account]):
    owner = PersonRefSerializer(read_only=True, allow_null=True)
    held = serializers.SerializerMethodField()
    star_level = serializers.SerializerMethodField()

    class Meta:
        model = Account
        fields = ["id", "kind", "owner", "balance", "held", "earned", "star_level"]
        read_only_fields = fields

    def get_held(self, account: Account) -> int:
        hold = Account.objects.filter(owner_id=account.owner_id, kind=Account.Kind.HOLD).first()
        return hold.balance if hold else 0

    def get_star_level(self, account: Account) -> int:
        return policies.current().star_level(account.earned)


class StatementLineSerializer(serializers.Serializer):
    transaction = serializers.IntegerField(source="leg.transaction_id")
    kind = serializers.CharField(source="leg.transaction.kind")
    posted_at = serializers.DateTimeField(source="leg.posted_at")
    order = serializers.IntegerField(source="leg.transaction.order_id", allow_null=True)
    memo = serializers.CharField(source="leg.transaction.memo")
    change = serializers.IntegerField()
    balance = serializers.IntegerField()


class StatementSerializer(serializers.Serializer):
    opening = serializers.IntegerField()
    closing = serializers.IntegerField()
    total_in = serializers.IntegerField()
    total_out = serializers.IntegerField()
    lines = StatementLineSerializer(many=True)


class BalanceSerializer(serializers.Serializer):
    account = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True)
    balance = serializers.IntegerField()


class LegSerializer(serializers.ModelSerializer[Leg]):
    class Meta:
        model = Leg
        fields = ["account", "side", "amount"]
        read_only_fields = fields


class TransactionSerializer(serializers.ModelSerializer[Transaction]):
    legs = LegSerializer(many=True, read_only=True)

    class Meta:
        model = Transaction
        fields = [
            "id",
            "kind",
            "idempotency_key",
            "posted_at",
            "memo",
            "authorised_by",
            "order",
            "grant",
            "transfer",
            "attendance",
            "reverses",
            "legs",
        ]
        read_only_fields = fields


class ReverseSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=300)


class TransferSerializer(serializers.ModelSerializer[Transfer]):
    class Meta:
        model = Transfer
        fields = [
            "id",
            "kind",
            "giver",
            "receiver",
            "minutes",
            "relation",
            "reason",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class GiftInputSerializer(serializers.Serializer):
    giver = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Station staff acting for an elder; empty: yourself."),
    )
    receiver = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    minutes = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class DonationInputSerializer(serializers.Serializer):
    donor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    minutes = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AllocationInputSerializer(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    minutes = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=300)


class GrantSerializer(serializers.ModelSerializer[Grant]):
    state = serializers.CharField(read_only=True, help_text="proposed, approved or rejected")
    issuer = code_of(Region)
    rule = code_of(GrantRule)

    class Meta:
        model = Grant
        fields = [
            "id",
            "issuer",
            "recipient",
            "rule",
            "minutes",
            "reason",
            "state",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class GrantInputSerializer(serializers.Serializer):
    recipient = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    rule = serializers.SlugRelatedField(slug_field="code", queryset=GrantRule.objects.all())
    issuer = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class GrantRuleSerializer(serializers.ModelSerializer[GrantRule]):
    class Meta:
        model = GrantRule
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "min_age",
            "requires_lives_alone",
            "requires_disability",
            "requires_low_income",
            "default_minutes",
            "is_active",
        ]
        read_only_fields = ["id"]


class ElderChangeSerializer(serializers.Serializer):
    lives_alone = serializers.BooleanField(required=False)
    disabled = serializers.BooleanField(required=False)
    low_income = serializers.BooleanField(required=False)
    uses_smartphone = serializers.BooleanField(required=False)


class BudgetSerializer(serializers.ModelSerializer[GrantBudget]):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())

    class Meta:
        model = GrantBudget
        fields = ["id", "region", "year", "minutes", "set_by", "set_at"]
        read_only_fields = ["id", "set_by", "set_at"]
        extra_kwargs = {
            "year": {"min_value": BUDGET_YEARS[0], "max_value": BUDGET_YEARS[1]},
            "minutes": {"min_value": 0, "max_value": MAX_BUDGET_MINUTES},
        }


class PolicySettingSerializer(serializers.Serializer):
    key = serializers.CharField()
    # DRF's metaclass takes declared fields off the class, so these names do not shadow
    # Field.label and Field.help_text; mypy only sees the class body.
    label = serializers.CharField()  # type: ignore[assignment]
    help_text = serializers.CharField()  # type: ignore[assignment]
    value = serializers.JSONField()
    default = serializers.JSONField()
    unit = serializers.CharField()


class PolicyChangeSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=[setting.key for setting in policies.SETTINGS])
    value = serializers.JSONField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StationSerializer(serializers.ModelSerializer[Station]):
    organisation = code_of(Organisation)
    region = code_of(Region)
    name = serializers.CharField(source="organisation.display_name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="pending, approved or suspended")

    class Meta:
        model = Station
        fields = [
            "id",
            "organisation",
            "name",
            "region",
            "status",
            "address",
            "opening_hours",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class StationRequestSerializer(serializers.Serializer):
    organisation = serializers.CharField(help_text=_("The organisation's code."), max_length=64)
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    opening_hours = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )


class StationDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TrainingSerializer(serializers.ModelSerializer[TrainingRecord]):
    completed_on = DayField()

    class Meta:
        model = TrainingRecord
        fields = ["id", "title", "completed_on", "hours", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "recorded_by", "recorded_at"]
        extra_kwargs = {"hours": {"min_value": Decimal("0.1"), "max_value": Decimal("100")}}


class VolunteerSerializer(serializers.ModelSerializer[VolunteerProfile]):
    person = PersonRefSerializer(read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True, help_text="registered, active or suspended")

    class Meta:
        model = VolunteerProfile
        fields = ["id", "person", "station", "status", "guardian", "registered_at", "trainings"]
        read_only_fields = fields


class VolunteerInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.all())
    guardian = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    skills = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ServiceCategory.objects.all(),
        many=True,
        required=False,
        default=list,  # type: ignore[arg-type]  # many=True: the default is a list of categories
    )


class VolunteerStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VolunteerProfile.Status.choices)
    reason = serializers.CharField()


class CareNeedSerializer(serializers.ModelSerializer[CareNeed]):
    categories = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceCategory.objects.all(), many=True
    )

    class Meta:
        model = CareNeed
        fields = ["id", "categories", "description", "registered_by", "registered_at", "ended_at"]
        read_only_fields = ["id", "registered_by", "registered_at", "ended_at"]


class ElderSerializer(serializers.ModelSerializer[ElderProfile]):
    person = PersonRefSerializer(read_only=True)
    care_needs = CareNeedSerializer(source="person.care_needs", many=True, read_only=True)

    class Meta:
        model = ElderProfile
        fields = [
            "id",
            "person",
            "station",
            "lives_alone",
            "disabled",
            "low_income",
            "uses_smartphone",
            "registered_at",
            "care_needs",
        ]
        read_only_fields = fields


class ElderInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.all())
    lives_alone = serializers.BooleanField(default=False)
    disabled = serializers.BooleanField(default=False)
    low_income = serializers.BooleanField(default=False)
    uses_smartphone = serializers.BooleanField(default=False)


class ActivitySerializer(serializers.ModelSerializer[GroupActivity]):
    district = code_of(Region)
    starts_at = MomentField()
    ends_at = MomentField()
    item = serializers.PrimaryKeyRelatedField(queryset=ServiceItem.objects.all())
    station = serializers.PrimaryKeyRelatedField(queryset=Station.objects.all())
    state = serializers.CharField(read_only=True, help_text="open or closed")

    class Meta:
        model = GroupActivity
        fields = [
            "id",
            "title",
            "district",
            "station",
            "item",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "state",
            "created_by",
        ]
        read_only_fields = ["id", "district", "state", "created_by"]


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    class Meta:
        model = Attendance
        fields = [
            "id",
            "activity",
            "volunteer",
            "signed_up_at",
            "minutes",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = fields


class JoinSerializer(serializers.Serializer):
    volunteer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Station staff adding a volunteer; empty: yourself."),
    )


class AttendanceConfirmSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=1440)


class ReportSerializer(serializers.Serializer):
    name = serializers.CharField()
    area = serializers.CharField()
    year = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))


def _namespace_components() -> None:
    """Schema components are named ``TimeBank…``, so that they never collide with another
    module's serializers of the same name (``Category``, ``Event`` ...)."""
    from drf_spectacular.utils import extend_schema_serializer

    for name, value in list(globals().items()):
        if (
            isinstance(value, type)
            and issubclass(value, serializers.BaseSerializer)
            and value.__module__ == __name__
            and name.endswith("Serializer")
        ):
            globals()[name] = extend_schema_serializer(
                component_name=f"TimeBank{name.removesuffix('Serializer')}"
            )(value)


_namespace_components()
