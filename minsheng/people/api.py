from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng import access
from minsheng.access.api import ScopedAction
from minsheng.people.models import Organisation, RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer[RoleAssignment]):
    region = serializers.CharField(source="region.code")
    organisation = serializers.CharField(source="organisation.code", default=None, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["role", "region", "organisation"]


class PersonSerializer(serializers.ModelSerializer[User]):
    """Personal data only in masked form; the full ID number has its own audited page."""

    home_region = serializers.CharField(source="home_region.code", default=None, allow_null=True)
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "name",
            "preferred_language",
            "phone_masked",
            "id_number_masked",
            "birth_date",
            "home_region",
            "roles",
        ]
        read_only_fields = fields


class MeView(APIView):
    """The signed-in person and their roles."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request: Request) -> Response:
        # IsAuthenticated (the default permission) guarantees a real person here.
        return Response(PersonSerializer(request.user).data)  # type: ignore[arg-type]


class PersonViewSet(viewsets.ReadOnlyModelViewSet[User]):
    serializer_class = PersonSerializer
    permission_classes = [ScopedAction]
    access_actions = {"list": "people.view_user", "retrieve": "people.view_user"}
    filterset_fields = ["home_region__code"]

    def get_queryset(self) -> QuerySet[User]:
        queryset = User.objects.select_related("home_region").prefetch_related(
            "role_assignments__region", "role_assignments__organisation"
        )
        return access.scope(self.request.user, "people.view_user", queryset)


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    region = serializers.CharField(source="region.code")

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "name_en", "kind", "region", "is_active"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    serializer_class = OrganisationSerializer
    permission_classes = [ScopedAction]
    access_actions = {"list": "people.view_organisation", "retrieve": "people.view_organisation"}
    filterset_fields = ["kind", "region__code"]

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.select_related("region")
        return access.scope(self.request.user, "people.view_organisation", queryset)
