"""The page cache: anonymous readers share stored pages, which go stale the moment any
cable changes (an import, a curator's edit), and nobody with a session ever gets or
leaves a stored page. A stored page is served with one query: the generation check."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse

from cableroom.curation.edits import edit_cable
from cableroom.web import file_cache
from cableroom.web.page_cache import CACHE_ALIAS, is_cacheable_response
from tests import factories
from tests.import_inputs import cable_text, reference_id

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches[CACHE_ALIAS].clear()
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def wheat_cable():
    return factories.cable("06TESTVILLE7", subject="WHEAT HARVEST", tags=("PREL",))


@pytest.mark.parametrize(
    "path", ["/cables/", "/cables/?tag=PREL", "/cables.json", "/cable/06TESTVILLE7/", "/"]
)
def test_a_second_anonymous_reader_gets_the_stored_page_for_one_query(
    client, wheat_cable, path, django_assert_num_queries
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the generation, nothing else
        second = client.get(path)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_the_text_form_keeps_its_headers_when_stored(client, wheat_cable):
    first = client.get("/cable/06TESTVILLE7.txt")
    second = client.get("/cable/06TESTVILLE7.txt")
    assert second.content == first.content
    assert second["Content-Type"] == "text/plain; charset=utf-8"
    assert second["Link"] == first["Link"]


def test_a_curators_edit_makes_the_stored_pages_stale_at_once(client, wheat_cable):
    assert b"WHEAT HARVEST" in client.get("/cable/06TESTVILLE7/").content
    assert b"WHEAT HARVEST" in client.get("/cables/?tag=PREL").content
    edit_cable(cable=wheat_cable, values={"subject": "BARLEY HARVEST"}, user=factories.curator())
    assert b"BARLEY HARVEST" in client.get("/cable/06TESTVILLE7/").content
    browse = client.get("/cables/?tag=PREL").content
    assert b"BARLEY HARVEST" in browse and b"WHEAT HARVEST" not in browse


def test_an_import_makes_the_stored_pages_stale_at_once(client, wheat_cable, tmp_path):
    new_id = reference_id(serial=4242)
    missing = client.get(f"/cable/{new_id}/")
    assert missing.status_code == 404
    count_before = client.get("/cables.json").json()["count"]
    (tmp_path / "new.txt").write_text(cable_text(serial=4242), encoding="utf-8")
    call_command("import_cables", str(tmp_path), "--workers", "0", stdout=io.StringIO())
    assert client.get(f"/cable/{new_id}/").status_code == 200
    assert client.get("/cables.json").json()["count"] == count_before + 1


def test_a_withdrawn_cable_is_gone_from_the_next_request(client, wheat_cable):
    assert client.get("/cable/06TESTVILLE7.txt").status_code == 200
    from cableroom.curation.edits import withdraw_cable

    withdraw_cable(cable=wheat_cable, reason="Test", user=factories.curator())
    assert client.get("/cable/06TESTVILLE7.txt").status_code == 410


def test_a_stored_page_says_how_to_revalidate_and_answers_304(client, wheat_cable):
    page = client.get("/cable/06TESTVILLE7/")
    assert page["ETag"].startswith('"') and page["ETag"].endswith('"')
    assert page["Cache-Control"] == "no-cache"
    assert "Cookie" in page["Vary"]
    again = client.get("/cable/06TESTVILLE7/", headers={"if-none-match": page["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == page["ETag"]


def test_an_old_etag_gets_the_new_page_after_an_edit(client, wheat_cable):
    etag = client.get("/cable/06TESTVILLE7/")["ETag"]
    edit_cable(cable=wheat_cable, values={"subject": "BARLEY HARVEST"}, user=factories.curator())
    fresh = client.get("/cable/06TESTVILLE7/", headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert b"BARLEY HARVEST" in fresh.content
    assert fresh["ETag"] != etag


def test_a_curator_never_gets_the_stored_page_and_never_stores_one(
    client, wheat_cable, page_cache, django_assert_max_num_queries
):
    client.get("/cable/06TESTVILLE7/")  # an anonymous reader stores the page
    client.force_login(factories.curator())
    with django_assert_max_num_queries(100) as queries:
        page = client.get("/cable/06TESTVILLE7/")
    assert read_the_cable(queries)  # the view ran: not served from the cache
    assert "ETag" not in page
    client.get("/cables/?tag=ECON")
    client.logout()
    page_cache.clear()
    client.force_login(factories.curator("second"))
    client.get("/cables/")
    assert not page_cache._cache  # nothing stored for anyone with a session


def test_a_request_with_a_csrf_cookie_is_not_served_from_the_cache(
    client, wheat_cable, django_assert_max_num_queries
):
    client.get("/cable/06TESTVILLE7/")
    client.cookies["csrftoken"] = "a" * 32
    with django_assert_max_num_queries(100) as queries:
        client.get("/cable/06TESTVILLE7/")
    assert read_the_cable(queries)


def read_the_cable(queries) -> bool:
    """Whether the cable page's view ran: a stored page reads the generation only, and the
    view's one query reads the paragraphs with the cable (on PostgreSQL by executing the
    statement prepared for it, see cableroom/reading/page_query.py)."""
    return any(
        "cableroom_paragraph" in query["sql"] or "EXECUTE cableroom_cable_page" in query["sql"]
        for query in queries.captured_queries
    )


def test_the_admin_and_the_health_check_are_never_stored(client, page_cache):
    client.get("/admin/login/")
    client.get("/healthz")
    assert not page_cache._cache


def test_a_post_or_head_goes_to_the_view(client, wheat_cable, django_assert_max_num_queries):
    client.get("/cable/06TESTVILLE7/")
    with django_assert_max_num_queries(100) as queries:
        client.head("/cable/06TESTVILLE7/")
    assert read_the_cable(queries)


def test_the_cache_off_stores_nothing(client, wheat_cable, settings, page_cache):
    settings.PAGE_CACHE_ENABLED = False
    page = client.get("/cable/06TESTVILLE7/")
    assert "ETag" not in page
    assert not page_cache._cache


def test_a_broken_cache_costs_the_page_not_the_site(client, wheat_cable, page_cache, monkeypatch):
    def broken(*args, **kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(page_cache, "get", broken)
    monkeypatch.setattr(page_cache, "set", broken)
    page = client.get("/cable/06TESTVILLE7/")
    assert page.status_code == 200
    assert b"WHEAT HARVEST" in page.content


def _response(**headers) -> HttpResponse:
    response = HttpResponse(b"<p>page</p>")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_responses_only_one_reader_may_see_are_not_stored():
    assert is_cacheable_response(_response())
    with_cookie = _response()
    with_cookie.set_cookie("csrftoken", "x")
    assert not is_cacheable_response(with_cookie)
    assert not is_cacheable_response(HttpResponse(b'<input name="csrfmiddlewaretoken">'))
    assert not is_cacheable_response(_response(Cache_Control="private"))
    assert not is_cacheable_response(_response(Cache_Control="no-store"))
    assert not is_cacheable_response(_response(Vary="Accept-Language"))
    assert is_cacheable_response(_response(Vary="Cookie"))
    assert not is_cacheable_response(HttpResponse(b"oops", status=500))
    assert not is_cacheable_response(HttpResponse(b"bad", status=400))


def test_the_file_cache_culls_when_full(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_CHECK_EVERY", 1)
    cache = file_cache.PageFileCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 6, "CULL_FREQUENCY": 2}}
    )
    for number in range(20):
        cache.set(f"page:{number}", b"x" * 100)
    assert len(list(tmp_path.glob("*.djcache"))) <= 6
    assert cache.get("page:19") == b"x" * 100


def test_the_file_cache_lists_its_folder_only_now_and_then(tmp_path, monkeypatch):
    listings = []
    cache = file_cache.PageFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    original = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or original())
    for number in range(2 * file_cache.CULL_CHECK_EVERY):
        cache.set(f"page:{number}", b"x")
    assert len(listings) == 2


def test_a_public_note_makes_the_stored_cable_page_stale_at_once(client, wheat_cable):
    from cableroom.curation.edits import delete_note, save_note
    from cableroom.models import Note

    curator = factories.curator()
    assert b"Harvest figures are provisional." not in client.get("/cable/06TESTVILLE7/").content
    note = Note(cable=wheat_cable, text="Harvest figures are provisional.", is_public=True)
    save_note(note=note, user=curator)
    assert b"Harvest figures are provisional." in client.get("/cable/06TESTVILLE7/").content
    delete_note(note=note, user=curator)
    assert b"Harvest figures are provisional." not in client.get("/cable/06TESTVILLE7/").content


def test_a_page_answered_from_the_previous_index_is_served_not_kept(
    client, wheat_cable, monkeypatch
):
    """While another thread builds the current generation's index, a page rendered from
    the previous one is right for a moment, not for the whole generation."""
    from cableroom.browse import index as browse_index_module

    real = browse_index_module.browse_index

    def behind(**options):
        index = real(**options)
        browse_index_module._behind.set(True)
        return index

    monkeypatch.setattr("cableroom.browse.engine.browse_index", behind)
    first = client.get("/cables/?tag=PREL")
    assert first.status_code == 200 and b"06TESTVILLE7" in first.content
    assert "public" not in first.get("Cache-Control", "")
    assert b"the archive as it stood" in first.content  # and it says so
    monkeypatch.setattr("cableroom.browse.engine.browse_index", real)
    kept = client.get("/cables/?tag=PREL")  # rendered in step, and now kept
    assert kept.status_code == 200 and b"the archive as it stood" not in kept.content

    def not_rendered(**options):
        raise AssertionError("rendered again: the page was not kept")

    monkeypatch.setattr("cableroom.browse.engine.browse_index", not_rendered)
    stored = client.get("/cables/?tag=PREL")
    assert stored.content == kept.content
