"""List filters for the cable list: the questions curators ask of the archive."""

from django.contrib import admin

from cableroom.models import Cable, Marking, MarkingKind


class YesNoFilter(admin.SimpleListFilter):
    """A filter with two answers; subclasses say what "yes" means as a Q-able dict."""

    yes: dict = {}

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**self.yes)
        if self.value() == "no":
            return queryset.exclude(**self.yes)
        return queryset


class HasWarningsFilter(YesNoFilter):
    title = "has warnings"
    parameter_name = "warnings"
    yes = {"warning_count__gt": 0}


class InferredIdFilter(YesNoFilter):
    title = "id year inferred"
    parameter_name = "inferred_id"
    yes = {"reference_id_inferred": True}


class WithdrawnFilter(YesNoFilter):
    title = "withdrawn"
    parameter_name = "withdrawn"
    yes = {"withdrawn_at__isnull": False}


class CuratedFilter(YesNoFilter):
    title = "curated"
    parameter_name = "curated"

    def queryset(self, request, queryset):
        # An empty list means no curator touched the cable.
        if self.value() == "yes":
            return queryset.exclude(curated_fields=[])
        if self.value() == "no":
            return queryset.filter(curated_fields=[])
        return queryset


class ClassificationFilter(admin.SimpleListFilter):
    title = "classification"
    parameter_name = "classification"

    def lookups(self, request, model_admin):
        values = Cable.objects.order_by("classification").values_list("classification", flat=True)
        return [(value, value or "(none)") for value in values.distinct()]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(classification=self.value())


class CaveatFilter(admin.SimpleListFilter):
    title = "caveat"
    parameter_name = "caveat"

    def lookups(self, request, model_admin):
        caveats = Marking.objects.filter(kind=MarkingKind.CAVEAT).order_by("code")
        return [(marking.code, marking.code) for marking in caveats]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(caveats__code=self.value())
