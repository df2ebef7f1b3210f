"""The browse page's URL parameters: validated by a django-filter FilterSet.

Every parameter reaches the database only through `CableFilterSet`: its form checks the
shapes (dates, months, years, page, sort, query length and syntax) and, given the
values the archive knows, names unknown tags, posts, classifications and caveats. A
valid form yields `Constraints`, which the in-process browse index evaluates; the same
FilterSet's `qs` expresses the identical constraints in SQL (the reference the tests
compare the index against, and a fallback for code that wants a QuerySet).

Facets a cable holds many values of (tags, addressees, caveats) narrow with every value:
`tag=IZ&tag=PHUM` is the cables holding both, and one value holding alternatives,
`tag=IZ|PHUM`, is the cables holding either. Facets a cable holds one value of (origin,
classification, year, month) take any of their values. Different facets are ANDed, and a
value written with a leading "-" is excluded (`tag=-PREL`, `tag=-IZ|PHUM`: neither).
Reason codes narrow as tags do, and so do the DECL facet's values, since `past` overlaps
the years; the classifying official and the signer are alternatives. Those four facets'
values are matched whatever their case (`FoldedValues`), and `state.canonical` redirects
to the spelling the facet shows.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import django_filters
from django import forms
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.expressions import RawSQL

from cableroom.models import Addressee, Cable, CableTag, CableVersion, Tag
from cableroom.search import QueryError, TextQuery, matching_ids_sql, parse_query

SORTS = {"-date": "Newest first", "date": "Oldest first", "relevance": "Best match"}
MAX_VALUES = 50
MAX_VALUE_CHARS = 200
MAX_PAGE = 100_000
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")
_DECLASSIFY = re.compile(r"^(?:\d{4}|past|OADR|(?:25)?X[1-9])$", re.I)
_DAY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
# The DECL facet's value for a declassification date before today (the server's, UTC).
PAST = "past"
# Between the alternatives of one facet value: `tag=IZ|PHUM` is either tag.
ALTERNATIVES = "|"


@dataclass(frozen=True)
class Choice:
    """The values chosen for one facet: every one of `groups` (each satisfied by any of its
    values), none of `exclude`. `include` is every chosen value; given alone, it makes one
    group (any of them)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] | None = None

    def __post_init__(self):
        if self.groups is None:
            object.__setattr__(self, "groups", (self.include,) if self.include else ())

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)


def alternatives(value: str) -> tuple[str, ...]:
    """`IZ|PHUM` -> ("IZ", "PHUM"): the values one parameter value allows, blanks dropped."""
    return tuple(dict.fromkeys(a.strip() for a in value.split(ALTERNATIVES) if a.strip()))


@dataclass(frozen=True)
class Constraints:
    """A validated browse request: what to match, how to sort, which page."""

    choices: dict[str, Choice] = field(default_factory=dict)
    addressee_role: str = ""
    date_from: date | None = None
    date_to: date | None = None
    query: TextQuery = field(default_factory=TextQuery)
    sort: str = "-date"
    page: int = 1

    def choice(self, parameter: str) -> Choice:
        return self.choices.get(parameter, Choice())


class ValueListField(forms.Field):
    """A repeatable parameter: the list of its values, each trimmed, blanks dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [str(item).strip() for item in (value or [])]
        values = [item for item in values if item and item != "-"]
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(f"At most {MAX_VALUES} values, please.")
        if any(len(item) > MAX_VALUE_CHARS for item in values):
            raise forms.ValidationError("A value is too long.")
        return values


class FacetFilter(django_filters.Filter):
    """One facet parameter; `filter` is its SQL form. `narrows`: a cable holds many values
    of the facet, and each value written narrows the results (AND); otherwise the values
    are alternatives (OR)."""

    field_class = ValueListField

    def __init__(self, *args, to_q: Callable[[list[str]], Q], narrows=False, **kwargs):
        self.to_q = to_q
        self.narrows = narrows
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return filter_choice(qs, split_choice(value or [], self.narrows), self.to_q)


def filter_choice(qs, choice: Choice, to_q: Callable[[list[str]], Q]):
    """Rows holding a value of every group of `choice` and none of its exclusions."""
    for group in choice.groups:
        qs = qs.filter(to_q(list(group)))
    if choice.exclude:
        qs = qs.exclude(to_q(list(choice.exclude)))
    return qs


def split_choice(values: list[str], narrows: bool = False) -> Choice:
    """Values as written -> Choice: a leading '-' marks an exclusion, `|` separates
    alternatives; each value is a group of its own when the facet `narrows`."""
    written = [(v.startswith("-"), alternatives(v.removeprefix("-"))) for v in values]
    groups = [group for negated, group in written if group and not negated]
    include = tuple(dict.fromkeys(value for group in groups for value in group))
    exclude = tuple(dict.fromkeys(v for negated, group in written if negated for v in group))
    if narrows:
        return Choice(include, exclude, tuple(dict.fromkeys(groups)))
    return Choice(include, exclude)


def _tag_q(codes):
    # A merge moves every cable to the surviving tag, so an old code has no cables of its
    # own: match the tag it was merged into, as the browse page's redirect does.
    current = [getattr(Tag.objects.resolve(code), "code", code) for code in codes]
    return Q(Exists(CableTag.objects.filter(cable=OuterRef("pk"), tag__code__in=current)))


def _caveat_q(codes):
    through = Cable.caveats.through.objects
    return Q(Exists(through.filter(cable=OuterRef("pk"), marking__code__in=codes)))


def _year_q(years):
    return Q(year__in=[int(year) for year in years])


def _month_q(months):
    pairs = [_MONTH.match(month).groups() for month in months]
    condition = Q(pk__in=[])
    for year, month in pairs:
        condition |= Q(year=int(year), month=int(month))
    return condition


def _released_q(days):
    # A cable's release date is its first: the earliest any of its copies gives.
    first = CableVersion.objects.values("cable").annotate(first=Min("released"))
    return Q(pk__in=first.filter(first__date__in=days).values("cable"))


def declassification_today() -> date:
    """The day `past` is measured against: today, the server's date in UTC. The facet,
    the cable header and the page cache's key all read it here, so they agree."""
    return datetime.now(UTC).date()


