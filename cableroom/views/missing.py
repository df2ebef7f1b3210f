"""`/missing/`: the cables the archive lacks that its cables cite most."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cableroom.references import most_cited_missing

PAGE_SIZE = 100
MAX_PAGE = 1000


class MissingPageForm(forms.Form):
    """Which page of the list; a bad value shows the first page."""

    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


@require_safe
def missing_cables(request):
    """Known-but-missing cables, most cited first, a hundred to a page."""
    form = MissingPageForm(request.GET)
    page = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
    rows = most_cited_missing(PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    context = {
        "missing": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "first_rank": (page - 1) * PAGE_SIZE + 1,
        "form_errors": form.errors,
    }
    return render(request, "cableroom/missing.html", context)
