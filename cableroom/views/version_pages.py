"""Every published copy of a cable, and what differs between two of them.

`/cable/<id>/versions/` lists them, `/cable/<id>/versions/<n>/` shows one copy's raw
text, `/cable/<id>/versions/<n>.txt` serves it byte for byte, and
`/cable/<id>/diff/?from=1&to=2` compares two (redacted against unredacted).
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cableroom.reading.diff import diff_texts
from cableroom.reading.versions import numbered_versions, version_by_number
from cableroom.views.permalink_redirects import find_cable


class DiffForm(forms.Form):
    """Which two versions to compare, by number; both must exist."""

    def __init__(self, data, *, count: int):
        super().__init__(data)
        choices = [(number, number) for number in range(1, count + 1)]
        self.fields["from"] = forms.TypedChoiceField(choices=choices, coerce=int)
        self.fields["to"] = forms.TypedChoiceField(choices=choices, coerce=int)


@require_safe
def cable_versions(request, reference_id: str) -> HttpResponse:
    """The list of a cable's versions, with where each came from and links to compare them."""
    cable = find_cable(request, reference_id)
    if isinstance(cable, HttpResponse):
        return cable
    versions = numbered_versions(cable)
    context = {"cable": cable, "versions": versions}
    return render(request, "cableroom/cable_versions.html", context)


@require_safe
def cable_version(request, reference_id: str, number: int) -> HttpResponse:
    """One version's raw text as published, with its source."""
    cable = find_cable(request, reference_id)
    if isinstance(cable, HttpResponse):
        return cable
    version = _version_or_404(cable, number)
    context = {"cable": cable, "version": version, "number": number}
    return render(request, "cableroom/cable_version.html", context)


@require_safe
def cable_version_text(request, reference_id: str, number: int) -> HttpResponse:
    """One version's raw text, byte for byte as stored, in UTF-8."""
    cable = find_cable(request, reference_id)
    if isinstance(cable, HttpResponse):
        return cable
    version = _version_or_404(cable, number)
    return HttpResponse(version.raw_text.encode("utf-8"), content_type="text/plain; charset=utf-8")


@require_safe
def cable_diff(request, reference_id: str) -> HttpResponse:
    """What differs between two versions; without parameters, the first against the current."""
    cable = find_cable(request, reference_id)
    if isinstance(cable, HttpResponse):
        return cable
    versions = dict(numbered_versions(cable, with_text=True))
    form = DiffForm(request.GET or _default_pair(cable, versions), count=len(versions))
    context = {"cable": cable, "form": form, "versions": sorted(versions)}
    if not form.is_valid():
        return render(request, "cableroom/cable_diff.html", context, status=400)
    old, new = versions[form.cleaned_data["from"]], versions[form.cleaned_data["to"]]
    context.update(old=old, new=new, diff=diff_texts(old.raw_text, new.raw_text))
    return render(request, "cableroom/cable_diff.html", context)


def _default_pair(cable, versions: dict) -> dict:
    current = next(
        (number for number, version in versions.items() if version.pk == cable.current_version_id),
        max(versions, default=1),
    )
    first = 1 if current != 1 else max(versions, default=1)
    return {"from": first, "to": current}


def _version_or_404(cable, number: int):
    version = version_by_number(cable, number)
    if version is None:
        raise Http404(f"{cable.reference_id} has no version {number}")
    return version