def _declassify_q(values):
    # A year of the DECL date, a marker (OADR, X1) or `past`: a date before today.
    condition = Q(pk__in=[])
    years = [int(value) for value in values if _YEAR.match(value)]
    markers = [value for value in values if not _YEAR.match(value) and value != PAST]
    if years:
        condition |= Q(declassify_date__year__in=years)
    if markers:
        condition |= Q(declassify_date__isnull=True, declassify_marker__in=markers)
    if PAST in values:
        condition |= Q(declassify_date__lt=declassification_today())
    return condition


def _reason_q(codes):
    # Stored as the parser joined them: "1.4(b), 1.4(d)"; a code is one whole item.
    condition = Q(pk__in=[])
    for code in codes:
        condition |= (
            Q(classification_reasons=code)
            | Q(classification_reasons__startswith=f"{code}, ")
            | Q(classification_reasons__endswith=f", {code}")
            | Q(classification_reasons__contains=f", {code}, ")
        )
    return condition


class FoldedValues:
    """The values a facet knows, matched whatever their case and spacing: `signer=ORDWAY`
    is the facet's `Ordway`. `canonical` gives the spelling the facet shows."""

    def __init__(self, values):
        self.spellings = {fold(value): value for value in values}

    def __contains__(self, value) -> bool:
        return fold(value) in self.spellings

    def canonical(self, value: str) -> str:
        return self.spellings.get(fold(value), value)


def fold(value: str) -> str:
    """What two spellings of one facet value share: case dropped, spaces collapsed, none
    before a bracket (`1.4 (D)` is `1.4(d)`). Spaces between words stay: a name a
    line break split ("Rosen blatt") is another value, not a guess."""
    return " ".join(value.split()).casefold().replace(" (", "(")


class BrowseForm(forms.Form):
    """Checks across parameters: the query's syntax, value shapes, known values, date order."""

    known_values: dict = {}

    def clean(self):
        return _clean_form(self, self.known_values)


