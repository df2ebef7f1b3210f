"""Tag pages in the admin: edits recorded, merge and split through their forms."""

import pytest
from django.urls import reverse

from cableroom.models import CableTag, Change, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def test_merging_through_the_admin_moves_every_cable(curator_client):
    cables = [factories.cable(tags=("ZZOLD",)) for _ in range(3)]
    old, new = Tag.objects.get(code="ZZOLD"), factories.tag("ZZNEW")
    url = reverse("admin:cableroom_tag_merge", args=[old.pk])
    assert curator_client.get(url).status_code == 200
    assert curator_client.post(url, {"target": new.pk}).status_code == 302
    assert CableTag.objects.filter(tag=new).count() == len(cables)
    assert not CableTag.objects.filter(tag=old).exists()
    assert Tag.objects.resolve("ZZOLD") == new


def test_splitting_through_the_admin(curator_client):
    cable = factories.cable(tags=("ZZAAZZBB",))
    glued = Tag.objects.get(code="ZZAAZZBB")
    url = reverse("admin:cableroom_tag_split", args=[glued.pk])
    assert curator_client.post(url, {"codes": "ZZAA, ZZBB"}).status_code == 302
    assert list(cable.cable_tags.values_list("tag__code", flat=True)) == ["ZZAA", "ZZBB"]


def test_editing_a_description_is_recorded(curator_client):
    tag = factories.tag("ZZTAG", description="")
    url = reverse("admin:cableroom_tag_change", args=[tag.pk])
    data = {"kind": "subject", "description": "A test subject", "description_source": "curator"}
    assert curator_client.post(url, data).status_code == 302
    fields = set(Change.objects.filter(object_id=str(tag.pk)).values_list("field", flat=True))
    assert fields == {"description", "description_source"}


def test_the_tag_list_shows_cable_counts(curator_client):
    factories.cable(tags=("ZZCOUNT",))
    factories.cable(tags=("ZZCOUNT",))
    response = curator_client.get(reverse("admin:cableroom_tag_changelist"), {"q": "ZZCOUNT"})
    [row] = response.context["cl"].result_list
    assert row.cable_total == 2
