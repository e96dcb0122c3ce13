"""The same operation as the page: turn a case into a service request; read the link."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.carelink import actions
from minsheng.carelink.models import CareLink
from minsheng.core.api import validated
from minsheng.core.validation import MomentField
from minsheng.hotline.models import Case
from minsheng.people.models import User
from minsheng.timebank.models import ServiceItem


class TurnIntoServiceSerializer(serializers.Serializer):
    elder = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    item = serializers.PrimaryKeyRelatedField(queryset=ServiceItem.objects.filter(is_active=True))
    starts_at = MomentField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    consent_given_by = serializers.ChoiceField(choices=CareLink.ConsentGivenBy.choices)
    consent_method = serializers.ChoiceField(choices=CareLink.ConsentMethod.choices)
    consent_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500
    )
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000
    )


class CareLinkSerializer(serializers.ModelSerializer[CareLink]):
    case: serializers.SlugRelatedField[Case] = serializers.SlugRelatedField(
        slug_field="number", read_only=True
    )
    order_reference = serializers.CharField(source="order.reference", read_only=True)

    class Meta:
        model = CareLink
        fields = [
            "case",
            "order",
            "order_reference",
            "elder",
            "consent_given_by",
            "consent_method",
            "consent_note",
            "linked_at",
            "answered_at",
            "evidence",
        ]
        read_only_fields = fields


class CaseService(APIView):
    """The Time Bank request made from a case (GET), or make it (POST)."""

    permission_classes = [ScopedAction]
    access_actions = {"get": "hotline.view_case", "post": "carelink.turn_into_service"}

    def _case(self, request: Request, number: str) -> Case:
        cases = access.scope(request.user, "hotline.view_case", Case.objects.all())
        case = get_object_or_404(cases, number=number)
        self.check_object_permissions(request, case)
        return case

    @extend_schema(responses=CareLinkSerializer)
    def get(self, request: Request, number: str) -> Response:
        case = self._case(request, number)
        link = get_object_or_404(CareLink.objects.select_related("case", "order"), case=case)
        return Response(CareLinkSerializer(link).data)

    @extend_schema(request=TurnIntoServiceSerializer, responses={201: CareLinkSerializer})
    def post(self, request: Request, number: str) -> Response:
        case = self._case(request, number)
        data: dict[str, Any] = validated(TurnIntoServiceSerializer, request.data)
        link = actions.turn_case_into_service(actor=request.user, case=case, **data)
        return Response(CareLinkSerializer(link).data, status=status.HTTP_201_CREATED)