class CableFilterSet(django_filters.FilterSet):
    """Validates every browse parameter; `qs` is the SQL form of the same constraints."""

    q = django_filters.CharFilter(method="filter_text", max_length=10_000)
    tag = FacetFilter(to_q=_tag_q, narrows=True)
    origin = FacetFilter(to_q=lambda names: Q(origin__name__in=names))
    addressee = FacetFilter(method="filter_addressee", to_q=lambda names: Q(), narrows=True)
    addressee_role = django_filters.ChoiceFilter(
        choices=[("TO", "TO only")], method="filter_nothing", empty_label="TO and INFO"
    )
    classification = FacetFilter(to_q=lambda values: Q(classification__in=values))
    caveat = FacetFilter(to_q=_caveat_q, narrows=True)
    year = FacetFilter(to_q=_year_q)
    month = FacetFilter(to_q=_month_q)
    released = FacetFilter(to_q=_released_q)
    # `past` overlaps the years, so DECL values narrow (as tags do); `|` gives either.
    declassify = FacetFilter(to_q=_declassify_q, narrows=True)
    classified_by = FacetFilter(to_q=lambda names: Q(classified_by_name__in=names))
    reason = FacetFilter(to_q=_reason_q, narrows=True)
    signer = FacetFilter(to_q=lambda names: Q(signer_name__in=names))
    sort = django_filters.ChoiceFilter(choices=list(SORTS.items()), method="filter_nothing")
    page = django_filters.NumberFilter(method="filter_nothing", min_value=1, max_value=MAX_PAGE)

    class Meta:
        model = Cable
        fields: list[str] = []
        form = BrowseForm

    def __init__(self, data=None, *args, known_values=None, **kwargs):
        self.known_values = known_values or {}
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        """The form, told which tags, posts and markings exist so it can name unknown ones."""
        form_class = super().get_form_class()
        return type(form_class.__name__, (form_class,), {"known_values": self.known_values})

    def filter_queryset(self, queryset):
        # cleaned_data also holds the parsed query ("text_query"), which is no filter.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_nothing(self, qs, name, value):
        return qs  # read by `constraints`, not a row filter

    def filter_text(self, qs, name, value):
        query = self.form.cleaned_data.get("text_query")
        if query is None or not query.has_text:
            return qs
        return qs.filter(pk__in=RawSQL(*_text_sql(query)))

    def filter_addressee(self, qs, name, value):
        roles = ["TO"] if self.form.cleaned_data.get("addressee_role") == "TO" else ["TO", "INFO"]

        def addressed(names):
            rows = Addressee.objects.filter(
                cable=OuterRef("pk"), post__name__in=names, role__in=roles
            )
            return Q(Exists(rows))

        return filter_choice(qs, split_choice(value or [], narrows=True), addressed)

    def constraints(self) -> Constraints:
        """The validated request; call only when `is_valid()`."""
        data = self.form.cleaned_data
        choices = {
            name: split_choice(data.get(name) or [], name in NARROWING_PARAMETERS)
            for name in FACET_PARAMETERS
        }
        query = data.get("text_query") or TextQuery()
        default_sort = "relevance" if query.has_text else "-date"
        sort = data.get("sort") or default_sort
        if sort == "relevance" and not query.has_text:
            sort = "-date"
        return Constraints(
            choices={name: choice for name, choice in choices.items() if choice},
            addressee_role=data.get("addressee_role") or "",
            date_from=data.get("from"),
            date_to=data.get("to"),
            query=query,
            sort=sort,
            page=int(data.get("page") or 1),
        )


def _date_filter(bound: str) -> django_filters.DateFilter:
    lookup = "gte" if bound == "from" else "lte"
    return django_filters.DateFilter(
        field_name="date_time",
        lookup_expr=f"date__{lookup}",
        input_formats=["%Y-%m-%d"],
        label="From date" if bound == "from" else "To date",
    )


# "from" and "to" are the public parameter names; "from" cannot be a class attribute.
CableFilterSet.base_filters["from"] = _date_filter("from")
CableFilterSet.base_filters["to"] = _date_filter("to")

# The FilterSet is the one declaration of the browse parameters; every list of their
# names elsewhere is derived from it.
PARAMETERS = tuple(CableFilterSet.base_filters)
FACET_PARAMETERS = tuple(
    name for name, declared in CableFilterSet.base_filters.items()
    if isinstance(declared, FacetFilter)
)  # fmt: skip
NARROWING_PARAMETERS = tuple(
    name for name in FACET_PARAMETERS if CableFilterSet.base_filters[name].narrows
)


def _text_sql(query: TextQuery) -> tuple[str, list]:
    return matching_ids_sql(query)


def _clean_form(form, known_values) -> dict:
    data = form.cleaned_data
    _clean_query(form, data)
    _clean_shapes(form, data)
    for name, known in known_values.items():
        _check_known(form, data, name, known)
    start, end = data.get("from"), data.get("to")
    if start and end and start > end:
        form.add_error("to", "The end date is before the start date.")
    return data


def _clean_query(form, data) -> None:
    try:
        data["text_query"] = parse_query(data.get("q") or "")
    except QueryError as error:
        form.add_error("q", str(error))


def _clean_shapes(form, data) -> None:
    shapes = (
        ("year", _YEAR, "year", "2006"),
        ("declassify", _DECLASSIFY, "year, `past` or marker", "2016, past, OADR or X1"),
        ("month", _MONTH, "month", "2006-04"),
        ("released", _DAY, "day", "2010-11-28"),
    )
    for name, pattern, what, example in shapes:
        written = [a for v in data.get(name) or [] for a in alternatives(v.removeprefix("-"))]
        bad = [value for value in written if not _is_shaped(pattern, value)]
        if bad:
            form.add_error(name, f"Not a {what} like {example}: {', '.join(bad)}.")


def _is_shaped(pattern, value: str) -> bool:
    if not pattern.match(value):
        return False
    try:
        return pattern is not _DAY or bool(date.fromisoformat(value))
    except ValueError:  # 2010-02-30
        return False


def _check_known(form, data, name: str, known) -> None:
    written = [a for v in data.get(name) or [] for a in alternatives(v.removeprefix("-"))]
    unknown = [value for value in written if value not in known]
    if unknown:
        form.add_error(name, f"Unknown {name}: {', '.join(unknown)}.")
