from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from minsheng.regions.models import Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    parent_code = serializers.CharField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent_code", "path"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet[Region]):
    """The administrative tree. Reference data: every signed-in user may read it."""

    serializer_class = RegionSerializer
    lookup_field = "code"
    filterset_fields = ["level", "parent__code"]

    def get_queryset(self) -> QuerySet[Region]:
        return Region.objects.select_related("parent")
