"""The review queue: cables with unsettled parse warnings and source disagreements, worst first."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from cableroom.admin.list_filters import InferredIdFilter
from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.curation.review import accept_parse, review_queue, review_warnings
from cableroom.models import Cable, CableForReview


@admin.register(CableForReview)
class ReviewQueueAdmin(ArchiveModelAdmin):
    list_display = [
        "reference_id",
        "id_inferred",
        "open_warnings",
        "warning_count",
        "first_warning",
        "origin",
    ]
    list_display_links = ["reference_id"]
    # An id whose year was guessed is the cable's permalink: curators can take those first.
    list_filter = [InferredIdFilter]
    search_fields = ["=reference_id"]
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return review_queue()

    def get_ordering(self, request):
        # Worst first; an annotation, so not in `ordering`, which the checks tie to fields.
        return ["-open_count", "-warning_count", "reference_id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="id year inferred", boolean=True, ordering="reference_id_inferred")
    def id_inferred(self, cable):
        return cable.reference_id_inferred

    @admin.display(description="open", ordering="open_count")
    def open_warnings(self, cable):
        return cable.open_count

    @admin.display(description="first warning")
    def first_warning(self, cable):
        if not cable.warnings:
            return ""
        first = cable.warnings[0]
        return f"{first.get('field', '')}: {first.get('message', '')}"[:120]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/accept/<str:key>/",
                wrap(self.accept_view),
                name="cableroom_cableforreview_accept",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        cable = get_object_or_404(Cable.objects.select_related("current_version"), pk=object_id)
        if not self.has_view_or_change_permission(request, cable):
            raise PermissionDenied
        warnings = review_warnings(cable)
        warned_lines = {w.line for w in warnings if w.is_open and w.line}
        lines = [
            (number, text, number in warned_lines)
            for number, text in enumerate(cable.raw_text.splitlines(), start=1)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": cable,
            "title": f"Review {cable}",
            "warnings": warnings,
            "lines": lines,
            "can_resolve": self.has_change_permission(request, cable),
        }
        return TemplateResponse(request, "admin/cableroom/cableforreview/review.html", context)

    def accept_view(self, request, pk, key):
        cable = get_object_or_404(Cable, pk=pk)
        if not self.has_change_permission(request, cable):
            raise PermissionDenied
        if request.method == "POST":
            if key not in {w.key for w in review_warnings(cable)}:
                self.message_user(request, "That warning is no longer raised.")
            else:
                accept_parse(cable=cable, key=key, user=request.user)
                self.message_user(request, "Accepted the parse; recorded as resolved.")
        return redirect("admin:cableroom_cableforreview_change", cable.pk)
