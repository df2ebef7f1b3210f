"""Cablegate's browse URLs 301 to the same list here; unknown addresses get the site's 404."""

import csv
import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.test import override_settings

from cableroom import refdata
from cableroom.models import Cable
from tests import factories
from tests.paths import CORPUS

pytestmark = pytest.mark.django_db


def origin_number(name: str) -> int:
    return next(n for n, post in refdata.cablegate_numbers()["origin"].items() if post == name)


def result_count(response) -> int:
    heading = re.search(r'id="results-heading"[^>]*>\s*([\d,]+) cable', response.content.decode())
    return int(heading.group(1).replace(",", ""))


@pytest.fixture
def astana_cables():
    factories.tag("PREL", description="Political Affairs--External Political Relations")
    when = datetime(2006, 4, 6, 9, 0, tzinfo=UTC)
    factories.cable("06ASTANA33", origin="Embassy Astana", tags=("PREL",), date_time=when)
    factories.cable("06ASTANA34", origin="Embassy Astana", classification="SECRET", date_time=when)
    factories.cable("05ROME1", origin="UN Rome", date_time=datetime(2005, 1, 2, tzinfo=UTC))


def test_the_numbering_is_cablegates_final_build():
    numbers = refdata.cablegate_numbers()
    assert numbers["origin"][12] == "UN Rome"
    assert numbers["origin"][1] == "USUN New York"
    assert len(numbers["origin"]) == 274
    assert numbers["classification"][1] == "CONFIDENTIAL"
    assert numbers["classification"][6] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


@pytest.mark.usefixtures("astana_cables")
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/tag/PREL_0.html", "/cables/?tag=PREL"),
        ("/tag/prel_2.html", "/cables/?tag=PREL&page=3"),
        ("/origin/12_0.html", "/cables/?origin=UN+Rome"),
        ("/date/2006-04_0.html", "/cables/?month=2006-04"),
        ("/date/2006-04_1.html", "/cables/?month=2006-04&page=2"),
        ("/classification/3_0.html", "/cables/?classification=SECRET"),
        ("/reldate/2010-11-28_0.html", "/cables/?released=2010-11-28"),
    ],
)
def test_each_legacy_browse_url_redirects_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


@pytest.mark.usefixtures("astana_cables")
def test_an_origin_number_leads_to_that_posts_cables(client):
    response = client.get(f"/origin/{origin_number('Embassy Astana')}_0.html", follow=True)
    assert response.redirect_chain[0][1] == 301
    assert result_count(response) == 2


@pytest.mark.usefixtures("astana_cables")
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/tag/NOSUCHTAG_0.html", "No cables tagged NOSUCHTAG in the archive."),
        ("/origin/9999_0.html", "Cablegate had no origin number 9999."),
        ("/origin/1_0.html", "Cablegate&#x27;s origin 1 is USUN New York: no cable from it here."),
        ("/classification/1_0.html", "No CONFIDENTIAL cables in the archive."),
        ("/classification/77_0.html", "Cablegate had no classification number 77."),
        ("/reldate/not-a-day_0.html", "There is no page at this address."),
        ("/tag/PREL.html", "There is no page at this address."),
    ],
)
def test_an_unknown_legacy_url_gets_a_helpful_404(client, url, says):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert says in html
    assert f'<code class="asked">{url}</code>' in html
    assert 'action="/cables/"' in html and 'href="/cables/"' in html


@override_settings(DEBUG=True)
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/no/such/page/", "There is no page at this address."),
        ("/cables/facets/nosuch/", "No such facet."),
        ("/cable/06HERE1/versions/9/", "06HERE1 has no version 9"),
        ("/tag/NOSUCH_0.html", "No cables tagged NOSUCH in the archive."),
    ],
)
def test_no_address_shows_djangos_technical_404_even_with_debug_on(client, url, says):
    factories.cable("06HERE1")
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "URLconf" not in html and "Raised by" not in html
    assert says in html
    assert 'href="/cables/"' in html


def test_a_missing_slash_is_still_added(client):
    response = client.get("/cables?tag=PREL")
    assert response.status_code == 301
    assert response["Location"] == "/cables/?tag=PREL"
    assert client.get("/no-such-page").status_code == 404


@pytest.mark.slow
def test_every_post_of_the_corpus_by_its_cablegate_number(client, corpus_archive):
    """Each origin the archive holds, reached by its cablegate number, lists as many
    cables as the database holds from it."""
    by_name = {name: number for number, name in refdata.cablegate_numbers()["origin"].items()}
    names = set(Cable.objects.public().values_list("origin__name", flat=True))
    reached = 0
    for name in sorted(names & set(by_name)):
        response = client.get(f"/origin/{by_name[name]}_0.html", follow=True)
        assert response.redirect_chain[0][1] == 301, name
        expected = Cable.objects.public().filter(origin__name=name).count()
        assert result_count(response) == expected, name
        reached += 1
    assert reached >= 100


def expected_rows() -> list[dict[str, str]]:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_release_days_of_the_corpus_match_what_the_pages_say(client, corpus_archive):
    """Each day cablegate pages give as a release date: /reldate/ lists as many cables
    as first came out that day by the pages' own Released fields."""
    first: dict[str, str] = {}
    for row in expected_rows():
        if row["released"]:
            day = row["released"][:10]
            first[row["refid"]] = min(day, first.get(row["refid"], day))
    by_day = Counter(first.values())
    assert sum(by_day.values()) > 900
    for day, expected in sorted(by_day.items()):
        response = client.get(f"/reldate/{day}_0.html", follow=True)
        assert response.redirect_chain == [(f"/cables/?released={day}", 301)]
        assert result_count(response) == expected, day


@pytest.mark.slow
def test_months_of_the_corpus_match_the_sources_dates(client, corpus_archive):
    """/date/YYYY-MM_0.html lists as many cables as the sources date to that month."""
    by_month = Counter(row["date"][:7] for row in expected_rows() if row["role"] == "primary")
    checked = 0
    for month, expected in sorted(by_month.items(), key=lambda item: -item[1])[:40]:
        response = client.get(f"/date/{month}_0.html", follow=True)
        assert response.redirect_chain == [(f"/cables/?month={month}", 301)]
        assert result_count(response) == expected, month
        checked += expected
    assert checked > 5000
