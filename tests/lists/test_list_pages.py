"""Reading lists through their pages: add, note, move, remove, share, remember, refuse."""

import re

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from cableroom.models import ReadingList, ReadingListItem
from cableroom.views.reading_list_pages import REMEMBER_COOKIE
from cableroom.web import ratelimit
from tests.lists.helpers import add, csrf_token, edit_token

pytestmark = pytest.mark.django_db


def items_of(reading_list):
    return list(
        reading_list.items.order_by("position", "id").values_list(
            "cable__reference_id", "paragraph_position", "note"
        )
    )


def test_the_cable_page_offers_every_paragraph_without_a_token(client, listed_cables):
    page = client.get("/cable/06TESTVILLE1/").content.decode()
    form = page[page.index('class="add-to-list"') :]
    assert 'method="get" action="/lists/add/"' in form
    assert re.findall(r'<option value="(p\d)"', form) == ["p1", "p2", "p3"]
    # No CSRF token: the page can still be cached for every reader.
    assert "csrfmiddlewaretoken" not in page


def test_adding_to_a_new_list_redirects_to_its_edit_address(browser_client, listed_cables):
    response = add(browser_client, "06TESTVILLE1", note="Read first.")
    assert response.status_code == 303
    token = edit_token(response)
    reading_list = ReadingList.objects.get(edit_token=token)
    assert response["Location"].endswith(f"#item-{reading_list.items.get().pk}")
    assert items_of(reading_list) == [("06TESTVILLE1", None, "Read first.")]
    assert REMEMBER_COOKIE not in response.cookies, "no cookie unless the reader asks"
    page = browser_client.get(f"/lists/{token}/")
    body = page.content.decode()
    assert "Bookmark this page" in body
    assert f"/lists/shared/{reading_list.share_token}/" in body
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_a_paragraph_and_more_cables_go_to_the_same_list_in_order(browser_client, listed_cables):
    token = edit_token(add(browser_client, "06TESTVILLE1"))
    address = f"http://testserver/lists/{token}/"
    assert add(browser_client, "06TESTVILLE2", "p2", list=address).status_code == 303
    assert add(browser_client, "06TESTVILLE3", list=token).status_code == 303
    # Adding the same thing again changes nothing.
    assert add(browser_client, "06TESTVILLE3", list=token).status_code == 303
    reading_list = ReadingList.objects.get(edit_token=token)
    assert items_of(reading_list) == [
        ("06TESTVILLE1", None, ""),
        ("06TESTVILLE2", 1, ""),
        ("06TESTVILLE3", None, ""),
    ]
    page = browser_client.get(f"/lists/{token}/").content.decode()
    assert "06TESTVILLE2 ¶2" in page
    assert "Second paragraph on rail tariffs." in page
    assert 'href="http://testserver/cable/06TESTVILLE2/#p2"' in page


def test_notes_moves_and_removal(browser_client, listed_cables):
    token = edit_token(add(browser_client, "06TESTVILLE1"))
    for cable in ("06TESTVILLE2", "06TESTVILLE3"):
        add(browser_client, cable, list=token)
    reading_list = ReadingList.objects.get(edit_token=token)
    first, second, third = reading_list.items.order_by("position")
    form_token = csrf_token(browser_client, f"/lists/{token}/")

    def change(item, **data):
        path = f"/lists/{token}/items/{item.pk}/"
        return browser_client.post(path, {"csrfmiddlewaretoken": form_token, **data})

    assert change(second, action="save", note="Key passage.\r\nSee also ¶4.").status_code == 303
    assert change(third, action="up").status_code == 303
    assert change(first, action="down").status_code == 303
    assert [row[0] for row in items_of(reading_list)] == [
        "06TESTVILLE3",
        "06TESTVILLE1",
        "06TESTVILLE2",
    ]
    assert change(first, action="remove").status_code == 303
    assert items_of(reading_list) == [
        ("06TESTVILLE3", None, ""),
        ("06TESTVILLE2", None, "Key passage.\nSee also ¶4."),
    ]


