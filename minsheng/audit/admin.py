from django.contrib import admin

from minsheng.access.admin import ReadOnlyAdmin
from minsheng.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "on_behalf_of", "action", "target_repr", "channel", "ip"]
    list_filter = ["action", "channel"]
    search_fields = ["action", "target_repr"]
    list_select_related = ["actor", "on_behalf_of"]
    date_hierarchy = "at"
