"""The hotline's REST API (``/api/hotline/``): every operation of the pages, in the OpenAPI schema.

Cases are addressed by number. Each action endpoint calls the same function in ``actions`` as the
pages; a move the status machine does not allow answers 409 Conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.core.api import validated
from minsheng.core.pagination import COUNT_BOUND, BoundedPaginator
from minsheng.core.validation import MomentFilter
from minsheng.hotline import actions, dispatching
from minsheng.hotline.forms import SearchWordsField, handling_units
from minsheng.hotline.models import (
    Case,
    CaseEvent,
    CaseQuerySet,
    Category,
    Channel,
    DispatchRule,
    DistrictMonth,
    Kind,
    Result,
    Satisfaction,
    UnitMonth,
    Urgency,
)
from minsheng.hotline.search import page_of_matches
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region


def _unit_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", queryset=handling_units(), **kwargs)


class CaseSerializer(serializers.ModelSerializer[Case]):
    """A case; the caller appears masked only."""

    district = serializers.CharField(
        source="district.code", default=None, read_only=True, allow_null=True
    )
    subdistrict = serializers.CharField(
        source="subdistrict.code", default=None, read_only=True, allow_null=True
    )
    category = serializers.CharField(
        source="category.code", default=None, read_only=True, allow_null=True
    )
    lead_unit = serializers.CharField(
        source="lead_unit.code", default=None, read_only=True, allow_null=True
    )
    master = serializers.CharField(
        source="master.number", default=None, read_only=True, allow_null=True
    )
    # Empty until the case has a result and a call-back (read-only fields lose allow_blank).
    result = serializers.ChoiceField(Result.choices, allow_blank=True, read_only=True)
    satisfaction = serializers.ChoiceField(Satisfaction.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "number",
            "received_at",
            "channel",
            "kind",
            "urgency",
            "caller_name_masked",
            "caller_phone_masked",
            "title",
            "content",
            "district",
            "subdistrict",
            "community_name",
            "address",
            "latitude",
            "longitude",
            "category",
            "lead_unit",
            "status",
            "response_due",
            "handling_due",
            "dispatched_at",
            "responded_at",
            "handled_at",
            "closed_at",
            "result",
            "resolution",
            "callback_resolved",
            "satisfaction",
            "master",
            "excluded",
            "exclusion_reason",
            "source",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "string", "enum": Kind.values}, component_name="RequestKind")
class KindField(serializers.ChoiceField):
    """The kind of request, one named schema for every serializer that takes it (several models
    have a ``kind`` enum: unnamed, their names would collide)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Kind.choices, default=Kind.COMPLAINT, **kwargs)


class ReceiveSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=20_000)
    title = serializers.CharField(max_length=200, required=False, default="")
    kind = KindField()
    channel = serializers.ChoiceField(Channel.choices, default=Channel.PHONE)
    urgency = serializers.ChoiceField(Urgency.choices, default=Urgency.NORMAL)
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    subdistrict = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.subdistricts(),
        required=False,
        allow_null=True,
        default=None,
    )
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.districts(),
        required=False,
        allow_null=True,
        default=None,
    )
    address = serializers.CharField(max_length=300, required=False, default="")
    caller_name = serializers.CharField(max_length=64, required=False, default="")
    caller_phone = serializers.CharField(max_length=32, required=False, default="")
    caller_id = serializers.CharField(max_length=128, required=False, default="")


class DispatchSerializer(serializers.Serializer):
    unit = _unit_field()
    cooperating = _unit_field(many=True, required=False, default=list)
    note = serializers.CharField(max_length=1000, required=False, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class ReturnSerializer(ReasonSerializer):
    """A return, optionally asking the dispatcher to reclassify the case."""

    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    place = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.places(),
        required=False,
        allow_null=True,
        default=None,
    )


class CorrectSerializer(serializers.Serializer):
    """The case's classification as it should be (every field: omitted means none)."""

    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), allow_null=True, default=None
    )
    subdistrict = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.subdistricts(), allow_null=True, default=None
    )
    district = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.districts(), allow_null=True, default=None
    )
    community = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    kind = KindField()
    urgency = serializers.ChoiceField(Urgency.choices, default=Urgency.NORMAL)
    note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)


