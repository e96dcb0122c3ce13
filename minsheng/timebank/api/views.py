"""API endpoints: parse, call the action, answer. Refusals by the rules answer 409 with the
reason; bad input answers 400 with the fields; objects outside one's area answer 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.core.api import validated
from minsheng.core.validation import parse_moment
from minsheng.people.models import Organisation, User
from minsheng.timebank import ledger, policies
from minsheng.timebank.actions import activities, administration, funding, registration, settlement
from minsheng.timebank.actions import orders as order_actions
from minsheng.timebank.api import serializers as s
from minsheng.timebank.models import (
    Account,
    Attendance,
    ElderProfile,
    Grant,
    GrantBudget,
    GrantRule,
    GroupActivity,
    ServiceCategory,
    ServiceItem,
    ServiceOrder,
    Station,
    Transaction,
    Transfer,
    VolunteerProfile,
)
from minsheng.timebank.presence import actions as presence


def _user(request: Request) -> User:
    """The signed-in user itself (the API lets only authenticated users through)."""
    user = request.user
    return cast(User, getattr(user, "_wrapped", user))


# --- Orders ------------------------------------------------------------------------------------

ORDER_RELATED = ("beneficiary", "payer", "volunteer", "item", "category", "region")
# Moves whose action reads the order again, locked, with what it names
# (``actions.common.locked_order``) and answers with that copy: finding the order in the user's
# scope needs only its own row (and no personal field decrypted twice).
LOCKED_AGAIN = {
    "approve",
    "reject",
    "book",
    "assign",
    "confirm",
    "dispute",
    "decide",
    "cancel",
    "no_show",
}


class OrderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ServiceOrder]
):
    """Service orders and every move of the standard procedure (one endpoint per move)."""

    permission_classes = [ScopedAction]
    access_actions = {
        "list": "timebank.view_order",
        "retrieve": "timebank.view_order",
        "create": "timebank.post_order",
        "open": "timebank.browse_open_orders",
        "book": "timebank.book_order",
        "*": "timebank.view_order",
    }
    filterset_fields = ["state"]

    def get_queryset(self) -> QuerySet[ServiceOrder]:
        queryset = ServiceOrder.objects.all()
        if self.action not in LOCKED_AGAIN:
            queryset = queryset.select_related(*ORDER_RELATED)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("events__actor", "events__on_behalf_of")
        if self.action == "book":
            return queryset.filter(state="approved") | access.scope(
                self.request.user, "timebank.view_order", queryset
            )
        return access.scope(self.request.user, "timebank.view_order", queryset)

    def get_serializer_class(self) -> type[s.serializers.BaseSerializer]:
        return s.OrderDetailSerializer if self.action == "retrieve" else s.OrderSerializer

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        # get_queryset found the order within the user's view_order scope: checking that same
        # permission on it again would repeat the query. Other permissions are still checked.
        action = self.access_actions.get(self.action or "", self.access_actions["*"])
        if action != "timebank.view_order":
            super().check_object_permissions(request, obj)

    def _answer(self, order: ServiceOrder, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            s.OrderSerializer(order, context={"request": self.request}).data, status=code
        )

    def _move(
        self,
        call: Callable[[ServiceOrder, dict[str, Any]], ServiceOrder],
        serializer: type[s.serializers.Serializer] | None = None,
    ) -> Response:
        order = self.get_object()
        data = validated(serializer, self.request.data) if serializer else {}
        return self._answer(call(order, data))

    @extend_schema(request=s.PostOrderSerializer, responses={201: s.OrderSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.PostOrderSerializer, request.data)
        order = order_actions.post_order(actor=request.user, **data)
        return self._answer(order, status.HTTP_201_CREATED)

    @extend_schema(responses=s.OpenOrderSerializer(many=True))
    @action(detail=False)
    def open(self, request: Request) -> Response:
        """Approved requests waiting for a volunteer, nearest first: the service, the time and
        the neighbourhood. Who it is for, the address and the description come with booking."""
        orders = ServiceOrder.objects.open_for_booking().select_related(
            "item", "category", "region"
        )
        page = self.paginate_queryset(orders.nearest_first(_user(request).home_region))
        return self.get_paginated_response(s.OpenOrderSerializer(page, many=True).data)

    @extend_schema(request=s.NoteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.approve_order(actor=request.user, order=o, **d),
            s.NoteSerializer,
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.reject_order(actor=request.user, order=o, **d),
            s.ReasonSerializer,
        )

    @extend_schema(request=None, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def book(self, request: Request, pk: str) -> Response:
        """Book an open request (volunteers see open requests before they are theirs)."""
        order = get_object_or_404(self.get_queryset(), pk=pk)
        return self._answer(order_actions.book_order(actor=request.user, order=order))

    @extend_schema(request=s.AssignSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.assign_volunteer(actor=request.user, order=o, **d),
            s.AssignSerializer,
        )

    @extend_schema(request=s.NoteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.withdraw_booking(
                actor=request.user, order=o, reason=d["note"]
            ),
            s.NoteSerializer,
        )

    @extend_schema(request=s.SignSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], url_path="sign-in")
    def sign_in(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: presence.sign_on_page(
                actor=request.user, order=o, kind="sign_in", **presence.sign_fields(d)
            ),
            s.SignSerializer,
        )

    @extend_schema(request=s.SignSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], url_path="sign-out")
    def sign_out(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: presence.sign_on_page(
                actor=request.user, order=o, kind="sign_out", **presence.sign_fields(d)
            ),
            s.SignSerializer,
        )

    @extend_schema(request=s.ConfirmSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """Confirm and rate: the ledger pays the volunteer at once."""
        return self._move(
            lambda o, d: settlement.confirm_order(actor=request.user, order=o, **d),
            s.ConfirmSerializer,
        )

    @extend_schema(request=s.DisputeSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: settlement.dispute_order(actor=request.user, order=o, **d),
            s.DisputeSerializer,
        )

    @extend_schema(request=s.DecideSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: settlement.decide_dispute(actor=request.user, order=o, **d),
            s.DecideSerializer,
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.cancel_order(actor=request.user, order=o, **d),
            s.ReasonSerializer,
        )

    @extend_schema(request=s.NoteSerializer, responses=s.OrderSerializer)
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str) -> Response:
        return self._move(
            lambda o, d: order_actions.report_no_show(actor=request.user, order=o, **d),
            s.NoteSerializer,
        )


# --- Accounts and the ledger -------------------------------------------------------------------


def _moment(request: Request, name: str) -> dt.datetime | None:
    return parse_moment(request.query_params.get(name), name)


class AccountViewSet(viewsets.ReadOnlyModelViewSet[Account]):
    """Personal time accounts: balance, held coins, lifetime service, statement."""

    serializer_class = s.AccountSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_account"}

    def get_queryset(self) -> QuerySet[Account]:
        queryset = Account.objects.filter(kind=Account.Kind.PERSON).select_related("owner")
        return access.scope(self.request.user, "timebank.view_account", queryset)

    @action(detail=False)
    def mine(self, request: Request) -> Response:
        """The signed-in person's account. A GET writes nothing: without an account yet (it is
        opened by the first posting), the answer is 404."""
        account = Account.objects.filter(kind=Account.Kind.PERSON, owner_id=request.user.pk).first()
        if account is None:
            raise NotFound(_("You have no time account yet: it opens with your first service."))
        return Response(s.AccountSerializer(account).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATETIME),
            OpenApiParameter("end", OpenApiTypes.DATETIME),
        ],
        responses=s.StatementSerializer,
    )
    @action(detail=True)
    def statement(self, request: Request, pk: str) -> Response:
        account = self.get_object()
        statement = ledger.person_statement(
            account.owner, start=_moment(request, "start"), end=_moment(request, "end"), limit=500
        )
        return Response(s.StatementSerializer(statement).data)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATETIME)],
        responses=s.BalanceSerializer,
    )
    @action(detail=True)
    def balance(self, request: Request, pk: str) -> Response:
        account = self.get_object()
        moment = _moment(request, "as_of")
        return Response(
            {
                "account": account.pk,
                "as_of": moment,
                "balance": ledger.balance_as_of(account, moment),
            }
        )


class TransactionViewSet(viewsets.ReadOnlyModelViewSet[Transaction]):
    """The ledger (staff). Posted transactions are never changed: reverse them."""

    serializer_class = s.TransactionSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_transaction"}
    filterset_fields = ["kind", "order"]

    def get_queryset(self) -> QuerySet[Transaction]:
        queryset = Transaction.objects.prefetch_related("legs").order_by("-posted_at", "-pk")
        return access.scope(self.request.user, "timebank.view_transaction", queryset)

    @extend_schema(request=s.ReverseSerializer, responses={201: s.TransactionSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str) -> Response:
        original = self.get_object()
        data = validated(s.ReverseSerializer, request.data)
        reversal = funding.reverse_transaction(actor=request.user, original=original, **data)
        reversal = Transaction.objects.prefetch_related("legs").get(pk=reversal.pk)
        return Response(s.TransactionSerializer(reversal).data, status=status.HTTP_201_CREATED)


# --- Gifts, donations, the pool, grants, budgets ---------------------------------------------------

IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique key per request: a retry with the same key returns the first result.",
)


# Transfer.client_key holds 120 characters (the ledger key adds a prefix to it, within 200).
MAX_KEY = 100


def _key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        raise ValidationError({"Idempotency-Key": [_("Send an Idempotency-Key header.")]})
    if len(key) > MAX_KEY:
        raise ValidationError(
            {"Idempotency-Key": [_("Use at most %(count)d characters.") % {"count": MAX_KEY}]}
        )
    return key


class TransferViewSet(viewsets.ReadOnlyModelViewSet[Transfer]):
    """Gifts, donations and pool allocations one may see."""

    serializer_class = s.TransferSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_transfer"}
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[Transfer]:
        return access.scope(self.request.user, "timebank.view_transfer", Transfer.objects.all())


class GiftView(APIView):
    @extend_schema(
        request=s.GiftInputSerializer,
        responses={201: s.TransferSerializer},
        parameters=[IDEMPOTENCY],
    )
    def post(self, request: Request) -> Response:
        """Give coins to a verified direct relative."""
        data = validated(s.GiftInputSerializer, request.data)
        gift = funding.give_gift(
            actor=request.user,
            giver=data["giver"] or _user(request),
            receiver=data["receiver"],
            minutes=data["minutes"],
            client_key=_key(request),
            note=data["note"],
        )
        return Response(s.TransferSerializer(gift).data, status=status.HTTP_201_CREATED)


class DonationView(APIView):
    @extend_schema(
        request=s.DonationInputSerializer,
        responses={201: s.TransferSerializer},
        parameters=[IDEMPOTENCY],
    )
    def post(self, request: Request) -> Response:
        """Donate coins to the public pool."""
        data = validated(s.DonationInputSerializer, request.data)
        donation = funding.donate(
            actor=request.user,
            donor=data["donor"] or _user(request),
            minutes=data["minutes"],
            client_key=_key(request),
            note=data["note"],
        )
        return Response(s.TransferSerializer(donation).data, status=status.HTTP_201_CREATED)


class AllocationView(APIView):
    @extend_schema(
        request=s.AllocationInputSerializer,
        responses={201: s.TransferSerializer},
        parameters=[IDEMPOTENCY],
    )
    def post(self, request: Request) -> Response:
        """Give pool coins to an eligible elder, with a reason."""
        data = validated(s.AllocationInputSerializer, request.data)
        allocation = funding.allocate_from_pool(
            actor=request.user, client_key=_key(request), **data
        )
        return Response(s.TransferSerializer(allocation).data, status=status.HTTP_201_CREATED)


class GrantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Grant]
):
    serializer_class = s.GrantSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_grant", "create": "timebank.propose_grant"}
    filterset_fields = ["state"]

    def get_queryset(self) -> QuerySet[Grant]:
        queryset = Grant.objects.select_related("issuer", "rule")
        return access.scope(self.request.user, "timebank.view_grant", queryset)

    @extend_schema(request=s.GrantInputSerializer, responses={201: s.GrantSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.GrantInputSerializer, request.data)
        grant = funding.propose_grant(actor=request.user, **data)
        return Response(s.GrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.NoteSerializer, responses=s.GrantSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        grant, data = self.get_object(), validated(s.NoteSerializer, request.data)
        grant = funding.approve_grant(actor=request.user, grant=grant, **data)
        return Response(s.GrantSerializer(grant).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.GrantSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        grant, data = self.get_object(), validated(s.ReasonSerializer, request.data)
        grant = funding.reject_grant(actor=request.user, grant=grant, note=data["reason"])
        return Response(s.GrantSerializer(grant).data)


class GrantRuleViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[GrantRule]):
    """Eligibility rules for grants (alternatives: a person meets one rule entirely)."""

    serializer_class = s.GrantRuleSerializer
    queryset = GrantRule.objects.all()
    pagination_class = None

    @extend_schema(request=s.GrantRuleSerializer, responses={201: s.GrantRuleSerializer})
    def create(self, request: Request) -> Response:
        """Add a rule, or change the one with the same code (the city administrator)."""
        data = validated(s.GrantRuleSerializer, request.data)
        rule = administration.save_grant_rule(actor=request.user, **data)
        return Response(s.GrantRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


class BudgetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[GrantBudget]):
    serializer_class = s.BudgetSerializer
    permission_classes = [ScopedAction]
    access_actions = {"list": "timebank.view_budget", "create": "timebank.set_budget"}

    def get_queryset(self) -> QuerySet[GrantBudget]:
        queryset = GrantBudget.objects.select_related("region")
        return access.scope(self.request.user, "timebank.view_budget", queryset)

    @extend_schema(request=s.BudgetSerializer, responses={201: s.BudgetSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.BudgetSerializer, request.data)
        budget = funding.set_budget(actor=request.user, **data)
        return Response(s.BudgetSerializer(budget).data, status=status.HTTP_201_CREATED)


class PolicyView(APIView):
    """Every policy setting with its current value and default."""

    @extend_schema(responses=s.PolicySettingSerializer(many=True))
    def get(self, request: Request) -> Response:
        access.require(request.user, "timebank.view_reports")
        current = policies.current()
        rows = [
            {
                "key": setting.key,
                "label": str(setting.label),
                "help_text": str(setting.help_text),
                "value": getattr(current, setting.key),
                "default": setting.default,
                "unit": str(setting.unit),
            }
            for setting in policies.SETTINGS
        ]
        return Response(s.PolicySettingSerializer(rows, many=True).data)

    @extend_schema(request=s.PolicyChangeSerializer, responses=s.PolicySettingSerializer(many=True))
    def patch(self, request: Request) -> Response:
        """Change one setting (the city administrator); the audit log keeps both values."""
        data = validated(s.PolicyChangeSerializer, request.data)
        administration.change_policy(actor=request.user, **data)
        return self.get(request)


# --- Reference data, stations, registrations, activities -----------------------------------------


class CategoryViewSet(viewsets.ReadOnlyModelViewSet[ServiceCategory]):
    serializer_class = s.CategorySerializer
    queryset = ServiceCategory.objects.all()
    pagination_class = None


class ItemViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[ServiceItem]):
    serializer_class = s.ItemSerializer
    filterset_fields = ["category__code", "region__code", "is_active"]

    def get_queryset(self) -> QuerySet[ServiceItem]:
        return ServiceItem.objects.select_related("category", "region")

    @extend_schema(request=s.ItemInputSerializer, responses={201: s.ItemSerializer})
    def create(self, request: Request) -> Response:
        """Add or change an item (the city's base catalogue, or a district's own)."""
        data = validated(s.ItemInputSerializer, request.data)
        item = administration.save_service_item(actor=request.user, **data)
        return Response(s.ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class StationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Station]):
    serializer_class = s.StationSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_station", "create": "timebank.request_station"}

    def get_queryset(self) -> QuerySet[Station]:
        queryset = Station.objects.select_related("organisation", "region")
        return access.scope(self.request.user, "timebank.view_station", queryset)

    @extend_schema(request=s.StationRequestSerializer, responses={201: s.StationSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.StationRequestSerializer, request.data)
        organisation = get_object_or_404(Organisation, code=data.pop("organisation"))
        station = registration.request_station(
            actor=request.user, organisation=organisation, **data
        )
        return Response(s.StationSerializer(station).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StationDecisionSerializer, responses=s.StationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        station, data = self.get_object(), validated(s.StationDecisionSerializer, request.data)
        station = registration.decide_station(actor=request.user, station=station, **data)
        return Response(s.StationSerializer(station).data)


class VolunteerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[VolunteerProfile]
):
    serializer_class = s.VolunteerSerializer
    permission_classes = [ScopedAction]
    access_actions = {"*": "timebank.view_volunteer", "create": "timebank.register_volunteer"}

    def get_queryset(self) -> QuerySet[VolunteerProfile]:
        queryset = VolunteerProfile.objects.select_related("person").prefetch_related("trainings")
        return access.scope(self.request.user, "timebank.view_volunteer", queryset)

    @extend_schema(request=s.VolunteerInputSerializer, responses={201: s.VolunteerSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.VolunteerInputSerializer, request.data)
        profile = registration.register_volunteer(actor=request.user, **data)
        return Response(s.VolunteerSerializer(profile).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TrainingSerializer, responses={201: s.TrainingSerializer})
    @action(detail=True, methods=["post"])
    def training(self, request: Request, pk: str) -> Response:
        profile, data = self.get_object(), validated(s.TrainingSerializer, request.data)
        record = registration.record_training(actor=request.user, volunteer=profile, **data)
        return Response(s.TrainingSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VolunteerStatusSerializer, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        profile, data = self.get_object(), validated(s.VolunteerStatusSerializer, request.data)
        profile = registration.set_volunteer_status(actor=request.user, volunteer=profile, **data)
        return Response(s.VolunteerSerializer(profile).data)


class ElderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ElderProfile]
):
    serializer_class = s.ElderSerializer
    permission_classes = [ScopedAction]
    access_actions = {
        "*": "timebank.view_elder",
        "create": "timebank.register_elder",
        "partial_update": "timebank.register_elder",
    }

    def get_queryset(self) -> QuerySet[ElderProfile]:
        queryset = ElderProfile.objects.select_related("person").prefetch_related(
            "person__care_needs__categories"
        )
        return access.scope(self.request.user, "timebank.view_elder", queryset)

    @extend_schema(request=s.ElderInputSerializer, responses={201: s.ElderSerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.ElderInputSerializer, request.data)
        profile = registration.register_elder(actor=request.user, **data)
        return Response(s.ElderSerializer(profile).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ElderChangeSerializer, responses=s.ElderSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change the circumstances grant rules look at."""
        profile, data = self.get_object(), validated(s.ElderChangeSerializer, request.data)
        profile = registration.update_elder(actor=request.user, elder=profile, **data)
        return Response(s.ElderSerializer(profile).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.CareNeedSerializer)
    @action(detail=True, methods=["post"], url_path=r"care-needs/(?P<need>[0-9]+)/end")
    def end_care_need(self, request: Request, pk: str, need: str) -> Response:
        profile, data = self.get_object(), validated(s.ReasonSerializer, request.data)
        found = get_object_or_404(profile.person.care_needs.all(), pk=need)
        ended = registration.end_care_need(actor=request.user, need=found, **data)
        return Response(s.CareNeedSerializer(ended).data)

    @extend_schema(request=s.CareNeedSerializer, responses={201: s.CareNeedSerializer})
    @action(detail=True, methods=["post"], url_path="care-needs")
    def care_needs(self, request: Request, pk: str) -> Response:
        profile, data = self.get_object(), validated(s.CareNeedSerializer, request.data)
        need = registration.register_care_need(actor=request.user, person=profile.person, **data)
        return Response(s.CareNeedSerializer(need).data, status=status.HTTP_201_CREATED)


