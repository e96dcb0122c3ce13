"""REST API of the annual programme: plans and problems to read (each reader within their own
scope), a problem's outcome, and progress reports by the people responsible for it."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.core.api import validated
from minsheng.monthly.models import Plan, Policy, Problem, SupervisionItem, Task, Theme
from minsheng.monthly.programme import actions, did, outcomes
from minsheng.people.models import User

VIEW_PLAN, VIEW_PROBLEM, REPORT = "monthly.view_plan", "monthly.view_problem", actions.REPORT


class TaskSerializer(serializers.ModelSerializer[Task]):
    class Meta:
        model = Task
        fields = ["id", "title", "owner", "due", "status", "done_on", "meeting"]


class PolicySerializer(serializers.ModelSerializer[Policy]):
    class Meta:
        model = Policy
        fields = ["id", "title", "reference", "issued_by", "issued_on", "url"]


class SupervisionSerializer(serializers.ModelSerializer[SupervisionItem]):
    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "title",
            "demand",
            "deadline",
            "status",
            "escalation",
            "escalated_on",
            "closed_on",
            "result",
            "task",
        ]


def _codes() -> serializers.ManyRelatedField:
    """Related organisations, categories or regions by their codes."""
    # With many=True the field class builds a ManyRelatedField, which the stubs do not know.
    return serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)  # type: ignore[return-value]


class ProblemSerializer(serializers.ModelSerializer[Problem]):
    year = serializers.IntegerField(source="theme.plan.year", read_only=True)
    month = serializers.IntegerField(source="theme.month", read_only=True)
    theme = serializers.CharField(source="theme.title", read_only=True)
    leader = serializers.CharField(source="leader.name", read_only=True)
    lead_department = serializers.CharField(source="lead_department.code", read_only=True)
    cooperating_units = _codes()
    categories = _codes()
    places = _codes()

    class Meta:
        model = Problem
        fields = [
            "id",
            "year",
            "month",
            "theme",
            "position",
            "title",
            "description",
            "leader",
            "lead_department",
            "cooperating_units",
            "categories",
            "places",
            "key_phrases",
        ]


class ProblemDetailSerializer(ProblemSerializer):
    tasks = TaskSerializer(many=True, read_only=True)
    policies = PolicySerializer(many=True, read_only=True)
    supervision_items = SupervisionSerializer(many=True, read_only=True)

    class Meta(ProblemSerializer.Meta):
        fields = [*ProblemSerializer.Meta.fields, "tasks", "policies", "supervision_items"]


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    class Meta:
        model = Theme
        fields = ["month", "title", "description"]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["year", "title", "summary", "themes"]


class WindowSerializer(serializers.Serializer):
    months = serializers.ListField(child=serializers.DateField())
    cases = serializers.IntegerField()
    cases_per_month = serializers.FloatField(allow_null=True)
    rates = serializers.DictField(child=serializers.FloatField(allow_null=True))


class EstimateSerializer(serializers.Serializer):
    """The difference-in-differences of the problem's calls (``did``); effects are fractions."""

    comparison = serializers.ChoiceField(choices=[did.PLACES, did.LAST_YEAR])
    effect = serializers.FloatField(help_text="-0.38: 38% fewer calls than the comparison")
    low = serializers.FloatField(help_text="95% interval, lower end")
    high = serializers.FloatField(help_text="95% interval, upper end")
    cases_before = serializers.IntegerField()
    cases_after = serializers.IntegerField()
    comparison_before = serializers.IntegerField()
    comparison_after = serializers.IntegerField()
    verdict = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    month = serializers.DateField()
    series = serializers.ListField(child=serializers.DictField())
    before = WindowSerializer()
    after = WindowSerializer()
    change = serializers.DictField(child=serializers.FloatField(allow_null=True))
    estimate = EstimateSerializer(allow_null=True)


class ProgressNoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class PlanViewSet(viewsets.ReadOnlyModelViewSet[Plan]):
    """The programmes by year, with their monthly themes."""

    permission_classes = [ScopedAction]
    access_actions = {"*": VIEW_PLAN}
    serializer_class = PlanSerializer
    lookup_field = "year"

    def get_queryset(self) -> QuerySet[Plan]:
        return Plan.objects.prefetch_related("themes")


class ProblemViewSet(viewsets.ReadOnlyModelViewSet[Problem]):
    """Problems the reader may see: all for the office and the city, their own for a leader,
    their organisation's for a lead department."""

    permission_classes = [ScopedAction]
    access_actions = {
        "list": VIEW_PROBLEM,
        "retrieve": VIEW_PROBLEM,
        "outcome": VIEW_PROBLEM,
        "notes": REPORT,
    }

    def get_queryset(self) -> QuerySet[Problem]:
        problems = Problem.objects.select_related(
            "theme__plan", "leader", "lead_department"
        ).prefetch_related("cooperating_units", "categories", "places")
        if self.action == "retrieve":
            problems = problems.prefetch_related("tasks", "policies", "supervision_items")
        year = self.request.query_params.get("year")
        if year and year.isdigit():
            problems = problems.filter(theme__plan__year=int(year))
        return access.scope(self.request.user, VIEW_PROBLEM, problems.order_by("theme", "position"))

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ProblemDetailSerializer if self.action == "retrieve" else ProblemSerializer

    @extend_schema(responses=OutcomeSerializer)
    @action(detail=True, methods=["get"])
    def outcome(self, request: Request, pk: str) -> Response:
        """The problem's cases month by month and before/after its month."""
        problem = self.get_object()
        result = outcomes.outcome(problem)
        return Response(
            OutcomeSerializer(
                {
                    "month": result.month,
                    "series": result.series,
                    "change": result.change,
                    "before": _window(result.before),
                    "after": _window(result.after),
                    "estimate": _estimate(did.estimate(problem, result)),
                }
            ).data
        )

    @extend_schema(request=ProgressNoteSerializer, responses={201: ProgressNoteSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: str) -> Response:
        """A progress report by the office, the leader or the lead department."""
        data = validated(ProgressNoteSerializer, request.data)
        note = actions.add_note(
            actor=cast(User, request.user), problem=self.get_object(), text=data["text"]
        )
        return Response({"text": note.text}, status=status.HTTP_201_CREATED)


def _window(window: outcomes.Window) -> dict[str, Any]:
    return {
        "months": window.months,
        "cases": window.cases,
        "cases_per_month": window.cases_per_month,
        "rates": window.rates,
    }


def _estimate(found: did.Estimate | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "comparison": found.comparison,
        "effect": round(found.effect, 4),
        "low": round(found.low, 4),
        "high": round(found.high, 4),
        "cases_before": found.treated[0],
        "cases_after": found.treated[1],
        "comparison_before": found.control[0],
        "comparison_after": found.control[1],
        "verdict": found.verdict,
    }
