"""Merging and splitting tags: every cable moves, counts follow, old codes resolve, undo works."""

import pytest
from django.db.models import Count

from cableroom.curation import edits as curation
from cableroom.curation.tag_merges import TagCurationError
from cableroom.models import Cable, CableTag, Change, ChangeAction, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def tag_counts() -> dict[str, int]:
    """What a tag facet counts: cables per tag code."""
    rows = CableTag.objects.values("tag__code").annotate(n=Count("cable", distinct=True))
    return {row["tag__code"]: row["n"] for row in rows}


def codes(cable: Cable) -> list[str]:
    return list(cable.cable_tags.order_by("position").values_list("tag__code", flat=True))


@pytest.fixture
def tagged():
    """Three cables on the misspelt PRELL, one of which already has PREL, one on PREL only."""
    return {
        "only_old": factories.cable(tags=("KZ", "PRELL", "PGOV")),
        "old_and_new": factories.cable(tags=("PRELL", "PREL")),
        "only_new": factories.cable(tags=("PREL",)),
        "old_again": factories.cable(tags=("PRELL",)),
    }


def test_merging_moves_every_cable_and_the_counts_follow(tagged, curator):
    before = tag_counts()
    old, new = Tag.objects.get(code="PRELL"), Tag.objects.get(code="PREL")
    curation.merge_tags(source=old, target=new, user=curator)
    after = tag_counts()
    assert "PRELL" not in after
    # Every cable that had either tag now has PREL, once.
    assert after["PREL"] == len(
        set(Cable.objects.filter(cable_tags__tag__code__in=["PREL"]).values_list("pk"))
    )
    assert after["PREL"] == 4 == before["PREL"] + before["PRELL"] - 1
    assert codes(tagged["only_old"]) == ["KZ", "PREL", "PGOV"]  # keeps its place
    assert codes(tagged["old_and_new"]) == ["PREL"]
    old.refresh_from_db()
    assert old.merged_into == new


def test_the_old_code_resolves_to_the_new_tag(tagged, curator):
    old, new = Tag.objects.get(code="PRELL"), Tag.objects.get(code="PREL")
    curation.merge_tags(source=old, target=new, user=curator)
    assert Tag.objects.resolve("PRELL") == new
    assert Tag.objects.resolve("PREL") == new
    assert Tag.objects.resolve("NOSUCH") is None


def test_merging_into_a_merged_tag_goes_to_the_end_of_the_chain(tagged, curator):
    a, b, c = (factories.tag(code) for code in ("AAAA", "BBBB", "CCCC"))
    factories.cable(tags=("AAAA",))
    curation.merge_tags(source=b, target=c, user=curator)
    curation.merge_tags(source=a, target=b, user=curator)
    a.refresh_from_db()
    assert a.merged_into == c
    assert tag_counts()["CCCC"] == 1


def test_codes_merged_into_the_old_tag_follow_it(curator):
    a, b, c = (factories.tag(code) for code in ("AAAA", "BBBB", "CCCC"))
    curation.merge_tags(source=a, target=b, user=curator)
    curation.merge_tags(source=b, target=c, user=curator)
    assert Tag.objects.get(code="AAAA").merged_into == c


def test_merge_is_recorded_per_cable(tagged, curator):
    old, new = Tag.objects.get(code="PRELL"), Tag.objects.get(code="PREL")
    batch = curation.merge_tags(source=old, target=new, user=curator)
    parts = {p.cable_id: p for p in batch.parts.all()}
    assert set(parts) == {tagged[k].pk for k in ("only_old", "old_and_new", "old_again")}
    part = parts[tagged["only_old"].pk]
    assert (part.before, part.after) == (["KZ", "PRELL", "PGOV"], ["KZ", "PREL", "PGOV"])
    assert part.user == curator and part.action == ChangeAction.MERGE


def test_a_merge_can_be_reverted(tagged, curator):
    before = {key: codes(cable) for key, cable in tagged.items()}
    old, new = Tag.objects.get(code="PRELL"), Tag.objects.get(code="PREL")
    batch = curation.merge_tags(source=old, target=new, user=curator)
    curation.revert_change(change=batch, user=curator)
    assert {key: codes(cable) for key, cable in tagged.items()} == before
    assert Tag.objects.get(code="PRELL").merged_into is None


def test_merge_refuses_itself_and_a_second_merge(curator):
    a, b = factories.tag("AAAA"), factories.tag("BBBB")
    with pytest.raises(TagCurationError):
        curation.merge_tags(source=a, target=a, user=curator)
    curation.merge_tags(source=a, target=b, user=curator)
    with pytest.raises(TagCurationError):
        curation.merge_tags(source=a, target=factories.tag("CCCC"), user=curator)


def test_splitting_a_glued_tag_gives_every_cable_the_parts(curator):
    glued_first = factories.cable(tags=("MASSMNUC", "BR"))
    glued_with_part = factories.cable(tags=("MNUC", "MASSMNUC"))
    glued = Tag.objects.get(code="MASSMNUC")
    batch = curation.split_tag(tag=glued, into=["MASS", "mnuc"], user=curator)
    assert codes(glued_first) == ["MASS", "MNUC", "BR"]
    assert codes(glued_with_part) == ["MNUC", "MASS"]
    assert "MASSMNUC" not in tag_counts()
    assert "tags" in Cable.objects.get(pk=glued_first.pk).curated_fields
    assert batch.parts.count() == 2


def test_a_split_can_be_reverted(curator):
    cable = factories.cable(tags=("MASSMNUC", "BR"))
    glued = Tag.objects.get(code="MASSMNUC")
    batch = curation.split_tag(tag=glued, into=["MASS", "MNUC"], user=curator)
    curation.revert_change(change=batch, user=curator)
    assert codes(cable) == ["MASSMNUC", "BR"]
    assert Cable.objects.get(pk=cable.pk).curated_fields == []
    assert Change.objects.filter(revert_of=batch).exists()


def test_split_needs_two_new_codes(curator):
    glued = factories.tag("MASSMNUC")
    with pytest.raises(TagCurationError):
        curation.split_tag(tag=glued, into=["MASS"], user=curator)
    with pytest.raises(TagCurationError):
        curation.split_tag(tag=glued, into=["MASSMNUC", "MASS"], user=curator)
