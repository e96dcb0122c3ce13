"""REST API of the forecasts: runs with their weeks ahead and backtest, and the proactive items,
with the same access and the same actions as the forecast pages."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.core.api import validated
from minsheng.core.validation import NulFreeFormParser, NulFreeJSONParser
from minsheng.monthly.forecast import actions, output
from minsheng.monthly.forecast.engine import Backtest
from minsheng.monthly.forecast.forms import assignable_units
from minsheng.monthly.models import ForecastRun, ProactiveItem
from minsheng.monthly.models.forecast import MAX_FORECAST_WEEKS
from minsheng.people.models import User


class ForecastRunSerializer(serializers.ModelSerializer[ForecastRun]):
    status = serializers.CharField(source="state", read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True)
    started_by = serializers.CharField(source="created_by.username", default=None, read_only=True)

    class Meta:
        model = ForecastRun
        fields = [
            "id",
            "by",
            "weeks",
            "until",
            "status",
            "job",
            "started_by",
            "created_at",
            "finished_at",
        ]


class WeekSerializer(serializers.Serializer):
    """One group and week ahead: the contract of ``forecast-cases``."""

    week_start = serializers.DateField()
    district = serializers.CharField(allow_null=True)
    category = serializers.CharField(allow_null=True)
    expected = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()


class BacktestSerializer(serializers.Serializer):
    """Weighted absolute percentage errors (fractions) of the forecast and the two baselines."""

    weeks = serializers.IntegerField()
    actual = serializers.IntegerField()
    model = serializers.FloatField(allow_null=True)
    same_week_last_year = serializers.FloatField(allow_null=True)
    last_four_weeks = serializers.FloatField(allow_null=True)
    coverage = serializers.FloatField(allow_null=True)
    text = serializers.CharField()
    verdict = serializers.CharField(allow_blank=True)


class ForecastRunDetailSerializer(ForecastRunSerializer):
    # Null until the run has finished, like the backtest and the summary.
    rows = WeekSerializer(many=True, read_only=True, allow_null=True)
    backtest = serializers.SerializerMethodField()
    summary = serializers.JSONField(read_only=True)

    class Meta(ForecastRunSerializer.Meta):
        fields = [*ForecastRunSerializer.Meta.fields, "backtest", "summary", "rows"]

    @extend_schema_field(BacktestSerializer(allow_null=True))
    def get_backtest(self, run: ForecastRun) -> dict[str, Any] | None:
        """The backtest with its sentence and verdict (the page's words); null without one."""
        if not run.backtest:
            return None
        backtest = Backtest(**run.backtest)
        text = output.describe_backtest(backtest)
        return {**run.backtest, "text": text, "verdict": output.verdict(backtest)}


class ForecastStartSerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=ForecastRun.By.choices, default=ForecastRun.By.BOTH)
    weeks = serializers.IntegerField(min_value=1, max_value=MAX_FORECAST_WEEKS, default=8)
    until = serializers.DateField()


class ForecastRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[ForecastRun]):
    """Forecast runs; a run's ``rows`` follow the JSON contract of ``forecast-cases``."""

    permission_classes = [ScopedAction]
    parser_classes = [NulFreeJSONParser, NulFreeFormParser]
    access_actions = {
        "list": actions.VIEW,
        "retrieve": actions.VIEW,
        "create": actions.RUN,
    }

    def get_queryset(self) -> QuerySet[ForecastRun]:
        runs = ForecastRun.objects.select_related("job", "created_by").order_by(
            "-created_at", "-id"
        )
        if self.action == "list":
            runs = runs.defer("rows", "summary")
        return access.scope(self.request.user, actions.VIEW, runs)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ForecastRunDetailSerializer if self.action == "retrieve" else ForecastRunSerializer

    @extend_schema(request=ForecastStartSerializer, responses={201: ForecastRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(ForecastStartSerializer, request.data)
        run = actions.start_forecast(actor=_actor(request), language=request.LANGUAGE_CODE, **data)
        return Response(ForecastRunSerializer(run).data, status=status.HTTP_201_CREATED)


class ProactiveItemSerializer(serializers.ModelSerializer[ProactiveItem]):
    unit = serializers.CharField(source="unit.code", default=None, read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, read_only=True)
    last_week = serializers.DateField(read_only=True)
    rise = serializers.FloatField(read_only=True)

    class Meta:
        model = ProactiveItem
        fields = [
            "id",
            "run",
            "district",
            "category",
            "first_week",
            "last_week",
            "weeks",
            "expected",
            "usual",
            "rise",
            "status",
            "unit",
            "task",
            "due",
            "note",
            "decided_by",
            "decided_at",
        ]


class AssignSerializer(serializers.Serializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=assignable_units())
    task = serializers.CharField(max_length=2000)
    due = serializers.DateField()


class DismissSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class ProactiveItemViewSet(viewsets.ReadOnlyModelViewSet[ProactiveItem]):
    """Proactive items, as on ``/monthly/forecasts/items/``: a unit's staff see the tasks
    handed to their unit; the office hands an open item to a unit or sets it aside, once."""

    permission_classes = [ScopedAction]
    parser_classes = [NulFreeJSONParser, NulFreeFormParser]
    serializer_class = ProactiveItemSerializer
    access_actions = {
        "list": actions.VIEW_ITEM,
        "retrieve": actions.VIEW_ITEM,
        "assign": actions.ACT,
        "dismiss": actions.ACT,
    }

    def get_queryset(self) -> QuerySet[ProactiveItem]:
        items = actions.visible_items(self.request.user).order_by("status", "due", "-expected")
        if self.action != "list":
            return items
        wanted = self.request.query_params
        if wanted.get("run", "").isdigit():
            items = items.filter(run_id=int(wanted["run"]))
        if wanted.get("status") in ProactiveItem.Status.values:
            items = items.filter(status=wanted["status"])
        return items

    @extend_schema(
        parameters=[
            OpenApiParameter("run", int, description="Only the items of this forecast run."),
            OpenApiParameter("status", str, enum=ProactiveItem.Status.values),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=AssignSerializer, responses=ProactiveItemSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Hand the item to a unit as a task with a deadline (409 once it is decided)."""
        data = validated(AssignSerializer, request.data)
        item = actions.assign_proactive_item(actor=_actor(request), item=self.get_object(), **data)
        return Response(ProactiveItemSerializer(item).data)

    @extend_schema(request=DismissSerializer, responses=ProactiveItemSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        """Set the item aside with a reason (409 once it is decided)."""
        data = validated(DismissSerializer, request.data)
        item = actions.dismiss_proactive_item(actor=_actor(request), item=self.get_object(), **data)
        return Response(ProactiveItemSerializer(item).data)


def _actor(request: Request) -> User:
    """The user of a request the view's permission let through: signed in."""
    return cast(User, request.user)
