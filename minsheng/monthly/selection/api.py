"""The REST API of "One issue per month": the same operations as the page, and suggestions."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.cases import classifier
from minsheng.cases.names import category_names
from minsheng.core.api import validated
from minsheng.core.validation import NulFreeFormParser, NulFreeJSONParser, NulFreeMultiPartParser
from minsheng.monthly.models import CandidateDecision, SelectionRun
from minsheng.monthly.selection import actions
from minsheng.people.models import User


class RunSerializer(serializers.ModelSerializer[SelectionRun]):
    status = serializers.CharField(source="state", read_only=True)
    job = serializers.UUIDField(source="job_id", read_only=True)
    candidate_count = serializers.SerializerMethodField()

    class Meta:
        model = SelectionRun
        fields = [
            "id",
            "mode",
            "source",
            "source_name",
            "period_start",
            "period_end",
            "top",
            "seed",
            "status",
            "job",
            "created_at",
            "finished_at",
            "candidate_count",
        ]

    def get_candidate_count(self, run: SelectionRun) -> int | None:
        return len(run.candidates or []) if run.finished else None


class RunDetailSerializer(RunSerializer):
    summary = serializers.JSONField(read_only=True)
    candidates = serializers.JSONField(read_only=True)

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "summary", "candidates"]


class StartSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=SelectionRun.Mode.choices)
    # Named like the model's field; DRF's own ``Field.source`` is a different thing.
    source = serializers.ChoiceField(choices=SelectionRun.Source.choices)  # type: ignore[assignment]
    start = serializers.DateField()
    end = serializers.DateField()
    top = serializers.IntegerField(min_value=1, max_value=100, default=30)
    seed = serializers.IntegerField(min_value=0, default=1)
    server_file = serializers.CharField(required=False, default="", allow_blank=True)
    upload = serializers.FileField(required=False, allow_null=True, default=None)


class DecisionSerializer(serializers.ModelSerializer[CandidateDecision]):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)

    class Meta:
        model = CandidateDecision
        fields = ["key", "rank", "label", "decision", "note", "decided_by", "decided_at"]
        read_only_fields = ["rank", "label", "decided_by", "decided_at"]
        # One decision per candidate: posting again replaces it (the audit log keeps the history).
        validators: list[Any] = []


class RunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[SelectionRun]):
    """Selection runs; a run's candidates follow the JSON contract of ``select-issues``."""

    permission_classes = [ScopedAction]
    parser_classes = [NulFreeJSONParser, NulFreeMultiPartParser, NulFreeFormParser]
    access_actions = {
        "list": "monthly.view_selection",
        "retrieve": "monthly.view_selection",
        "create": "monthly.run_selection",
        "decisions": "monthly.view_selection",
    }

    def get_queryset(self) -> QuerySet[SelectionRun]:
        queryset = SelectionRun.objects.select_related("job").order_by("-created_at", "-id")
        if self.action == "list":
            queryset = queryset.defer("candidates")
        return access.scope(self.request.user, "monthly.view_selection", queryset)

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    @extend_schema(request=StartSerializer, responses={201: RunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = validated(StartSerializer, request.data)
        run = actions.start_selection(actor=_actor(request), **data)
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=DecisionSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=DecisionSerializer, responses={201: DecisionSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def decisions(self, request: Request, pk: str) -> Response:
        run = self.get_object()
        if request.method == "POST":
            data = validated(DecisionSerializer, request.data)
            made = actions.decide_candidate(
                actor=_actor(request),
                run=run,
                key=data["key"],
                decision=data["decision"],
                note=data.get("note", ""),
            )
            return Response(DecisionSerializer(made).data, status=status.HTTP_201_CREATED)
        decisions = run.decisions.select_related("decided_by").order_by("rank")
        return Response(DecisionSerializer(decisions, many=True).data)


class SuggestRequest(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    content = serializers.CharField(max_length=20_000)
    top = serializers.IntegerField(min_value=1, max_value=10, default=3)


class CategorySuggestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    confidence = serializers.FloatField()


class SuggestCategory(APIView):
    """Categories the intake classifier suggests for a new request, with confidence."""

    permission_classes = [ScopedAction]
    access_actions = {"*": "monthly.suggest_category"}

    @extend_schema(request=SuggestRequest, responses=CategorySuggestionSerializer(many=True))
    def post(self, request: Request) -> Response:
        data = validated(SuggestRequest, request.data)
        found = classifier.suggest(data["title"], data["content"], top=data["top"])
        return Response(
            [
                {
                    "code": code,
                    "name": category_names(code)[0],
                    "name_en": category_names(code)[1],
                    "confidence": confidence,
                }
                for code, confidence in found
            ]
        )


def _actor(request: Request) -> User:
    """The user of a request the view's permission let through: signed in."""
    return cast(User, request.user)
