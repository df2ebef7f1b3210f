"""The cable page's one query: a cable with everything its page shows beside it.

`cables_for_page()` annotates the cable row with its paragraphs, tags, caveats,
addressees, resolved references, citing cables, public notes and the nearest cables
by meaning that `embed_cables` stored ("More like this"), each a JSON column
(`JSONRows`), and with whether the archive holds synthetic cables (the site header
says so) and whether a curator checked a guessed id year. `page_rows` reads them back
as unsaved model instances, so the page, its templates and `.json` use the models'
own attributes. Only a corrected cable costs a second query (its history).

Building and compiling that queryset costs more than running it, so `cable_for_page`
compiles it once per database vendor and runs the SQL with the id as its parameter.
`.json` asks for the cable's versions too, a column more (`versions_of`).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.dateparse import parse_datetime

from cableroom.models import (
    Addressee,
    Cable,
    CableTag,
    CableVersion,
    Marking,
    Note,
    Paragraph,
    Post,
    Reference,
    ReviewResolution,
    SimilarCable,
    Tag,
)
from cableroom.reading.json_rows import JSONRows, rows_of
from cableroom.reading.references import CITED_BY_LIMIT, CitedBy, ResolvedReference


@dataclass(frozen=True)
class PageRows:
    """What the page shows beside the cable's own fields, in the cable's order."""

    paragraphs: list[Paragraph]
    tags: list[Tag]
    caveats: list[Marking]
    addressees: list[Addressee]
    references: list[ResolvedReference]
    cited_by: CitedBy
    public_notes: list[Note]
    similar: list[Cable]  # nearest first, each with its `similarity` (cosine)
    inferred_id_checked: bool
    archive_has_synthetic: bool


SIMILAR_SHOWN = 10
# Stands for the reference id in the compiled SQL: what a real id can never be.
ID_MARK = "\x00reference_id"
_compiled: dict[tuple[str, bool], tuple[str, tuple]] = {}
# The statements prepared on each PostgreSQL session (psycopg connection), gone with it.
_prepared_on: "WeakKeyDictionary[object, set[str]]" = WeakKeyDictionary()
VERSION_FIELDS = (
    "id",
    "source_format",
    "source_path",
    "source_row",
    "source_id",
    "source_metadata",
    "encoding",
    "raw_sha256",
    "released",
    "imported_at",
)


def cable_for_page(reference_id: str, *, with_versions: bool = False) -> Cable | None:
    """The cable with exactly this id, annotated as `cables_for_page()` does; None if none."""
    database = router.db_for_read(Cable)
    key = (connections[database].vendor, with_versions)
    if key not in _compiled:
        cables = cables_for_page()
        if with_versions:
            versions = CableVersion.objects.filter(cable=OuterRef("pk")).values(*VERSION_FIELDS)
            cables = cables.annotate(version_rows=JSONRows(versions))
        query = cables.filter(reference_id=ID_MARK).order_by().query
        _compiled[key] = query.get_compiler(using=database).as_sql()
    sql, params = _compiled[key]
    if key[0] == "postgresql":
        sql, params = _prepared(connections[database], key, sql, params), [reference_id]
    else:
        params = [reference_id if param == ID_MARK else param for param in params]
    cable = next(iter(Cable.objects.db_manager(database).raw(sql, params)), None)
    if cable is not None and cable.origin_id is not None:
        cable.origin = Post(
            pk=cable.origin_id,
            name=cable.origin_name,
            city=cable.origin_city,
            country=cable.origin_country,
        )
    return cable


def _prepared(connection, key: tuple, sql: str, params: tuple) -> str:
    """`EXECUTE` of the page's query prepared on this connection (PREPARE once per session).

    PostgreSQL spent 5 ms planning the query's thirteen subqueries for 1.2 ms running
    them (EXPLAIN ANALYZE at 255,000 cables); a prepared statement is planned once per
    connection, and connections live CONN_MAX_AGE. Prepared statements outlive a rolled
    back transaction, so a connection's are remembered with it. A pooler that hands one
    server session to many clients (PgBouncer in transaction mode) would break this:
    there is no switch for it, the site connects to PostgreSQL directly."""
    connection.ensure_connection()
    name = f"cableroom_cable_page_{int(key[1])}"
    prepared = _prepared_on.setdefault(connection.connection, set())
    if name not in prepared:
        placeholder = "cableroom-reference-id-parameter"
        literal = connection.ops.compose_sql(
            sql, [placeholder if param == ID_MARK else param for param in params]
        )
        # On the session itself, like the settings Django gives a new connection: set-up
        # of the session, not one of the page's queries.
        connection.connection.execute(
            f"PREPARE {name}(text) AS " + literal.replace(f"'{placeholder}'", "$1")
        )
        prepared.add(name)
    return f"EXECUTE {name}(%s)"


def cables_for_page() -> QuerySet:
    """Cables with their page's rows as annotations; the raw text and search body left out.

    The origin comes as annotations too (`origin_name`, ...): the compiled SQL is run
    as a raw query, which cannot follow `select_related`.
    """
    cable = OuterRef("pk")
    return Cable.objects.defer("body").annotate(
        origin_name=F("origin__name"),
        origin_city=F("origin__city"),
        origin_country=F("origin__country"),
        paragraph_rows=JSONRows(
            Paragraph.objects.filter(cable=cable).values("position", "number", "marking", "text")
        ),
        tag_rows=JSONRows(
            CableTag.objects.filter(cable=cable).values(
                "position",
                code=F("tag__code"),
                kind=F("tag__kind"),
                description=F("tag__description"),
            )
        ),
        caveat_rows=JSONRows(
            Marking.objects.filter(cables=cable).values("code", "name", "description", "rank")
        ),
        addressee_rows=JSONRows(
            Addressee.objects.filter(cable=cable).values(
                "position",
                "role",
                "name",
                "routing_indicator",
                "precedence",
                "serial",
                post_name=F("post__name"),
            )
        ),
        reference_rows=JSONRows(_references(cable)),
        cited_by_rows=JSONRows(_citing(OuterRef("reference_id"))),
        note_rows=JSONRows(_public_notes(cable)),
        similar_rows=JSONRows(_similar(cable)),
        current_version_number=current_version_number(),
        id_guess_checked=Exists(
            ReviewResolution.objects.filter(cable=cable, field="reference_id", current=True)
        ),
        archive_has_synthetic=Exists(Cable.objects.filter(is_synthetic=True)),
    )


def current_version_number(cable_path: str = "") -> Subquery:
    """The number of the cable's current version, for a query of cables (or, given the
    path to the cable such as "cable", of rows that point at one). None without one."""
    # As versions.numbered_versions counts: by import time, then id.
    prefix = f"{cable_path}__" if cable_path else ""
    current = OuterRef(f"{prefix}current_version__imported_at")
    up_to_current = CableVersion.objects.filter(cable=OuterRef(cable_path or "pk")).filter(
        Q(imported_at__lt=current)
        | Q(imported_at=current, pk__lte=OuterRef(f"{prefix}current_version"))
    )
    return Subquery(up_to_current.values("cable").annotate(number=Count("pk")).values("number"))


def _references(cable: OuterRef):
    target = Cable.objects.filter(reference_id=OuterRef("target_reference_id"))
    return Reference.objects.filter(cable=cable).values(
        "position",
        "target_reference_id",
        "label",
        "notal",
        "text",
        target_pk=Subquery(target.values("pk")[:1]),
        target_subject=Subquery(target.values("subject")[:1]),
        target_withdrawn_at=Subquery(target.values("withdrawn_at")[:1]),
    )


def _citing(reference_id: OuterRef):
    # One extra row tells the list is truncated. An aggregate need not keep the order of
    # its rows, so each carries its place (`rank`).
    citing = Reference.objects.filter(target_reference_id=OuterRef(reference_id))
    order = (F("date_time").asc(), F("reference_id").asc())
    return (
        Cable.objects.public()
        .filter(id__in=citing.values("cable_id"))
        .order_by(*order)
        .values(
            "reference_id",
            "subject",
            "date_time",
            origin_name=F("origin__name"),
            rank=Window(RowNumber(), order_by=order),
        )[: CITED_BY_LIMIT + 1]
    )


def _similar(cable: OuterRef):
    # Withdrawn cables are left out here, not only when the neighbours are computed: a
    # cable withdrawn since then must not be shown. Ranks may have gaps then.
    return (
        SimilarCable.objects.filter(cable=cable, similar__withdrawn_at__isnull=True)
        .order_by("rank")
        .values(
            "rank",
            "score",
            reference_id=F("similar__reference_id"),
            subject=F("similar__subject"),
            date_time=F("similar__date_time"),
            origin_name=F("similar__origin__name"),
        )[:SIMILAR_SHOWN]
    )


def _public_notes(cable: OuterRef):
    # Private notes are never fetched, so no template slip can show them.
    return (
        Note.objects.public()
        .filter(cable=cable)
        .values(
            "id",
            "paragraph_position",
            "text",
            "created_at",
            "updated_at",
            "author_id",
            author_username=F(f"author__{get_user_model().USERNAME_FIELD}"),
            author_first_name=F("author__first_name"),
            author_last_name=F("author__last_name"),
        )
    )


def page_rows(cable: Cable) -> PageRows:
    """The annotations of a cable from `cables_for_page()` as model instances, in order."""
    cited = [_cited(row) for row in sorted(rows_of(cable.cited_by_rows), key=_rank)]
    return PageRows(
        paragraphs=[
            Paragraph(cable_id=cable.pk, **row)
            for row in sorted(rows_of(cable.paragraph_rows), key=_position)
        ],
        tags=[
            Tag(code=row["code"], kind=row["kind"], description=row["description"])
            for row in sorted(rows_of(cable.tag_rows), key=_position)
        ],
        caveats=[Marking(**row) for row in sorted(rows_of(cable.caveat_rows), key=_marking_order)],
        addressees=[
            _addressee(row) for row in sorted(rows_of(cable.addressee_rows), key=_position)
        ],
        references=[
            _reference(row) for row in sorted(rows_of(cable.reference_rows), key=_position)
        ],
        cited_by=CitedBy(cited[:CITED_BY_LIMIT], truncated=len(cited) > CITED_BY_LIMIT),
        public_notes=sorted(map(_note, rows_of(cable.note_rows)), key=_note_order),
        similar=[_similar_cable(row) for row in sorted(rows_of(cable.similar_rows), key=_rank)],
        inferred_id_checked=cable.reference_id_inferred and cable.id_guess_checked,
        archive_has_synthetic=cable.archive_has_synthetic,
    )


def versions_of(cable: Cable) -> list[tuple[int, CableVersion]]:
    """(number, version) pairs as `versions.numbered_versions` gives them, raw text left out,
    for a cable fetched with `cable_for_page(..., with_versions=True)`."""
    versions = [
        CableVersion(
            cable_id=cable.pk,
            **{
                **row,
                "released": moment(row["released"]),
                "imported_at": moment(row["imported_at"]),
            },
        )
        for row in rows_of(cable.version_rows)
    ]
    versions.sort(key=lambda version: (version.imported_at, version.pk))
    return list(enumerate(versions, start=1))


def _rank(row: dict) -> int:
    return row["rank"]


def _position(row: dict) -> int:
    return row["position"]


def _marking_order(row: dict) -> tuple:
    return row["rank"], row["code"]


def _addressee(row: dict) -> Addressee:
    post = Post(name=row.pop("post_name"))
    return Addressee(post=post, **row)


def _reference(row: dict) -> ResolvedReference:
    target_pk = row.pop("target_pk")
    subject, withdrawn_at = row.pop("target_subject"), row.pop("target_withdrawn_at")
    reference = Reference(**{**row, "notal": bool(row["notal"])})
    target = None
    if target_pk is not None:
        target = Cable(
            pk=target_pk,
            reference_id=reference.target_reference_id,
            subject=subject,
            withdrawn_at=moment(withdrawn_at),
        )
    return ResolvedReference(reference, target)


def _cited(row: dict) -> Cable:
    origin = Post(name=row["origin_name"]) if row["origin_name"] is not None else None
    return Cable(
        reference_id=row["reference_id"],
        subject=row["subject"],
        date_time=moment(row["date_time"]),
        origin=origin,
    )


def _similar_cable(row: dict) -> Cable:
    similar = _cited(row)
    similar.similarity = row["score"]
    return similar


def _note(row: dict) -> Note:
    author = None
    if row["author_id"] is not None:
        author = get_user_model()(
            pk=row["author_id"],
            first_name=row["author_first_name"] or "",
            last_name=row["author_last_name"] or "",
            **{get_user_model().USERNAME_FIELD: row["author_username"]},
        )
    return Note(
        pk=row["id"],
        paragraph_position=row["paragraph_position"],
        text=row["text"],
        created_at=moment(row["created_at"]),
        updated_at=moment(row["updated_at"]),
        author=author,
    )


def _note_order(note: Note) -> tuple:
    # As Note.objects.public() orders them: whole-cable notes first, then by paragraph.
    position = note.paragraph_position
    return position is not None, position or 0, note.created_at, note.pk


def moment(value: str | None) -> datetime | None:
    """A datetime from a JSON row: ISO text, in UTC (SQLite's are naive UTC)."""
    if value is None:
        return None
    parsed = parse_datetime(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