def test_the_shared_address_reads_but_cannot_edit(browser_client, listed_cables):
    token = edit_token(add(browser_client, "06TESTVILLE1", note="mine"))
    reading_list = ReadingList.objects.get(edit_token=token)
    item = reading_list.items.get()
    shared = browser_client.get(f"/lists/shared/{reading_list.share_token}/")
    body = shared.content.decode()
    assert shared.status_code == 200
    assert "06TESTVILLE1" in body and "mine" in body
    assert token not in body, "the share page never shows the edit address"
    assert "<form" not in body.split('id="main"')[1]
    form_token = csrf_token(browser_client, f"/lists/{token}/")
    share = reading_list.share_token
    attempts = [
        (f"/lists/shared/{share}/", {"title": "taken"}),
        (f"/lists/{share}/", {"title": "taken"}),
        (f"/lists/{share}/items/{item.pk}/", {"action": "remove"}),
        ("/lists/add/", {"cable": "06TESTVILLE2", "list": share}),
    ]
    statuses = [
        browser_client.post(path, {"csrfmiddlewaretoken": form_token, **data}).status_code
        for path, data in attempts
    ]
    assert statuses == [405, 404, 404, 400]
    reading_list.refresh_from_db()
    assert reading_list.title == "" and items_of(reading_list) == [("06TESTVILLE1", None, "mine")]


def test_a_withdrawn_cable_in_a_list_shows_as_withdrawn(browser_client, listed_cables):
    token = edit_token(add(browser_client, "06TESTVILLE1"))
    add(browser_client, "06TESTVILLE2", list=token)
    listed_cables[0].withdrawn_at = timezone.now()
    listed_cables[0].save(update_fields=["withdrawn_at"])
    share = ReadingList.objects.get(edit_token=token).share_token
    for path in (f"/lists/{token}/", f"/lists/shared/{share}/"):
        body = browser_client.get(path).content.decode()
        withdrawn = body[body.index('class="list-item withdrawn"') :]
        assert "withdrawn from the archive" in withdrawn.split("</li>")[0]
        assert 'href="http://testserver/cable/06TESTVILLE1/"' not in body
        assert 'href="http://testserver/cable/06TESTVILLE2/"' in body
    # And nobody adds a withdrawn cable.
    refused = add(browser_client, "06TESTVILLE2")
    assert refused.status_code == 303
    assert browser_client.get("/lists/add/", {"cable": "06TESTVILLE1"}).status_code == 400


def test_csrf_protection_stays_on(browser_client, listed_cables):
    response = browser_client.post("/lists/add/", {"cable": "06TESTVILLE1"})
    assert response.status_code == 403
    assert not ReadingList.objects.exists()


