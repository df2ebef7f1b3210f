"""Readers' lists, for curators to look at and delete (abuse, spam); never to edit."""

from django.contrib import admin
from django.db.models import Count

from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.models import ReadingList, ReadingListItem


class ReadingListItemInline(admin.TabularInline):
    model = ReadingListItem
    fields = ["position", "cable", "paragraph_position", "note", "added_at"]
    readonly_fields = fields
    ordering = ["position", "id"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReadingList)
class ReadingListAdmin(ArchiveModelAdmin):
    list_display = ["__str__", "item_count", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    search_fields = ["title", "items__cable__reference_id"]
    # The tokens are the readers' keys: a curator never needs to see them.
    fields = ["title", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [ReadingListItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description="items", ordering="item_total")
    def item_count(self, reading_list):
        return reading_list.item_total

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
