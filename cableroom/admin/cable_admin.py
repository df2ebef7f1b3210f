"""The cable admin: the parsed fields beside the raw text, history, withdraw, re-parse.

Writes go through `cableroom.curation.edits`; the form's own save is wrapped by a
snapshot before and `record_curator_edit` after, so every edit lands in the history
and marks its fields curated.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from cableroom.admin import list_filters as filters
from cableroom.admin.forms import (
    CableForm,
    CellLabelledFormSet,
    ChosenListAutocomplete,
    WithdrawForm,
)
from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.curation import edits as curation
from cableroom.curation.fields import read_tags, snapshot, write_tags
from cableroom.models import Addressee, Cable, CableVersion, Change, Note, Paragraph


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    formset = CellLabelledFormSet
    fields = ["position", "number", "marking", "excerpt"]
    readonly_fields = ["position", "number", "excerpt"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = "paragraph markings"

    @admin.display(description="text")
    def excerpt(self, paragraph):
        return paragraph.text[:160] + ("…" if len(paragraph.text) > 160 else "")


class AddresseeInline(admin.TabularInline):
    model = Addressee
    formset = CellLabelledFormSet
    fields = ["position", "role", "name", "post", "routing_indicator", "precedence", "serial"]
    autocomplete_fields = ["post"]
    extra = 0


class VersionInline(admin.TabularInline):
    """The published copies, read-only: the raw text beside the form is the current one."""

    model = CableVersion
    fields = ["source_format", "source_path", "source_row", "released", "imported_at", "current"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False

    @admin.display(description="shown to readers", boolean=True)
    def current(self, version):
        return version.pk == version.cable.current_version_id


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text", "is_public", "paragraph_position"]
        help_texts = {
            "paragraph_position": "The position shown in the paragraph list above (the first "
            "is 0); leave empty for a note on the whole cable.",
            "is_public": "Public notes are shown to readers under your name.",
        }


class NoteInline(admin.StackedInline):
    model = Note
    form = NoteForm
    fields = ["text", "is_public", "paragraph_position", "attribution"]
    readonly_fields = ["attribution"]
    extra = 0


@admin.register(Cable)
class CableAdmin(ArchiveModelAdmin):
    form = CableForm
    change_form_template = "admin/cableroom/cable/change_form.html"
    list_display = [
        "reference_id",
        "date_time",
        "origin",
        "classification",
        "short_subject",
        "warnings_shown",
        "is_curated",
        "is_withdrawn",
    ]
    list_select_related = ["origin"]
    list_filter = [
        filters.ClassificationFilter,
        filters.CaveatFilter,
        ("origin", admin.RelatedOnlyFieldListFilter),
        "year",
        filters.HasWarningsFilter,
        filters.WithdrawnFilter,
        filters.CuratedFilter,
        filters.InferredIdFilter,
    ]
    search_fields = ["=reference_id", "subject", "body"]
    search_help_text = "An exact reference id (06ASTANA33), or words of the subject or text."
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ["origin", "caveats"]
    readonly_fields = [
        "reference_id",
        "reference_id_inferred",
        "withdrawal_status",
        "curated_fields",
        "warning_list",
        "source_metadata",
        "parser_version",
        "version_count",
    ]
    fieldsets = [
        (None, {"fields": ["reference_id", "reference_id_inferred", "subject", "summary"]}),
        ("Header", {"fields": ["date_time", "origin", "classification", "caveats", "tag_list"]}),
        (
            "State",
            {
                "fields": [
                    "withdrawal_status",
                    "curated_fields",
                    "warning_list",
                    "source_metadata",
                    "parser_version",
                    "version_count",
                ]
            },
        ),
    ]
    inlines = [ParagraphInline, AddresseeInline, NoteInline, VersionInline]
    actions = ["reparse_selected", "withdraw_selected"]

    def has_add_permission(self, request):
        # Cables come in through the importer, with their raw text.
        return False

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Django's own several-values autocomplete puts a bare <span> in a <ul> (axe: list).
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = ChosenListAutocomplete(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="subject")
    def short_subject(self, cable):
        return cable.subject[:60] + ("…" if len(cable.subject) > 60 else "")

    @admin.display(description="warnings", ordering="warning_count")
    def warnings_shown(self, cable):
        return cable.warning_count

    @admin.display(description="curated", boolean=True)
    def is_curated(self, cable):
        return bool(cable.curated_fields)

    @admin.display(description="withdrawn", boolean=True)
    def is_withdrawn(self, cable):
        return cable.is_withdrawn

    @admin.display(description="withdrawn")
    def withdrawal_status(self, cable):
        if not cable.is_withdrawn:
            return "No"
        return f"{cable.withdrawn_at:%Y-%m-%d %H:%M} UTC: {cable.withdrawal_reason}"

    @admin.display(description="warnings")
    def warning_list(self, cable):
        if not cable.warnings:
            return "None"
        url = reverse("admin:cableroom_cableforreview_change", args=[cable.pk])
        return format_html('{} — <a href="{}">review them</a>', len(cable.warnings), url)

    # Saving: snapshot before the form writes, record after the inlines wrote.

    def save_model(self, request, obj, form, change):
        request._curation_before = snapshot(Cable.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Note:
            # Through the curation service, so note edits are in the cable's history too.
            for note in formset.save(commit=False):
                curation.save_note(note=note, user=request.user)
            for note in formset.deleted_objects:
                curation.delete_note(note=note, user=request.user)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cable = form.instance
        codes = form.ordered_tag_codes()
        if codes != read_tags(cable):  # an order change alone counts too
            write_tags(cable, codes)
        before = getattr(request, "_curation_before", None)
        if before is not None:
            changes = curation.record_curator_edit(cable=cable, before=before, user=request.user)
            if changes:
                fields = ", ".join(change.field for change in changes)
                self.message_user(
                    request, f"Recorded in the history and kept from re-parses: {fields}."
                )

    # Pages of their own: history, withdraw, restore, re-parse, revert.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/withdraw/", wrap(self.withdraw_view), name="cableroom_cable_withdraw"),
            path("<int:pk>/restore/", wrap(self.restore_view), name="cableroom_cable_restore"),
            path("<int:pk>/reparse/", wrap(self.reparse_view), name="cableroom_cable_reparse"),
            path(
                "<int:pk>/revert/<int:change_id>/",
                wrap(self.revert_view),
                name="cableroom_cable_revert",
            ),
            *super().get_urls(),
        ]

    def _cable_for_change(self, request, pk) -> Cable:
        cable = get_object_or_404(Cable, pk=pk)
        if not self.has_change_permission(request, cable):
            raise PermissionDenied
        return cable

    def _back(self, cable):
        return redirect("admin:cableroom_cable_change", cable.pk)

    def history_view(self, request, object_id, extra_context=None):
        cable = get_object_or_404(Cable, pk=object_id)
        if not self.has_view_or_change_permission(request, cable):
            raise PermissionDenied
        changes = (
            Change.objects.filter(cable=cable)
            .for_history()
            .select_related("batch")
            .prefetch_related("reverted_by", "batch__reverted_by")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": cable,
            "title": f"History of {cable}",
            "changes": changes[:500],
            "can_revert": self.has_change_permission(request, cable),
        }
        return TemplateResponse(request, "admin/cableroom/cable/history.html", context)

    def withdraw_view(self, request, pk):
        cable = self._cable_for_change(request, pk)
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                curation.withdraw_cable(
                    cable=cable, reason=form.cleaned_data["reason"], user=request.user
                )
            except curation.CurationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{cable} is withdrawn; its page now answers 410.")
            return self._back(cable)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": cable,
            "cables": [cable],
            "form": form,
            "title": f"Withdraw {cable}",
        }
        return TemplateResponse(request, "admin/cableroom/cable/withdraw.html", context)

    def restore_view(self, request, pk):
        cable = self._cable_for_change(request, pk)
        if request.method != "POST":
            return self._back(cable)
        try:
            curation.restore_cable(cable=cable, user=request.user)
        except curation.CurationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"{cable} is restored.")
        return self._back(cable)

    def reparse_view(self, request, pk):
        cable = self._cable_for_change(request, pk)
        if request.method == "POST":
            self._report_reparse(
                request, curation.reparse_cables(cables=[cable], user=request.user)
            )
        return self._back(cable)

    def revert_view(self, request, pk, change_id):
        cable = self._cable_for_change(request, pk)
        change = get_object_or_404(Change, pk=change_id, cable=cable)
        if request.method == "POST":
            target = change.batch or change
            try:
                curation.revert_change(change=target, user=request.user)
            except curation.CurationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Reverted: {target}.")
        return redirect("admin:cableroom_cable_history", cable.pk)

    # Actions on many cables.

    @admin.action(
        description="Re-parse selected cables (keeps curators' corrections)",
        permissions=["change"],
    )
    def reparse_selected(self, request, queryset):
        summary = curation.reparse_cables(cables=queryset.iterator(), user=request.user)
        self._report_reparse(request, summary)

    def _report_reparse(self, request, summary):
        self.message_user(
            request,
            f"Re-parsed {summary.reparsed} cable(s); {summary.changed} changed "
            f"({summary.changes} field(s)), curated fields untouched.",
        )
        for failure in summary.failed[:20]:
            self.message_user(request, f"Could not re-parse {failure}", messages.ERROR)

    @admin.action(description="Withdraw selected cables…", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        form = WithdrawForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            with transaction.atomic():
                done = [
                    curation.withdraw_cable(
                        cable=cable, reason=form.cleaned_data["reason"], user=request.user
                    )
                    for cable in queryset.filter(withdrawn_at__isnull=True)
                ]
            self.message_user(request, f"Withdrew {len(done)} cable(s).")
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "cables": queryset,
            "form": form,
            "action": "withdraw_selected",
            "title": "Withdraw cables",
        }
        return TemplateResponse(request, "admin/cableroom/cable/withdraw.html", context)
