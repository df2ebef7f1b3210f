"""The browse page and its JSON, CSV and Atom forms, through real requests."""

from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest

from cableroom.browse.index import browse_index
from cableroom.models import Cable, CableTag, Tag
from tests.factories import cable, tag

JSON_FACETS = {
    "tag", "origin", "addressee", "classification", "caveat", "year",
    "declassify", "classified_by", "reason", "signer",
}  # fmt: skip
VALUE_KEYS = {"value", "label", "count", "selected", "toggle_url"}
RESULT_KEYS = {"reference_id", "date_time", "origin", "classification", "subject", "url"}


def _json(client, query=""):
    response = client.get(f"/cables.json?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _facet(data, name):
    return {value["value"]: value for value in data["facets"][name]}


def _refs(data):
    return {result["reference_id"] for result in data["results"]}


def test_page_shows_results_facets_and_histogram(client, browse_sample):
    response = client.get("/cables/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 cables" in html
    for reference_id in ("05ASTANA1", "07STATE6"):
        assert reference_id in html
    assert 'role="search"' in html and 'aria-label="Refine the results"' in html
    assert "<svg" in html and "?year=2006" in html
    assert "/cable/07STATE6/" in html


def test_json_has_exactly_the_documented_shape(client, browse_sample):
    data = _json(client)
    assert set(data) == {"count", "results", "facets"}
    assert data["count"] == 6
    assert set(data["facets"]) == JSON_FACETS
    assert all(set(result) == RESULT_KEYS for result in data["results"])
    assert all(set(v) == VALUE_KEYS for values in data["facets"].values() for v in values)
    newest = data["results"][0]
    assert newest["reference_id"] == "07STATE6"
    assert newest["url"].endswith("/cable/07STATE6/")
    assert newest["origin"] == "Secretary of State"


def test_facet_counts_over_the_current_results(client, browse_sample):
    data = _json(client)
    assert _facet(data, "tag")["PREL"]["count"] == 3
    assert _facet(data, "origin")["Embassy Moscow"]["count"] == 2
    assert _facet(data, "year")["2006"]["count"] == 3
    assert _facet(data, "caveat")["SIPDIS"]["count"] == 2
    assert _facet(data, "addressee")["Embassy Astana"]["count"] == 4
    narrowed = _json(client, "origin=Embassy+Moscow")
    assert narrowed["count"] == 2
    assert _facet(narrowed, "tag") == {
        code: _facet(narrowed, "tag")[code] for code in ("PREL", "RS", "ECON")
    }
    assert _facet(narrowed, "tag")["RS"]["count"] == 2


def test_addressee_switch_counts_only_to(client, browse_sample):
    to_only = _facet(_json(client, "addressee_role=TO"), "addressee")
    assert (to_only["Embassy Astana"]["count"], to_only["Embassy Moscow"]["count"]) == (3, 1)
    assert _facet(_json(client), "addressee")["Embassy Moscow"]["count"] == 3
    assert _refs(_json(client, "addressee=Embassy+Moscow&addressee_role=TO")) == {"07STATE5"}


def test_and_within_many_valued_facets_or_with_alternatives_and_not(client, browse_sample):
    assert _json(client, "tag=RS&tag=PGOV")["count"] == 0
    assert _refs(_json(client, "tag=PREL&tag=PGOV")) == {"07STATE5"}
    assert _json(client, "tag=RS|PGOV")["count"] == 4
    assert _refs(_json(client, "origin=Embassy+Moscow&origin=Secretary+of+State")) == {
        "06MOSCOW3", "06MOSCOW4", "07STATE5", "07STATE6",
    }  # fmt: skip
    assert _refs(_json(client, "tag=PREL&year=2006")) == {"06MOSCOW3"}
    assert _refs(_json(client, "tag=KZ&tag=-PGOV")) == {"05ASTANA1", "07STATE6"}
    assert _refs(_json(client, "classification=-UNCLASSIFIED&caveat=-NOFORN")) == {
        "05ASTANA1",
        "07STATE5",
    }


def test_toggle_urls_add_and_remove_values(client, browse_sample):
    data = _json(client, "tag=PREL&tag=-KZ&page=1")
    tags = _facet(data, "tag")
    assert tags["PREL"]["selected"] and not tags["KZ"]["selected"]
    assert _params(tags["PREL"]["toggle_url"]) == [("tag", "-KZ")]
    assert _params(tags["KZ"]["toggle_url"]) == [("tag", "PREL")]
    assert _params(tags["RS"]["toggle_url"]) == [("tag", "PREL"), ("tag", "-KZ"), ("tag", "RS")]
    assert urlsplit(tags["RS"]["toggle_url"]).path == "/cables.json"


def _params(url):
    return parse_qsl(urlsplit(url).query)


def test_truncated_facets_offer_more(client, browse_sample):
    for n in range(12):
        cable(f"08TESTVILLE{n}", origin=f"Embassy Test {n:02d}")
    html = client.get("/cables/").content.decode()
    assert "/cables/facets/origin/" in html
    more = client.get("/cables/facets/origin/?contains=test+0")
    assert more.status_code == 200
    page = more.content.decode()
    assert "Embassy Test 05" in page and "Embassy Test 11" not in page


def test_date_range_and_months(client, browse_sample):
    assert _refs(_json(client, "from=2006-04-02&to=2006-04-19")) == {"06MOSCOW3", "06ASTANA2"}
    assert _refs(_json(client, "month=2006-11")) == {"06MOSCOW4"}
    html = client.get("/cables/?year=2006").content.decode()
    assert "Cables per month in 2006" in html and "month=2006-04" in html


def test_sorting_and_pages(client, browse_sample):
    oldest = _json(client, "sort=date")["results"][0]["reference_id"]
    assert oldest == "05ASTANA1"
    for n in range(30):
        cable(f"99TESTVILLE{n}", date_time=datetime(1999, 1, 1, 0, n, tzinfo=UTC))
    second = _json(client, "page=2")
    assert second["count"] == 36 and len(second["results"]) == 11
    assert second["results"][-1]["reference_id"] == "99TESTVILLE0"


def test_relevance_puts_subject_matches_first(client, browse_sample):
    results = _json(client, "q=nuclear")["results"]
    assert [r["reference_id"] for r in results][0] == "06MOSCOW3"


def test_text_search_shows_marked_snippets(client, browse_sample):
    html = client.get("/cables/?q=heroin").content.decode()
    assert "<mark>Heroin</mark>" in html
    assert "1 cable" in html


@pytest.mark.parametrize(
    "query",
    [
        "tag=NOSUCHTAG",
        "from=2006-02-30",
        "month=2006-13",
        f"page={10**9}",
        "page=3",
        "sort=size",
        "q=" + "x" * 10_240,
        "q=-only",
        "q=tag:NOSUCHTAG",
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, browse_sample, query):
    for path in ("/cables/", "/cables.json", "/cables.csv", "/feed/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
    html = client.get(f"/cables/?{query}").content.decode()
    assert "could not" in html or "too long" in html


def test_id_in_the_query_box_opens_the_cable(client, browse_sample):
    for typed in ("06ASTANA2", "06 ASTANA 2", "ASTANA 000002"):
        response = client.get("/cables/", {"q": typed})
        assert response.status_code == 302
        assert response["Location"] == "/cable/06ASTANA2/"


def test_field_prefixes_become_parameters(client, browse_sample):
    response = client.get("/cables/", {"q": "tag:PREL -from:MOSCOW border", "year": "2005"})
    assert response.status_code == 302
    assert _params(response["Location"]) == [
        ("q", "border"),
        ("year", "2005"),
        ("tag", "PREL"),
        ("origin", "-Embassy Moscow"),
    ]


def test_merged_tag_redirects_to_its_target(client, browse_sample):
    old = tag("OLDPREL")
    Tag.objects.filter(pk=old.pk).update(merged_into=Tag.objects.get(code="PREL"))
    response = client.get("/cables/?tag=OLDPREL")
    assert response.status_code == 302 and _params(response["Location"]) == [("tag", "PREL")]


def test_atom_feed_follows_the_same_parameters(client, browse_sample):
    response = client.get("/feed/?tag=PREL")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 3 and "06MOSCOW3" in body and "07STATE6" not in body


def test_withdrawn_cables_appear_nowhere(client, browse_sample):
    Cable.objects.filter(reference_id="06MOSCOW3").update(withdrawn_at=datetime.now(UTC))
    assert "06MOSCOW3" not in client.get("/cables/?q=nuclear").content.decode()
    data = _json(client, "tag=PREL")
    assert "06MOSCOW3" not in _refs(data) and _facet(data, "tag")["PREL"]["count"] == 2
    assert "NOFORN" not in _facet(_json(client), "caveat")
    assert b"06MOSCOW3" not in b"".join(client.get("/cables.csv").streaming_content)
    assert b"06MOSCOW3" not in client.get("/feed/").content


def test_counts_are_fresh_after_a_curators_edit(client, browse_sample):
    assert _facet(_json(client), "tag")["ECON"]["count"] == 1
    moscow = Cable.objects.get(reference_id="06MOSCOW3")
    CableTag.objects.create(cable=moscow, tag=Tag.objects.get(code="ECON"), position=9)
    assert _facet(_json(client), "tag")["ECON"]["count"] == 2
    Cable.objects.filter(pk=moscow.pk).update(classification="UNCLASSIFIED")
    assert "SECRET" not in _facet(_json(client), "classification")


def test_page_query_count_is_pinned(client, browse_sample, django_assert_num_queries):
    client.get("/cables/")  # builds the index once
    # generation check, the page's cables, the header's synthetic-data flag, the most
    # cited reference ids among the result's cables (none here: no look-up of them)
    with django_assert_num_queries(4):
        assert client.get("/cables/?tag=PREL&year=2006&origin=-Embassy+Astana").status_code == 200
    # + the text match, the ranking of the narrowed matches and the snippets
    with django_assert_num_queries(7):
        assert client.get("/cables/?q=nuclear+program&tag=PREL").status_code == 200
    # The same words, narrowed further: matched, ranked and excerpted already (until the
    # data changes), so only the generation, the page's cables, the flag and most cited.
    with django_assert_num_queries(4):
        url = "/cables/?q=nuclear+program&tag=PREL&origin=-Embassy+Astana"
        assert client.get(url).status_code == 200
    with django_assert_num_queries(2):
        assert client.get("/cables.json?page=1").status_code == 200


def test_text_results_are_fresh_after_a_curators_edit(client, browse_sample):
    before = _refs(_json(client, "q=saffron"))
    assert _refs(_json(client, "q=saffron&tag=PREL")) == before == set()
    Cable.objects.filter(reference_id="05ASTANA1").update(body="Saffron prices rose.")
    assert _refs(_json(client, "q=saffron")) == {"05ASTANA1"}


def test_index_is_reused_while_nothing_changes(client, browse_sample):
    client.get("/cables/")
    first = browse_index()
    client.get("/cables/?tag=PREL")
    assert browse_index() is first
    cable("08NEWCABLE1")
    assert browse_index() is not first


def test_tag_glossary_lists_tags_with_counts(client, browse_sample):
    response = client.get("/tags/?q=prel")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/cables/?tag=PREL" in html and "3 cables" in html


def test_home_leads_into_browsing(client, browse_sample):
    html = client.get("/").content.decode()
    assert 'action="/cables/"' in html and 'name="q"' in html


def test_too_many_matches_to_rank_come_newest_first(client, browse_sample, monkeypatch):
    monkeypatch.setattr("cableroom.browse.engine.RANK_LIMIT", 1)
    response = client.get("/cables/?q=nuclear")
    assert "too many to rank" in response.content.decode()
    assert _json(client, "q=nuclear")["results"][0]["reference_id"] == "07STATE5"
