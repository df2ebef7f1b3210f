"""Sitemaps list every public cable, paged at scale; robots.txt points to them."""

from datetime import UTC, datetime

import pytest

from cableroom.views import sitemaps
from tests import factories

pytestmark = pytest.mark.django_db


def test_index_lists_the_sections(client):
    factories.cable("06ASTANA33")
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert "<loc>http://testserver/sitemap-cables.xml</loc>" in xml
    assert "<loc>http://testserver/sitemap-pages.xml</loc>" in xml


def test_cables_section_lists_public_cables_only(client):
    factories.cable("06ASTANA33")
    factories.cable("06ASTANA34", withdrawn_at=datetime(2024, 1, 1, tzinfo=UTC))
    xml = client.get("/sitemap-cables.xml").content.decode()
    assert "<loc>http://testserver/cable/06ASTANA33/</loc>" in xml
    assert "06ASTANA34" not in xml
    assert "<lastmod>" in xml


def test_cables_are_paged_at_scale(client, monkeypatch):
    monkeypatch.setattr(sitemaps.CableSitemap, "limit", 2)
    for serial in range(5):
        factories.cable(f"06ASTANA{serial + 1}")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-cables.xml?p=3</loc>" in index
    assert "sitemap-cables.xml?p=4" not in index
    pages = [client.get("/sitemap-cables.xml", {"p": page}).content.decode() for page in (1, 2, 3)]
    listed = [page.count("<url>") for page in pages]
    assert listed == [2, 2, 1]
    assert all(f"/cable/06ASTANA{serial}/" in "".join(pages) for serial in range(1, 6))
    assert client.get("/sitemap-cables.xml", {"p": 4}).status_code == 404


def test_index_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for serial in range(30):
        factories.cable(f"06ASTANA{serial + 1}")
    with django_assert_max_num_queries(3):
        client.get("/sitemap.xml")


def test_pages_are_id_ranges_so_withdrawn_cables_leave_holes(client, monkeypatch):
    monkeypatch.setattr(sitemaps.CableSitemap, "limit", 2)
    cables = [factories.cable(f"06ASTANA{serial + 1}") for serial in range(4)]
    cables[1].withdrawn_at = datetime(2024, 1, 1, tzinfo=UTC)
    cables[1].save()
    first = client.get("/sitemap-cables.xml", {"p": 1}).content.decode()
    assert first.count("<url>") == 1 and "/cable/06ASTANA1/" in first
    assert client.get("/sitemap-cables.xml", {"p": "x"}).status_code == 404


def test_a_cable_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for serial in range(30):
        factories.cable(f"06ASTANA{serial + 1}")
    with django_assert_max_num_queries(2):  # id bounds, the page's cables
        client.get("/sitemap-cables.xml", {"p": 1})


def test_pages_section_lists_home_browse_and_missing(client):
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/cables/</loc>" in xml
    assert "<loc>http://testserver/</loc>" in xml
    assert "<loc>http://testserver/missing/</loc>" in xml


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_cable_sitemap_is_well_formed_xml_with_every_public_cable(client):
    import xml.etree.ElementTree as ElementTree

    for serial in range(3):
        factories.cable(f"06ASTANA{serial + 1}")
    response = client.get("/sitemap-cables.xml")
    assert response["Content-Type"] == "application/xml"
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.fromstring(response.content)
    locs = sorted(element.text for element in root.iter(f"{namespace}loc"))
    assert locs == [f"http://testserver/cable/06ASTANA{serial}/" for serial in (1, 2, 3)]
    assert all(len(element.text) == 10 for element in root.iter(f"{namespace}lastmod"))
