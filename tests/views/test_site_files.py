"""`/favicon.ico` is a real icon on every page, and counts readers see are grouped by
thousands ("1,200 cables")."""

import struct
from datetime import UTC, datetime

import pytest

from cableroom.models import Cable, CableTag
from tests import factories

pytestmark = pytest.mark.django_db

MANY = 1200


def test_favicon_is_an_icon_with_the_sizes_browsers_ask_for(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert "max-age=86400" in response["Cache-Control"]
    icon = response.content
    reserved, kind, count = struct.unpack("<HHH", icon[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for number in range(count):
        width, height, *_, length, offset = struct.unpack(
            "<BBBBHHII", icon[6 + 16 * number :][:16]
        )
        assert icon[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(icon)
        sizes.append((width, height))
    assert sizes == [(16, 16), (32, 32), (48, 48)]


@pytest.mark.parametrize("path", ["/", "/cables/", "/tags/", "/missing/"])
def test_every_page_names_the_icon(client, path):
    html = client.get(path).content.decode()
    assert 'rel="icon" href="/static/cableroom/img/favicon.ico"' in html
    assert 'rel="icon" href="/static/cableroom/img/favicon.svg"' in html


def test_the_icons_named_are_served(client):
    from django.contrib.staticfiles import finders

    for name in ("cableroom/img/favicon.ico", "cableroom/img/favicon.svg"):
        assert finders.find(name), name


@pytest.fixture
def many_cables(db):
    """MANY cables of one day, all tagged PREL, and one more from elsewhere."""
    when = datetime(2006, 4, 19, 12, 0, tzinfo=UTC)
    cables = Cable.objects.bulk_create(
        Cable(
            reference_id=f"06BULK{serial}",
            date_time=when,
            year=2006,
            month=4,
            classification="UNCLASSIFIED",
            subject=f"BULK {serial}",
        )
        for serial in range(MANY)
    )
    prel = factories.tag("PREL")
    CableTag.objects.bulk_create(CableTag(cable=cable, tag=prel) for cable in cables)
    factories.cable("06ASTANA33", tags=("KZ",))
    return cables


def test_counts_have_thousands_separators(client, many_cables):
    total = f"{MANY + 1:,}"
    assert f"The archive holds {total} cables." in client.get("/").content.decode()
    browse = client.get("/cables/").content.decode()
    assert f"{total} cables" in browse
    assert 'aria-hidden="true">1,201</span>' in browse  # the UNCLASSIFIED facet value
    assert "2006: 1,201 cables" in browse  # the histogram's bar
    assert "1,200 cables" in client.get("/tags/").content.decode()
    facet = client.get("/cables/facets/classification/").content.decode()
    assert f"in {total} cables" in facet
    assert f"<subtitle>{total} matching cables</subtitle>" in client.get("/feed/").content.decode()