class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[GroupActivity]
):
    """Group activities (any volunteer may see and join them)."""

    serializer_class = s.ActivitySerializer

    def get_queryset(self) -> QuerySet[GroupActivity]:
        return GroupActivity.objects.select_related("district").order_by("-starts_at")

    @extend_schema(request=s.ActivitySerializer, responses={201: s.ActivitySerializer})
    def create(self, request: Request) -> Response:
        data = validated(s.ActivitySerializer, request.data)
        activity = activities.create_activity(actor=request.user, **data)
        return Response(s.ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.JoinSerializer, responses={201: s.AttendanceSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str) -> Response:
        activity, data = self.get_object(), validated(s.JoinSerializer, request.data)
        attendance = activities.join_activity(actor=request.user, activity=activity, **data)
        return Response(s.AttendanceSerializer(attendance).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ActivitySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        activity = activities.close_activity(actor=request.user, activity=self.get_object())
        return Response(s.ActivitySerializer(activity).data)


class AttendanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Attendance]):
    """Sign-ups for group activities: staff see those in their area, volunteers their own;
    confirming the minutes is for the station and district that run activities."""

    serializer_class = s.AttendanceSerializer
    permission_classes = [ScopedAction]
    access_actions = {"list": "timebank.view_attendance", "confirm": "timebank.manage_activity"}

    def get_queryset(self) -> QuerySet[Attendance]:
        action_ = self.access_actions.get(self.action or "", "timebank.view_attendance")
        return access.scope(self.request.user, action_, Attendance.objects.all())

    @extend_schema(request=s.AttendanceConfirmSerializer, responses=s.AttendanceSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        attendance = self.get_object()
        data = validated(s.AttendanceConfirmSerializer, request.data)
        attendance = activities.confirm_attendance(
            actor=request.user, attendance=attendance, **data
        )
        return Response(s.AttendanceSerializer(attendance).data)


class ReportView(APIView):
    """One report table for the user's area (the same data as the pages and exports)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("region", OpenApiTypes.STR),
        ],
        responses=s.ReportSerializer,
    )
    def get(self, request: Request, name: str) -> Response:
        from minsheng.timebank.views import reports

        if name not in reports.TABLES:
            raise NotFound()
        area = reports.area_for(_user(request), request.query_params.get("region", ""))
        year = reports.year_of(request.query_params.get("year", ""))
        table = reports.TABLES[name](area, year)
        return Response(
            {
                "name": name,
                "area": area.region.code,
                "year": year,
                "columns": [str(c) for c in table.columns],
                "rows": table.rows,
            }
        )
