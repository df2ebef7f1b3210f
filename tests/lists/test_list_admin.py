"""Curators see readers' lists and delete them; they cannot edit them or see their keys."""

import pytest

from cableroom.lists import editing
from cableroom.models import ReadingList, ReadingListItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading_list(listed_cables):
    made = editing.create_list("192.0.2.1", "Spam and eggs")
    editing.add_item(made, listed_cables[0], None, "a note")
    editing.add_item(made, listed_cables[1], 1)
    return made


def test_curators_see_a_list_without_its_tokens(curator_client, reading_list):
    listing = curator_client.get("/admin/cableroom/readinglist/")
    assert listing.status_code == 200
    assert "Spam and eggs" in listing.content.decode()
    page = curator_client.get(f"/admin/cableroom/readinglist/{reading_list.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "06TESTVILLE1" in body and "a note" in body
    assert reading_list.edit_token not in body and reading_list.share_token not in body
    assert 'name="title"' not in body, "read only"
    found = curator_client.get("/admin/cableroom/readinglist/", {"q": "06TESTVILLE2"})
    assert "Spam and eggs" in found.content.decode()


def test_curators_delete_a_list_and_its_items(curator_client, reading_list):
    path = f"/admin/cableroom/readinglist/{reading_list.pk}/delete/"
    assert curator_client.get(path).status_code == 200
    assert curator_client.post(path, {"post": "yes"}).status_code == 302
    assert not ReadingList.objects.exists() and not ReadingListItem.objects.exists()


def test_nobody_adds_or_edits_lists_in_the_admin(curator_client, reading_list):
    assert curator_client.get("/admin/cableroom/readinglist/add/").status_code == 403
    path = f"/admin/cableroom/readinglist/{reading_list.pk}/change/"
    curator_client.post(path, {"title": "changed"})
    reading_list.refresh_from_db()
    assert reading_list.title == "Spam and eggs"


def test_readers_cannot_reach_the_list_admin(client, reading_list):
    response = client.get("/admin/cableroom/readinglist/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
