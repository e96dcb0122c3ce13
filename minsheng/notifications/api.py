"""REST endpoints: the reader's notifications (with the unread count), marking read, deleting,
preferences and push subscriptions. Everyone reaches only their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng.notifications import actions
from minsheng.notifications.channels import push
from minsheng.notifications.models import Message, Preference, PushSubscription


class MessageSerializer(serializers.ModelSerializer[Message]):
    kind = serializers.CharField(source="event.kind", read_only=True)
    about = serializers.CharField(source="about.name", read_only=True, default=None)
    read = serializers.BooleanField(source="is_read", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "title", "body", "link", "urgent", "about", "created_at", "read"]
        read_only_fields = fields


class InboxPagination(PageNumberPagination):
    """Pages of messages, with the reader's unread count beside them."""

    page_size = 50

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["unread"] = actions.unread_count(self.request.user)  # type: ignore[union-attr]
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["unread"] = {"type": "integer", "example": 3}
        answer["required"] = [*answer.get("required", []), "unread"]
        return answer


class ReadSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="All when omitted."
    )


class MessageViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Message],
):
    serializer_class = MessageSerializer
    pagination_class = InboxPagination
    filterset_fields = ["urgent"]

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no reader
            return Message.objects.none()
        return actions.inbox(self.request.user).select_related("event")

    def perform_destroy(self, instance: Message) -> None:
        actions.delete_message(reader=self.request.user, message_id=instance.pk)

    @extend_schema(
        request=None,
        responses=inline_serializer("Marked", {"marked": serializers.IntegerField()}),
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        message = self.get_object()
        return Response({"marked": actions.mark_read(reader=request.user, ids=[message.pk])})

    @extend_schema(
        operation_id="notifications_read_many",
        request=ReadSerializer,
        responses=inline_serializer("MarkedAll", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read")
    def read_many(self, request: Request) -> Response:
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data.get("ids")
        return Response({"marked": actions.mark_read(reader=request.user, ids=ids)})


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "21:00"}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in Beijing: JSON Schema's "time" format demands an offset, these have none."""


class PreferenceSerializer(serializers.ModelSerializer[Preference]):
    # A plain string in the schema (the language codes are the people's preferred languages').
    language = serializers.CharField(
        allow_blank=True, max_length=8, help_text="zh-hans, en, or empty for the person's own."
    )
    quiet_start = LocalTimeField(required=False, label=gettext_lazy("no text messages from"))
    quiet_end = LocalTimeField(required=False, label=gettext_lazy("until"))

    class Meta:
        model = Preference
        fields = list(actions.PREFERENCE_FIELDS)

    def validate_language(self, value: str) -> str:
        if value and value not in dict(settings.LANGUAGES):
            raise serializers.ValidationError(_("Choose zh-hans or en."))
        return value


class PreferenceView(APIView):
    serializer_class = PreferenceSerializer

    @extend_schema(responses=PreferenceSerializer)
    def get(self, request: Request) -> Response:
        return Response(PreferenceSerializer(actions.preference_of(request.user)).data)

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer)
    def patch(self, request: Request) -> Response:
        current = actions.preference_of(request.user)
        serializer = PreferenceSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        saved = actions.save_preferences(
            actor=request.user, person=request.user, **serializer.validated_data
        )
        return Response(PreferenceSerializer(saved).data)


class PushSubscriptionSerializer(serializers.ModelSerializer[PushSubscription]):
    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "p256dh", "auth", "user_agent", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {
            "endpoint": {"validators": []},  # a browser subscribing again updates its row
            "p256dh": {"write_only": True},
            "auth": {"write_only": True},
        }


class PushSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[PushSubscription],
):
    serializer_class = PushSubscriptionSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[PushSubscription]:
        if getattr(self, "swagger_fake_view", False):
            return PushSubscription.objects.none()
        return PushSubscription.objects.filter(person_id=self.request.user.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = actions.subscribe_push(actor=request.user, **serializer.validated_data)
        return Response(self.get_serializer(subscription).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: PushSubscription) -> None:
        actions.unsubscribe_push(actor=self.request.user, endpoint=instance.endpoint)

    @extend_schema(responses=inline_serializer("VapidKey", {"public_key": serializers.CharField()}))
    @action(detail=False, methods=["get"], url_path="key")
    def key(self, request: Request) -> Response:
        """The server's VAPID public key (the browser's ``applicationServerKey``)."""
        return Response({"public_key": push.public_key() if push.private_key() else ""})
