"""Administrators edit the category taxonomy here; cases change only through their actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from minsheng.access.admin import ScopedAdmin
from minsheng.hotline.models import Category, PartnerKey, ReplyTemplate, WorkdayException


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ["code", "name", "name_en", "level", "parent", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    ordering = ["code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Codes are what files and dispatch rules refer to: fixed once created.
        return ["code", "level", "parent"] if obj is not None else []


@admin.register(PartnerKey)
class PartnerKeyAdmin(ScopedAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    fields = ["name", "key_prefix", "is_active", "created_at", "created_by"]
    readonly_fields = ["name", "key_prefix", "created_at", "created_by"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # keys are issued on the partners page, which shows the key once


@admin.register(WorkdayException)
class WorkdayExceptionAdmin(ScopedAdmin):
    """The office's exceptions to the official calendar (also on the page *Working days*)."""

    list_display = ["day", "working", "reason", "created_by"]
    list_filter = ["working"]
    fields = ["day", "working", "reason"]
    ordering = ["-day"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ScopedAdmin):
    list_display = ["title", "category", "unit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "text"]
    list_select_related = ["category", "unit"]
    raw_id_fields = ["category", "unit"]
