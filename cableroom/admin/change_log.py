"""The archive-wide history of changes, and curators' notes."""

from django.contrib import admin, messages

from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.curation import edits as curation
from cableroom.models import Change, Note


@admin.register(Change)
class ChangeAdmin(ArchiveModelAdmin):
    """Read-only: history is written by the curation services, never by hand."""

    list_display = ["at", "user", "action", "object_repr", "field", "short_before", "short_after"]
    list_filter = ["action", "content_type", "field"]
    search_fields = ["object_repr", "field", "user__username"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "at"
    actions = ["revert_selected"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revert_permission(self, request):
        return request.user.has_perm("cableroom.change_cable")

    @admin.display(description="before")
    def short_before(self, change):
        return str(change.before)[:80]

    @admin.display(description="after")
    def short_after(self, change):
        return str(change.after)[:80]

    @admin.action(description="Revert selected changes", permissions=["revert"])
    def revert_selected(self, request, queryset):
        for change in queryset.order_by("-at", "-id"):
            try:
                curation.revert_change(change=change, user=request.user)
            except curation.CurationError as error:
                self.message_user(request, f"{change}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Reverted {change}.")


@admin.register(Note)
class NoteAdmin(ArchiveModelAdmin):
    list_display = ["cable", "paragraph_position", "is_public", "attribution", "created_at"]
    list_filter = ["is_public"]
    search_fields = ["text", "cable__reference_id"]
    list_select_related = ["cable", "author"]
    autocomplete_fields = ["cable"]
    fields = ["cable", "paragraph_position", "text", "is_public", "attribution"]
    readonly_fields = ["attribution"]

    def get_readonly_fields(self, request, obj=None):
        # A note's history lives with its cable: it cannot move to another one.
        return ["cable", *self.readonly_fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        curation.save_note(note=obj, user=request.user)

    def delete_model(self, request, obj):
        curation.delete_note(note=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for note in queryset.select_related("cable"):
            curation.delete_note(note=note, user=request.user)
