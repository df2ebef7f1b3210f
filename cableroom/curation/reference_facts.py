"""Bring the archive's tags and posts up to the reference facts after they change.

Migration 0002 loads the facts into an empty archive and imports only create the rows
they lack, so a fact that changes later (a tag's kind, an office's kind) reaches an
existing archive only through `refresh_reference_facts`. What a curator set stays:
a tag kind edited in the admin (recorded in the history) and any description already
written are left as they are.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cableroom import refdata
from cableroom.models import Change, Post, Tag
from cableroom.refdata.addressees import addressee_kind, office_name


@dataclass
class FactsRefresh:
    """How many rows a refresh changed."""

    tag_kinds: int = 0
    tag_descriptions: int = 0
    post_kinds: int = 0


def refresh_reference_facts() -> FactsRefresh:
    """Set tag kinds and blank descriptions from the facts, and give offices that are
    no post (no type yet) their kind; curators' edits stay."""
    result = FactsRefresh()
    with transaction.atomic():
        result.tag_kinds, result.tag_descriptions = _refresh_tags()
        result.post_kinds = _refresh_post_kinds()
    return result


def _refresh_tags() -> tuple[int, int]:
    facts = refdata.tags()
    curated = set(
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(Tag), field="kind"
        ).values_list("object_id", flat=True)
    )
    kinds, descriptions = [], []
    for tag in Tag.objects.only("code", "kind", "description", "description_source"):
        kind = facts[tag.code].kind if tag.code in facts else "other"
        if tag.kind != kind and str(tag.pk) not in curated:
            tag.kind = kind
            kinds.append(tag)
        fact = facts.get(tag.code)
        if fact and fact.description and not tag.description:
            tag.description, tag.description_source = fact.description, fact.description_source
            descriptions.append(tag)
    Tag.objects.bulk_update(kinds, ["kind"], batch_size=500)
    Tag.objects.bulk_update(descriptions, ["description", "description_source"], batch_size=500)
    return len(kinds), len(descriptions)


def _refresh_post_kinds() -> int:
    blank = list(Post.objects.filter(post_type="", addressed_cables__isnull=False).distinct())
    for post in blank:
        post.post_type = addressee_kind(office_name(post.name))
    Post.objects.bulk_update(blank, ["post_type"], batch_size=500)
    return len(blank)
