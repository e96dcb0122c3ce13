from django.contrib import admin

from minsheng.access.admin import ScopedAdmin
from minsheng.regions.models import Region


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path"]
