"""Forms of the curators' admin: the cable form, withdrawal, tag merge and split, login."""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from cableroom.models import Cable, Tag
from cableroom.web import signin


class ChosenListAutocomplete(AutocompleteSelectMultiple):
    """The admin's autocomplete for several values, without select2's "clear all" cross.

    select2 puts that cross as a bare <span> inside its <ul> of chosen values, which
    screen readers then misread as a list (axe: "list"); each chosen value keeps its own
    cross, so nothing is lost. The search box's name comes from admin-select2-labels.js.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["cableroom/js/admin-select2-labels.js"])


class OrderedAutocompleteSelectMultiple(ChosenListAutocomplete):
    """Shows the selected options in the order of the value (the TAGS line), not by code."""

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        order = {str(item): index for index, item in enumerate(value)}
        for _, options, _ in groups:
            options.sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups


class CableForm(forms.ModelForm):
    """The parsed fields; tags are a form field because they go through `CableTag`."""

    # Not named "tags": the admin refuses a through-model field by that name in fieldsets.
    tag_list = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.filter(merged_into__isnull=True),
        required=False,
        label="Tags",
        widget=OrderedAutocompleteSelectMultiple(Cable._meta.get_field("tags"), admin.site),
        help_text="In TAGS-line order; tags you add go last.",
    )

    class Meta:
        model = Cable
        fields = ["subject", "summary", "date_time", "origin", "classification", "caveats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_split_inputs(self)
        if self.instance.pk:
            self.initial["tag_list"] = list(
                self.instance.cable_tags.order_by("position").values_list("tag_id", flat=True)
            )

    def ordered_tag_codes(self) -> list[str]:
        """The chosen tags in the order the form sent them (the order shown), else by code.

        The widget lists the cable's tags in TAGS-line order and appends new ones, so
        the submitted order keeps the cable's order and puts additions last.
        """
        chosen = {str(tag.pk): tag.code for tag in self.cleaned_data["tag_list"]}
        sent = self.data.getlist(self.add_prefix("tag_list")) if self.data else []
        ordered = [pk for pk in dict.fromkeys(sent) if pk in chosen]
        ordered += sorted((pk for pk in chosen if pk not in ordered), key=chosen.get)
        return [chosen[pk] for pk in ordered]


class CellLabelledFormSet(BaseInlineFormSet):
    """A tabular inline whose inputs are named after their column for screen readers.

    The admin's tabular inlines head the columns in <th> but give the inputs (the
    "delete" box too) no <label>, so a screen reader announces unnamed fields (axe:
    "label"). The formset adds "delete" after the form is built, hence `add_fields`.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", str(field.label))


def name_split_inputs(form) -> None:
    """Name the date and the time input of a split date-time field (they have no <label>)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            date, time = field.widget.widgets
            date.attrs["aria-label"] = f"{field.label}: date (YYYY-MM-DD)"
            time.attrs["aria-label"] = f"{field.label}: time (HH:MM:SS, UTC)"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to readers who follow the cable's permalink.",
    )


class MergeTagForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Tag.objects.filter(merged_into__isnull=True),
        widget=AutocompleteSelect(Tag._meta.get_field("merged_into"), admin.site),
        label="Merge into",
    )
    comment = forms.CharField(required=False, max_length=300)


class SplitTagForm(forms.Form):
    codes = forms.CharField(
        label="Split into",
        help_text="The codes the glued tag stands for, separated by spaces or commas.",
    )
    comment = forms.CharField(required=False, max_length=300)

    def clean_codes(self) -> list[str]:
        codes = self.cleaned_data["codes"].replace(",", " ").split()
        if len(codes) < 2:
            raise ValidationError("Give at least two codes.")
        return codes


class CuratorLoginForm(AdminAuthenticationForm):
    """The admin sign-in, saying plainly when too many failures have locked it.

    Checking, hashing and recording run one at a time per client (signin.one_at_a_time);
    django-axes refuses a locked attempt before the password is checked.
    """

    def clean(self):
        with signin.one_at_a_time(self.request):
            try:
                return super().clean()
            except ValidationError:
                if getattr(self.request, "axes_locked_out", False):
                    raise ValidationError(
                        "Too many failed sign-ins from your address. Try again in "
                        f"{signin.lockout_minutes()} minutes.",
                        code="locked_out",
                    ) from None
                raise
