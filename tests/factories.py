"""Builders for test data: small, explicit, synthetic cables (never real cable text)."""

import hashlib
import itertools
from datetime import UTC, datetime

from cableroom.importing.plan.cable_plan import normalised_fields
from cableroom.models import (
    Addressee,
    Cable,
    CableTag,
    CableVersion,
    Marking,
    Paragraph,
    Post,
    Reference,
    Tag,
)

_serial = itertools.count(1)


def post(name: str = "Embassy Testville", **fields) -> Post:
    return Post.objects.get_or_create(name=name, defaults=fields)[0]


def tag(code: str, kind: str = "subject", description: str = "") -> Tag:
    defaults = {"kind": kind, "description": description}
    return Tag.objects.get_or_create(code=code, defaults=defaults)[0]


def marking(code: str, kind: str = "caveat") -> Marking:
    return Marking.objects.get_or_create(code=code, defaults={"kind": kind, "name": code})[0]


def cable(
    reference_id: str | None = None,
    *,
    date_time: datetime | None = None,
    origin: str = "Embassy Testville",
    tags: tuple[str, ...] = (),
    caveats: tuple[str, ...] = (),
    to: tuple[str, ...] = (),
    info: tuple[str, ...] = (),
    paragraphs: tuple[tuple[str, str], ...] = (("U", "A synthetic paragraph."),),
    references: tuple[str, ...] = (),
    raw_text: str | None = None,
    **fields,
) -> Cable:
    """A cable with its version, paragraphs, tags, caveats, addressees and references."""
    serial = next(_serial)
    reference_id = reference_id or f"06TESTVILLE{serial}"
    date_time = date_time or datetime(2006, 4, 19, 13, 31, tzinfo=UTC)
    fields.setdefault("classification", "UNCLASSIFIED")
    fields.setdefault("subject", f"SYNTHETIC SUBJECT {serial}")
    # The facet columns follow the DECL, Classified By and signer strings, as at import.
    for name, value in normalised_fields(fields).items():
        fields.setdefault(name, value)
    body = "\n\n".join(text for _, text in paragraphs)
    new = Cable.objects.create(
        reference_id=reference_id,
        date_time=date_time,
        origin=post(origin),
        body=body,
        **fields,
    )
    raw = raw_text if raw_text is not None else f"{fields['subject']}\n\n{body}\n"
    version = CableVersion.objects.create(
        cable=new,
        raw_text=raw,
        raw_sha256=hashlib.sha256(raw.encode()).hexdigest(),
        source_format="text",
        source_path=f"synthetic/{reference_id}.txt",
    )
    new.current_version = version
    new.save(update_fields=["current_version"])
    _attach(new, tags, caveats, to, info, paragraphs, references)
    return new


def _attach(new, tags, caveats, to, info, paragraphs, references) -> None:
    CableTag.objects.bulk_create(
        CableTag(cable=new, tag=tag(code), position=i) for i, code in enumerate(tags)
    )
    new.caveats.set([marking(code) for code in caveats])
    addressees = [("TO", name) for name in to] + [("INFO", name) for name in info]
    Addressee.objects.bulk_create(
        Addressee(cable=new, post=post(name), role=role, name=name, position=i)
        for i, (role, name) in enumerate(addressees)
    )
    Paragraph.objects.bulk_create(
        Paragraph(cable=new, position=i, number=i + 1, marking=mark, text=text)
        for i, (mark, text) in enumerate(paragraphs)
    )
    Reference.objects.bulk_create(
        Reference(cable=new, target_reference_id=target, label=chr(65 + i), position=i)
        for i, target in enumerate(references)
    )


CURATOR_PASSWORD = "a-long-curator-password-7"


def curator(username: str = "curator", password: str = CURATOR_PASSWORD, **fields):
    """A staff account in the `curator` group, as `manage.py createcurator` makes one."""
    from django.contrib.auth import get_user_model

    from cableroom.curation.roles import ensure_curator_group

    user = get_user_model().objects.create_user(
        username, password=password, is_staff=True, **fields
    )
    user.groups.add(ensure_curator_group())
    return user


def version(
    cable_: Cable, raw_text: str, *, source_format: str = "text", current: bool = True, **fields
) -> CableVersion:
    """Another published copy of a cable; it becomes the current one unless told otherwise."""
    fields.setdefault("source_path", f"synthetic/{cable_.reference_id}.{source_format}")
    added = CableVersion.objects.create(
        cable=cable_,
        raw_text=raw_text,
        raw_sha256=hashlib.sha256(raw_text.encode()).hexdigest(),
        source_format=source_format,
        **fields,
    )
    cable_.version_count = cable_.versions.count()
    if current:
        cable_.current_version = added
    cable_.save(update_fields=["version_count", "current_version"])
    return added


def browse_sample() -> list[Cable]:
    """Six cables whose tags, posts, addressees, caveats and dates overlap in every way
    the browse tests need (OR within a facet, AND across, NOT, TO-only addressees)."""
    from datetime import UTC, datetime

    def when(year, month=1, day=1):
        return datetime(year, month, day, 12, 0, tzinfo=UTC)

    astana, moscow, state = "Embassy Astana", "Embassy Moscow", "Secretary of State"
    return [
        cable("05ASTANA1", date_time=when(2005, 3), origin=astana, tags=("PREL", "KZ"),
              caveats=("SIPDIS",), to=(state,), info=(moscow,), classification="CONFIDENTIAL",
              subject="BORDER TALKS", paragraphs=(("C", "Talks on oil and the border."),)),
        cable("06ASTANA2", date_time=when(2006, 4, 19), origin=astana, tags=("PGOV", "KZ"),
              to=(state,), classification="UNCLASSIFIED", subject="NARCOTICS",
              paragraphs=(("U", "Heroin seizures at the border."),)),
        cable("06MOSCOW3", date_time=when(2006, 4, 2), origin=moscow, tags=("PREL", "RS"),
              caveats=("NOFORN", "SIPDIS"), to=(state,), info=(astana,),
              classification="SECRET", subject="IRAN NUCLEAR PROGRAM",
              paragraphs=(("S", "The nuclear program was discussed."),)),
        cable("06MOSCOW4", date_time=when(2006, 11), origin=moscow, tags=("ECON", "RS"),
              to=(astana,), classification="UNCLASSIFIED", subject="OIL",
              paragraphs=(("U", "Oil exports rose."),)),
        cable("07STATE5", date_time=when(2007, 1), origin=state, tags=("PREL", "PGOV"),
              to=(moscow, astana), classification="CONFIDENTIAL", subject="GUIDANCE",
              paragraphs=(("C", "Guidance on the nuclear program."),)),
        cable("07STATE6", date_time=when(2007, 6), origin=state, tags=("KZ",),
              to=(astana,), info=(moscow,), classification="UNCLASSIFIED", subject="TRAVEL",
              paragraphs=(("U", "Travel notes."),)),
    ]  # fmt: skip


def similar(cable: Cable, *others: Cable) -> None:
    """Store `others` as the cable's nearest cables by meaning, nearest first, as
    `manage.py embed_cables` does (the scores are made up, falling with the rank)."""
    from cableroom.models import SimilarCable

    SimilarCable.objects.bulk_create(
        SimilarCable(cable=cable, similar=other, rank=rank, score=1 - rank / 100)
        for rank, other in enumerate(others, start=1)
    )
