"""Previous and next cable within the search a reader came from.

The search travels in the cable URL as one parameter, `search`, holding the browse
page's query string (`/cable/06ASTANA33/?search=tag%3DPREL`), so a link to "this cable,
read inside that search" can be shared. The string goes through a form before any
query; unknown or bad values are dropped, never a 500.

Until the browse page's own filtering exists, the search understands its three facet
parameters (origin, tag, addressee) and the browse order, newest first.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import F, Q, QuerySet
from django.http import QueryDict

from cableroom.models import Cable

SEARCH_PARAMETER = "search"


class SearchContextForm(forms.Form):
    """The facets of a browse query string that prev/next understands."""

    origin = forms.CharField(required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=120)
    addressee = forms.CharField(required=False, max_length=200)


@dataclass(frozen=True)
class SearchContext:
    """The reader's search: its query string as given and the filters understood from it."""

    query_string: str
    origin: str = ""
    tag: str = ""
    addressee: str = ""

    def cable_url(self, cable: Cable) -> str:
        """A cable's page inside this search, so prev/next carry on from there."""
        return f"{cable.get_absolute_url()}?{urlencode({SEARCH_PARAMETER: self.query_string})}"

    def filter(self, cables: QuerySet) -> QuerySet:
        """The browse filters applied to a queryset of public cables."""
        if self.origin:
            cables = cables.filter(origin__name=self.origin)
        if self.tag:
            cables = cables.filter(cable_tags__tag__code=self.tag)
        if self.addressee:
            cables = cables.filter(addressees__post__name=self.addressee)
        return cables


@dataclass(frozen=True)
class Neighbours:
    """The cables before and after one cable in a search's order (either may be None)."""

    search: SearchContext
    previous: Cable | None
    next: Cable | None


def search_context(query_string: str) -> SearchContext | None:
    """The search carried in a cable URL, or None when there is none."""
    if not query_string:
        return None
    form = SearchContextForm(QueryDict(query_string))
    form.is_valid()  # invalid fields are left out of cleaned_data, i.e. ignored
    understood = {name: value for name, value in form.cleaned_data.items() if value}
    return SearchContext(query_string=query_string, **understood)


def neighbours(cable: Cable, search: SearchContext) -> Neighbours:
    """The cables just before and after `cable` in the search, newest first: two queries.

    Keyset conditions on (date_time descending, nulls last; reference_id) use the date
    index and never count or offset through the result list.
    """
    cables = search.filter(Cable.objects.public()).only("reference_id", "subject", "date_time")
    newest_first = (F("date_time").desc(nulls_last=True), "reference_id")
    oldest_first = (F("date_time").asc(nulls_first=True), "-reference_id")
    before, after = _sides(cable)
    previous = cables.filter(before).order_by(*oldest_first).first()
    following = cables.filter(after).order_by(*newest_first).first()
    return Neighbours(search, previous, following)


def _sides(cable: Cable) -> tuple[Q, Q]:
    """Conditions for "listed before" and "listed after" `cable`, newest first, nulls last."""
    same_date_before = Q(reference_id__lt=cable.reference_id)
    same_date_after = Q(reference_id__gt=cable.reference_id)
    if cable.date_time is None:
        undated = Q(date_time__isnull=True)
        return Q(date_time__isnull=False) | (undated & same_date_before), undated & same_date_after
    same_date = Q(date_time=cable.date_time)
    before = Q(date_time__gt=cable.date_time) | (same_date & same_date_before)
    after = (
        Q(date_time__lt=cable.date_time)
        | (same_date & same_date_after)
        | Q(date_time__isnull=True)
    )
    return before, after