@pytest.mark.parametrize(
    ("data", "parameter"),
    [
        ({}, "cable"),
        ({"cable": "06NOWHERE1"}, "cable"),
        ({"cable": "06TESTVILLE1", "paragraph": "p9"}, "paragraph"),
        ({"cable": "06TESTVILLE1", "list": "not a list"}, "list"),
        ({"cable": "06TESTVILLE1", "list": "A" * 43}, "list"),
        ({"cable": "06TESTVILLE1", "note": "x" * 2001}, "note"),
        ({"cable": "06TESTVILLE1", "title": "t" * 201}, "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, listed_cables, data, parameter):
    response = client.post("/lists/add/", data)
    assert response.status_code == 400
    assert f"<code>{parameter}</code>:" in response.content.decode()
    assert not ReadingListItem.objects.exists()


def test_bad_item_changes_are_400s_naming_the_parameter(client, listed_cables):
    token = edit_token(add(client, "06TESTVILLE1"))
    item = ReadingListItem.objects.get()
    path = f"/lists/{token}/items/{item.pk}/"
    for data, parameter in [
        ({"action": "explode"}, "action"),
        ({"action": "save", "note": "n" * 2001}, "note"),
    ]:
        response = client.post(path, data)
        assert response.status_code == 400
        assert f"<code>{parameter}</code>:" in response.content.decode()
    response = client.post(f"/lists/{token}/remember/", {"remember": "maybe"})
    assert response.status_code == 400 and "<code>remember</code>" in response.content.decode()


def test_unknown_list_addresses_are_404(client, listed_cables):
    for path in ("/lists/" + "A" * 43 + "/", "/lists/shared/" + "A" * 43 + "/", "/lists/short/"):
        assert client.get(path).status_code == 404


def test_remembering_is_the_readers_choice(client, listed_cables):
    response = add(client, "06TESTVILLE1", remember="1")
    token = edit_token(response)
    cookie = response.cookies[REMEMBER_COOKIE]
    assert cookie.value == token
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/lists/"
    # The "add" page now offers the remembered list first.
    offer = client.get("/lists/add/", {"cable": "06TESTVILLE2"}).content.decode()
    assert f'name="list" value="{token}"' in offer
    assert "This browser remembers this list" in client.get(f"/lists/{token}/").content.decode()
    forgotten = client.post(f"/lists/{token}/remember/", {"remember": "0"})
    assert forgotten.cookies[REMEMBER_COOKIE].value == ""
    assert forgotten.cookies[REMEMBER_COOKIE]["max-age"] == 0


def test_a_list_holds_at_most_the_cap(client, listed_cables, settings):
    settings.READING_LIST_MAX_ITEMS = 2
    token = edit_token(add(client, "06TESTVILLE1"))
    assert add(client, "06TESTVILLE2", list=token).status_code == 303
    refused = add(client, "06TESTVILLE3", list=token)
    assert refused.status_code == 400
    assert "<code>cable</code>: This list holds 2 items" in refused.content.decode()
    assert ReadingListItem.objects.count() == 2


def test_one_address_may_start_only_so_many_lists_a_day(client, listed_cables, settings):
    settings.READING_LISTS_PER_CLIENT_PER_DAY = 2
    assert client.post("/lists/", {"title": "one"}).status_code == 303
    assert add(client, "06TESTVILLE1").status_code == 303
    refused = client.post("/lists/", {"title": "three"})
    assert refused.status_code == 429
    assert "<code>list</code>" in refused.content.decode()
    # Another address is counted apart.
    assert client.post("/lists/", REMOTE_ADDR="192.0.2.7").status_code == 303
    assert ReadingList.objects.count() == 3


def test_list_changes_and_exports_are_rate_limited(client, listed_cables):
    token = edit_token(add(client, "06TESTVILLE1"))
    share = ReadingList.objects.get().share_token
    caches[ratelimit.CACHE_ALIAS].clear()
    with override_settings(RATE_LIMIT_PER_MINUTE=60, RATE_LIMIT_BURST=3):
        statuses = [
            client.post(f"/lists/{token}/", {"title": str(n)}).status_code for n in range(3)
        ]
        statuses.append(client.get(f"/lists/shared/{share}/list.bib").status_code)
        # Reading the list is cheap and never limited.
        statuses.append(client.get(f"/lists/{token}/").status_code)
    caches[ratelimit.CACHE_ALIAS].clear()
    assert statuses == [303, 303, 303, 429, 200]


def test_reading_a_list_costs_a_fixed_number_of_queries(
    client, listed_cables, django_assert_max_num_queries
):
    token = edit_token(add(client, "06TESTVILLE1"))
    for cable, paragraph in [("06TESTVILLE2", "p1"), ("06TESTVILLE3", "p3"), ("06TESTVILLE4", "")]:
        add(client, cable, paragraph, list=token)
    share = ReadingList.objects.get().share_token
    # The list, its items with their cables, the paragraphs of the paragraph items, and
    # the page header's "synthetic data" check.
    with django_assert_max_num_queries(4):
        assert client.get(f"/lists/shared/{share}/").status_code == 200


HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "x" * 5000, "\u202e\U0001f600", "%00", " "]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("parameter", ["cable", "paragraph", "list", "note", "title"])
def test_hostile_input_never_breaks_a_list_page(client, listed_cables, parameter, value):
    data = {"cable": "06TESTVILLE1", parameter: value}
    for response in (client.get("/lists/add/", data), client.post("/lists/add/", data)):
        assert response.status_code in (200, 303, 400), response.status_code
        assert "<script>alert" not in response.content.decode()
