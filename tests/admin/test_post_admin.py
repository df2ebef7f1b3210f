"""Post pages in the admin: edits recorded, names by year kept, FM lines in cables shown."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cableroom.models import Change, Post, PostName
from tests import factories

pytestmark = pytest.mark.django_db


def post_data(post: Post, **changes) -> dict:
    data = {
        "name": post.name,
        "post_type": post.post_type,
        "city": post.city,
        "country": post.country,
        "station_codes": post.station_codes,
        "routing_indicators": post.routing_indicators,
        "from_lines": post.from_lines,
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_a_post_edit_and_its_names_by_year_are_kept(curator_client):
    post = factories.post("Embassy Zzville", city="Zzvile")
    url = reverse("admin:cableroom_post_change", args=[post.pk])
    data = post_data(
        post,
        city="Zzville",
        **{
            "names-TOTAL_FORMS": "1",
            "names-0-name": "AMEMBASSY ZZVILLE",
            "names-0-first_year": "1992",
            "names-0-last_year": "1997",
        },
    )
    assert curator_client.post(url, data).status_code == 302
    change = Change.objects.get(object_id=str(post.pk), field="city")
    assert (change.before, change.after) == ("Zzvile", "Zzville")
    name = PostName.objects.get(post=post)
    assert (name.name, name.first_year, name.last_year) == ("AMEMBASSY ZZVILLE", 1992, 1997)


def test_the_post_page_shows_the_fm_lines_its_cables_use_by_year(curator_client):
    for year, line in (
        (1990, "AMEMBASSY ZZVILLE"),
        (1995, "AMEMBASSY ZZVILLE"),
        (2001, "USOFFICE ZZVILLE"),
    ):
        factories.cable(
            origin="Embassy Zzville", from_line=line, date_time=datetime(year, 1, 1, tzinfo=UTC)
        )
    post = Post.objects.get(name="Embassy Zzville")
    page = curator_client.get(reverse("admin:cableroom_post_change", args=[post.pk]))
    text = page.content.decode()
    assert "AMEMBASSY ZZVILLE — 1990–1995 (2 cables)" in text
    assert "USOFFICE ZZVILLE — 2001–2001 (1 cable)" in text