class ExclusionSerializer(serializers.Serializer):
    """Why a demand is excluded from (or counts again in) the assessment."""

    reason = serializers.CharField(max_length=300)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(Result.choices)
    resolution = serializers.CharField(max_length=10_000)


class CallbackSerializer(serializers.Serializer):
    resolved = serializers.BooleanField(allow_null=True, default=None)
    satisfaction = serializers.ChoiceField(Satisfaction.choices)
    reopen = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=1000, required=False, default="")


class MergeSerializer(serializers.Serializer):
    master = serializers.CharField(max_length=64, help_text="Number of the case to merge into")


class EventSerializer(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.CharField(source="actor.name", default=None, allow_null=True)
    unit = serializers.CharField(source="unit.code", default=None, allow_null=True)

    class Meta:
        model = CaseEvent
        fields = ["kind", "at", "actor", "unit", "from_status", "to_status", "note", "data"]


class SuggestionSerializer(serializers.Serializer):
    unit = serializers.CharField(allow_null=True)
    cooperating = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    duplicates = serializers.ListField(child=serializers.DictField())


class CallerSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class WordsFilter(filters.CharFilter):
    field_class = SearchWordsField


class CaseFilter(filters.FilterSet):
    q = WordsFilter(
        method="matching",
        max_length=100,
        help_text="A case number, or words (two characters or more) in the title, request or "
        "address, in any case of letters.",
    )
    status = filters.MultipleChoiceFilter(choices=Case._meta.get_field("status").choices)
    district = filters.CharFilter(field_name="district__code")
    subdistrict = filters.CharFilter(field_name="subdistrict__code")
    category = filters.CharFilter(field_name="category__code", lookup_expr="startswith")
    lead_unit = filters.CharFilter(field_name="lead_unit__code")
    received_after = MomentFilter(field_name="received_at", lookup_expr="gte")
    received_before = MomentFilter(field_name="received_at", lookup_expr="lt")

    class Meta:
        model = Case
        fields = ["status", "kind", "channel", "excluded"]

    def matching(self, queryset: QuerySet[Case], name: str, words: str) -> QuerySet[Case]:
        return cast(CaseQuerySet, queryset).matching(words) if words else queryset


class CasePagination(PageNumberPagination):
    """Counts at most ``COUNT_BOUND`` + 1 cases (``count_capped`` then says so: narrow the
    search to count them all); a search by words reads its page by the plan its count calls for
    (``hotline.search``)."""

    django_paginator_class = BoundedPaginator

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        size = self.get_page_size(request)
        # The words as the filter took them (it has refused words it cannot search).
        words = SearchWordsField(required=False).clean(request.query_params.get("q", ""))
        if size is None or not words:
            return super().paginate_queryset(queryset, request, view)
        paginator = BoundedPaginator(queryset, size)
        number = self.get_page_number(request, paginator)
        try:
            self.page = page_of_matches(paginator, number, strict=True)
        except InvalidPage as error:
            message = self.invalid_page_message.format(page_number=number, message=str(error))
            raise NotFound(message) from error
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = cast(BoundedPaginator, cast(Page, self.page).paginator)
        response.data["count_capped"] = paginator.capped
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": f"More than {COUNT_BOUND:,} cases match: count is {COUNT_BOUND + 1:,}.",
        }
        return paginated


class CaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Case]):
    """Cases in the caller's scope, by number; actions move them through the status machine."""

    serializer_class = CaseSerializer
    permission_classes = [ScopedAction]
    lookup_field = "number"
    filterset_class = CaseFilter
    pagination_class = CasePagination
    access_actions = {
        "list": "hotline.view_case",
        "retrieve": "hotline.view_case",
        "events": "hotline.view_case",
        "create": "hotline.add_case",
        "dispatch_case": "hotline.dispatch_case",
        "suggestion": "hotline.dispatch_case",
        "merge": "hotline.merge_case",
        "correct": "hotline.correct_case",
        "accept": "hotline.handle_case",
        "return_": "hotline.handle_case",
        "contact": "hotline.handle_case",
        "result": "hotline.handle_case",
        "callback": "hotline.callback_case",
        "reopen": "hotline.reopen_case",
        "exclude": "hotline.exclude_case",
        "include": "hotline.exclude_case",
        "note": "hotline.view_case",
        "caller": "hotline.view_caller",
    }

    def get_queryset(self) -> QuerySet[Case]:
        queryset = Case.objects.select_related(
            "district", "subdistrict", "category", "lead_unit", "master"
        ).order_by("-received_at", "-id")
        return access.scope(self.request.user, "hotline.view_case", queryset)

    @extend_schema(request=ReceiveSerializer, responses={201: CaseSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ReceiveSerializer, request.data)
        case = actions.receive_case(actor=_actor(request), **data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    def _act(
        self,
        request: Request,
        serializer: type[serializers.Serializer] | None,
        call: Callable[[Case, dict], Any],
    ) -> Response:
        case = self.get_object()
        data = validated(serializer, request.data) if serializer else {}
        call(case, data)  # a refused move answers 409 through core.api.exception_handler
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=DispatchSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_case(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            DispatchSerializer,
            lambda case, d: actions.dispatch_case(actor=_actor(request), case=case, **d),
        )

    @extend_schema(request=MergeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, number: str) -> Response:
        def call(case: Case, data: dict) -> Any:
            master = get_object_or_404(self.get_queryset(), number=data["master"])
            return actions.merge_case(actor=_actor(request), duplicate=case, master=master)

        return self._act(request, MergeSerializer, call)

    @extend_schema(request=None, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, number: str) -> Response:
        return self._act(
            request, None, lambda case, d: actions.accept_case(actor=_actor(request), case=case)
        )

    @extend_schema(request=ReturnSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            ReturnSerializer,
            lambda case, d: actions.return_case(actor=_actor(request), case=case, **d),
        )

    @extend_schema(request=CorrectSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, number: str) -> Response:
        """Correct category, place, kind and urgency before the unit accepts the case."""
        return self._act(
            request,
            CorrectSerializer,
            lambda case, d: actions.correct_case(actor=_actor(request), case=case, **d),
        )

    @extend_schema(request=NoteSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            NoteSerializer,
            lambda case, d: actions.record_contact(
                actor=_actor(request), case=case, note=d["note"]
            ),
        )

    @extend_schema(request=ResultSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def result(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            ResultSerializer,
            lambda case, d: actions.record_result(actor=_actor(request), case=case, **d),
        )

    @extend_schema(request=CallbackSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            CallbackSerializer,
            lambda case, d: actions.record_callback(actor=_actor(request), case=case, **d),
        )

    @extend_schema(request=NoteSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            NoteSerializer,
            lambda case, d: actions.reopen_case(actor=_actor(request), case=case, note=d["note"]),
        )

    @extend_schema(request=ExclusionSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def exclude(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            ExclusionSerializer,
            lambda case, d: actions.exclude_case(
                actor=_actor(request), case=case, reason=d["reason"]
            ),
        )

    @extend_schema(request=ExclusionSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def include(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            ExclusionSerializer,
            lambda case, d: actions.include_case(
                actor=_actor(request), case=case, reason=d["reason"]
            ),
        )

    @extend_schema(request=NoteSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def note(self, request: Request, number: str) -> Response:
        return self._act(
            request,
            NoteSerializer,
            lambda case, d: actions.add_note(actor=_actor(request), case=case, note=d["note"]),
        )

    @extend_schema(request=None, responses=CallerSerializer)
    @action(detail=True, methods=["post"])
    def caller(self, request: Request, number: str) -> Response:
        """The caller's name and phone in clear (audited)."""
        return Response(actions.reveal_caller(viewer=_actor(request), case=self.get_object()))

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request: Request, number: str) -> Response:
        events = self.get_object().events.select_related("actor", "unit")
        return Response(EventSerializer(events, many=True).data)

    @extend_schema(responses=SuggestionSerializer)
    @action(detail=True, methods=["get"])
    def suggestion(self, request: Request, number: str) -> Response:
        """The unit the dispatch rules suggest, and possible duplicates."""
        case = self.get_object()
        suggestion = dispatching.suggest(case)
        duplicates = [
            {"number": other.number, "score": round(score, 2)}
            for other, score in dispatching.duplicate_candidates(case)
        ]
        return Response(
            {
                "unit": suggestion.unit.code if suggestion.unit else None,
                "cooperating": [unit.code for unit in suggestion.cooperating],
                "reason": suggestion.reason,
                "duplicates": duplicates,
            }
        )


def _actor(request: Request) -> User:
    """The user of a request ``ScopedAction`` let through: signed in, with the permission."""
    return cast(User, request.user)


class CategorySerializer(serializers.ModelSerializer[Category]):
    # DRF's metaclass takes declared fields off the class: ``parent`` does not shadow Field.parent.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.code", default=None, allow_null=True
    )

    class Meta:
        model = Category
        fields = ["code", "name", "name_en", "level", "parent", "is_active"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet[Category]):
    serializer_class = CategorySerializer
    permission_classes = [ScopedAction]
    access_actions = {"list": "hotline.view_category", "retrieve": "hotline.view_category"}
    lookup_field = "code"
    pagination_class = None
    filterset_fields = ["level", "is_active"]

    def get_queryset(self) -> QuerySet[Category]:
        return Category.objects.select_related("parent")


class RuleSerializer(serializers.ModelSerializer[DispatchRule]):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all(), allow_null=True, required=False
    )
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), allow_null=True, required=False
    )
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    cooperating_units = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.all(), many=True, required=False
    )

    class Meta:
        model = DispatchRule
        fields = [
            "id",
            "category",
            "region",
            "target",
            "unit",
            "cooperating_units",
            "note",
            "is_active",
        ]
        read_only_fields = ["id", "is_active"]
        validators: list[Any] = []  # saving replaces the cell's active rule (see the action)


class RuleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[DispatchRule]):
    """Active dispatch rules; creating one replaces the rule of the same (category, region)."""

    serializer_class = RuleSerializer
    permission_classes = [ScopedAction]
    access_actions = {
        "list": "hotline.view_dispatchrule",
        "retrieve": "hotline.view_dispatchrule",
        "create": "hotline.add_dispatchrule",
        "deactivate": "hotline.change_dispatchrule",
    }

    def get_queryset(self) -> QuerySet[DispatchRule]:
        rules = (
            DispatchRule.objects.filter(is_active=True)
            .select_related("category", "region", "unit")
            .prefetch_related("cooperating_units")
        )
        return access.scope(self.request.user, "hotline.view_dispatchrule", rules)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rule = actions.save_dispatch_rule(
            actor=_actor(request),
            category=data.get("category"),
            region=data.get("region"),
            target=data.get("target", DispatchRule.Target.UNIT),
            unit=data.get("unit"),
            cooperating=data.get("cooperating_units", []),
            note=data.get("note", ""),
        )
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RuleSerializer)
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        rule = actions.deactivate_dispatch_rule(actor=_actor(request), rule=self.get_object())
        return Response(RuleSerializer(rule).data)


class UnitMonthSerializer(serializers.ModelSerializer[UnitMonth]):
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.display_name")
    district = serializers.CharField(source="district.code", default=None, allow_null=True)

    class Meta:
        model = UnitMonth
        exclude = ["id"]


class DistrictMonthSerializer(serializers.ModelSerializer[DistrictMonth]):
    district = serializers.CharField(source="district.code")

    class Meta:
        model = DistrictMonth
        exclude = ["id"]


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """The assessment is published to everyone who may see it: the lists are not scoped, so a
    single row asks for nothing more than the permission to see the assessment."""

    permission_classes = [ScopedAction]
    access_actions = {"*": "hotline.view_assessment"}

    def check_object_permissions(self, request: Request, obj: Any) -> None:
        return None


class UnitMonthViewSet(AssessmentViewSet):
    """Monthly rates and ranks of the handling units (filter by month=YYYY-MM-01, unit_kind)."""

    serializer_class = UnitMonthSerializer
    filterset_fields = ["month", "unit_kind", "district__code", "unit__code"]

    def get_queryset(self) -> QuerySet[UnitMonth]:
        return UnitMonth.objects.select_related("unit", "district").order_by("month", "rank_city")


class DistrictMonthViewSet(AssessmentViewSet):
    """Monthly rates and ranks of the districts (all cases located there)."""

    serializer_class = DistrictMonthSerializer
    filterset_fields = ["month", "district__code"]

    def get_queryset(self) -> QuerySet[DistrictMonth]:
        return DistrictMonth.objects.select_related("district").order_by("month", "rank_city")
