"""Tags, posts and markings: descriptions and names curators keep, merges and splits of tags."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join

from cableroom.admin.forms import MergeTagForm, SplitTagForm
from cableroom.admin.model_admin import ArchiveModelAdmin
from cableroom.curation import edits as curation
from cableroom.curation.history import field_values, record_object_edit
from cableroom.curation.tag_merges import TagCurationError
from cableroom.models import Cable, CableTag, Marking, Post, PostName, Tag


class RecordedEditMixin:
    """Admin saves of tags and posts recorded in the history like cable edits."""

    recorded_fields: list[str] = []

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        before = field_values(type(obj).objects.get(pk=obj.pk), self.recorded_fields)
        super().save_model(request, obj, form, change)
        record_object_edit(instance=obj, before=before, user=request.user)


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("yes", "Merged into another"), ("no", "In use")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        return queryset


@admin.register(Tag)
class TagAdmin(RecordedEditMixin, ArchiveModelAdmin):
    list_display = ["code", "kind", "description", "cable_count", "merged_into"]
    list_filter = ["kind", MergedFilter]
    search_fields = ["code", "description"]
    fields = ["code", "kind", "description", "description_source", "merged_into"]
    readonly_fields = ["merged_into"]
    recorded_fields = ["code", "kind", "description", "description_source"]
    change_form_template = "admin/cableroom/tag/change_form.html"
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # A code is renamed by merging it, so cables and old URLs follow.
        return ["code", "merged_into"] if obj else ["merged_into"]

    def get_queryset(self, request):
        # A subquery per row on the page, not a GROUP BY over every cable tag.
        counts = (
            CableTag.objects.filter(tag=OuterRef("pk"))
            .order_by()
            .values("tag")
            .annotate(n=Count("pk"))
            .values("n")
        )
        count = Coalesce(Subquery(counts, output_field=IntegerField()), 0)
        return (
            super().get_queryset(request).select_related("merged_into").annotate(cable_total=count)
        )

    def get_search_results(self, request, queryset, search_term):
        """Exact code first, then codes starting with the term: glued codes come last."""
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            rank = Case(
                When(code__iexact=term, then=Value(0)),
                When(code__istartswith=term, then=Value(1)),
                default=Value(2),
            )
            queryset = queryset.annotate(match_rank=rank).order_by("match_rank", "code")
        if _is_autocomplete(request):
            # Merged codes redirect; offering them would put a dead code on a cable.
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, distinct

    @admin.display(description="cables", ordering="cable_total")
    def cable_count(self, tag):
        return tag.cable_total

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/merge/", wrap(self.merge_view), name="cableroom_tag_merge"),
            path("<int:pk>/split/", wrap(self.split_view), name="cableroom_tag_split"),
            *super().get_urls(),
        ]

    def _tag_for_change(self, request, pk) -> Tag:
        tag = get_object_or_404(Tag, pk=pk)
        if not self.has_change_permission(request, tag):
            raise PermissionDenied
        return tag

    def merge_view(self, request, pk):
        tag = self._tag_for_change(request, pk)
        form = MergeTagForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._run(
                request,
                tag,
                lambda: curation.merge_tags(
                    source=tag,
                    target=form.cleaned_data["target"],
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                ),
            )
        return self._form_page(request, tag, form, f"Merge {tag} into another tag")

    def split_view(self, request, pk):
        tag = self._tag_for_change(request, pk)
        form = SplitTagForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._run(
                request,
                tag,
                lambda: curation.split_tag(
                    tag=tag,
                    into=form.cleaned_data["codes"],
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                ),
            )
        return self._form_page(request, tag, form, f"Split the glued tag {tag}")

    def _run(self, request, tag, step):
        try:
            change = step()
        except TagCurationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            moved = change.parts.count()
            self.message_user(request, f"{change.get_action_display()}: {moved} cable(s) changed.")
        return redirect("admin:cableroom_tag_change", tag.pk)

    def _form_page(self, request, tag, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": tag,
            "form": form,
            "media": self.media + form.media,
            "title": title,
            "cable_count": CableTag.objects.filter(tag=tag).count(),
        }
        return TemplateResponse(request, "admin/cableroom/tag/tag_form.html", context)


def _is_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == "autocomplete")


class PostNameInline(admin.TabularInline):
    model = PostName
    extra = 0
    verbose_name_plural = "names this office used, and when"


@admin.register(Post)
class PostAdmin(RecordedEditMixin, ArchiveModelAdmin):
    list_display = ["name", "post_type", "city", "country", "station_codes"]
    list_filter = ["post_type"]
    search_fields = ["name", "city", "country", "station_codes", "routing_indicators"]
    fields = [
        "name",
        "post_type",
        "city",
        "country",
        "station_codes",
        "routing_indicators",
        "from_lines",
        "names_in_cables",
    ]
    readonly_fields = ["names_in_cables"]
    recorded_fields = fields[:-1]
    inlines = [PostNameInline]

    @admin.display(description="FM lines in its cables")
    def names_in_cables(self, post):
        """What the cables themselves call the office, by year: a guide for the names above."""
        rows = (
            Cable.objects.filter(origin=post)
            .exclude(from_line="")
            .values("from_line")
            .annotate(first=Min("year"), last=Max("year"), n=Count("pk"))
            .order_by("first", "from_line")[:30]
        )
        if not rows:
            return "None seen"
        return format_html_join(
            "",
            "<div>{} — {}–{} ({} cable{})</div>",
            ((r["from_line"], r["first"], r["last"], r["n"], pluralize(r["n"])) for r in rows),
        )


@admin.register(Marking)
class MarkingAdmin(ArchiveModelAdmin):
    list_display = ["code", "kind", "name", "rank"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
