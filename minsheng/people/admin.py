from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from minsheng.access.admin import ScopedAdmin
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["region", "organisation", "granted_by"]
    readonly_fields = ["granted_by", "granted_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # roles are granted on the person's page, where the granting rules apply

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class PersonAdmin(ScopedAdmin):
    """Personal data appears masked; registration happens on the people pages."""

    list_display = [
        "username",
        "name",
        "phone_masked",
        "id_number_masked",
        "home_region",
        "is_active",
    ]
    list_filter = ["is_active", "preferred_language"]
    search_fields = ["username", "name"]
    list_select_related = ["home_region"]
    fields = [
        "username",
        "name",
        "preferred_language",
        "home_region",
        "is_active",
        "phone_masked",
        "id_number_masked",
        "birth_date",
        "sex",
        "date_joined",
        "last_login",
    ]
    readonly_fields = [
        "username",
        "phone_masked",
        "id_number_masked",
        "birth_date",
        "sex",
        "date_joined",
        "last_login",
    ]
    raw_id_fields = ["home_region"]
    inlines = [RoleAssignmentInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["code", "name", "name_en", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["region"]
    raw_id_fields = ["region", "parent", "confirmed_by"]


@admin.register(Relationship)
class RelationshipAdmin(ScopedAdmin):
    list_display = ["person", "relative", "kind", "verified_by", "verified_at"]
    list_filter = ["kind"]
    list_select_related = ["person", "relative", "verified_by"]
    raw_id_fields = ["person", "relative"]
    readonly_fields = ["verified_by", "verified_at"]
