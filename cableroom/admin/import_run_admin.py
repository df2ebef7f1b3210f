"""The list of import runs: what each read and did, and which were interrupted."""

from django.contrib import admin

from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.importing.interrupted import mark_interrupted_runs
from cableroom.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(ArchiveModelAdmin):
    """Read-only: rows are written by `import_cables`."""

    list_display = ["started_at", "status", "finished_at", "short_paths", "counts", "host", "pid"]
    list_filter = ["status"]
    date_hierarchy = "started_at"

    def changelist_view(self, request, extra_context=None):
        # A run killed since the last import still says "running": look before listing.
        mark_interrupted_runs()
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="paths")
    def short_paths(self, run):
        return ", ".join(run.paths)[:120]
