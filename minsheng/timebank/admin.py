"""The ledger in the Django admin: visible in scope, never editable (changes are reversals,
made on the Time Bank's own pages)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from minsheng.access.admin import ReadOnlyAdmin
from minsheng.timebank.models import Account, Leg, Transaction

LEG_FIELDS = ("account", "side", "amount", "posted_at")


class LegInline(admin.TabularInline):
    model = Leg
    fields = LEG_FIELDS
    readonly_fields = LEG_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "posted_at", "authorised_by", "order", "memo"]
    list_filter = ["kind"]
    search_fields = ["idempotency_key", "memo"]
    list_select_related = ["authorised_by", "order"]
    date_hierarchy = "posted_at"
    inlines = [LegInline]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "owner", "region", "balance", "earned"]
    list_filter = ["kind"]
    search_fields = ["owner__name", "owner__username"]
    list_select_related = ["owner", "region"]
