"""``GET /api/hotline/knowledge/?q=<words>``: the knowledge base's search, for staff."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from minsheng import access
from minsheng.hotline.knowledge import search
from minsheng.hotline.knowledge.models import Article
from minsheng.regions.models import Region


class ArticleHitSerializer(serializers.ModelSerializer[Article]):
    """An article found, with its rank (higher is better)."""

    category = serializers.CharField(source="category.code", default=None, read_only=True)
    category_name = serializers.CharField(source="category.display_name", default=None)
    owner = serializers.CharField(source="owner.code", read_only=True)
    rank = serializers.FloatField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "title_en",
            "kind",
            "category",
            "category_name",
            "owner",
            "body",
            "version",
            "valid_from",
            "valid_until",
            "review_due",
            "rank",
        ]


class ReadsKnowledge(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return access.can(request.user, "hotline.view_article")


class KnowledgeSearch(APIView):
    permission_classes = [ReadsKnowledge]

    @extend_schema(
        operation_id="hotline_knowledge_search",
        summary="Search the knowledge base",
        description=(
            "Articles valid today whose words match the caller's, best first (jieba-segmented "
            "full-text search, ranked). Staff only."
        ),
        parameters=[
            OpenApiParameter("q", str, description="The caller's words", required=True),
            OpenApiParameter("region", str, description="Only articles valid at this region code"),
            OpenApiParameter("limit", int, description="At most this many (default 10, max 50)"),
        ],
        responses=ArticleHitSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        text = request.query_params.get("q", "")[:500]
        limit = request.query_params.get("limit", "10")
        count = min(int(limit), 50) if limit.isdigit() and int(limit) > 0 else 10
        region = Region.objects.filter(code=request.query_params.get("region", "")).first()
        found = search.search(text, region=region, limit=count)
        return Response(ArticleHitSerializer(found, many=True).data)
