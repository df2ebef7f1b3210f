"""`/missing/`: the cables the archive lacks that its cables cite most."""

from django import forms
from django.core.cache import cache
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cableroom.browse.index import current_generation
from cableroom.reading.references import MissingCable, most_cited_missing

PAGE_SIZE = 100
MAX_PAGE = 1000
# A safety net only: the key changes whenever a cable changes (the browse generation).
CACHE_SECONDS = 3600


class MissingPageForm(forms.Form):
    """Which page of the list; a bad value shows the first page."""

    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


@require_safe
def missing_cables(request):
    """Known-but-missing cables, most cited first, a hundred to a page."""
    form = MissingPageForm(request.GET)
    page = (form.cleaned_data.get("page") if form.is_valid() else None) or 1
    rows = missing_page(page)
    context = {
        "missing": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "first_rank": (page - 1) * PAGE_SIZE + 1,
        "form_errors": form.errors,
    }
    return render(request, "cableroom/missing.html", context)


def missing_page(page: int) -> list[MissingCable]:
    """One page of the list and one row more, cached until any cable changes.

    Counting every reference against the whole archive takes seconds at 250,000
    cables; the browse generation (bumped by triggers on every cable change) says when
    the answer may have changed, at the cost of one tiny query.
    """
    generation = current_generation()
    key = f"cableroom:missing:{generation}:{page}:{PAGE_SIZE}"
    rows = cache.get(key) if generation is not None else None
    if rows is None:
        rows = most_cited_missing(PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        cache.set(key, rows, CACHE_SECONDS)
    return rows
