"""A withdrawal through the curation service reaches readers at once: 410, gone from lists."""

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from tests import factories

pytestmark = pytest.mark.django_db


def sitemap_text(client) -> str:
    response = client.get(reverse("sitemap-section", args=["cables"]))
    assert response.status_code == 200
    return response.content.decode()


def test_withdrawn_cable_answers_410_with_its_reason_and_leaves_the_lists(client, curator):
    cable = factories.cable("06TESTVILLE77", subject="SOON GONE")
    page = reverse("cable-detail", args=[cable.reference_id])
    assert client.get(page).status_code == 200
    assert "06TESTVILLE77" in sitemap_text(client)

    curation.withdraw_cable(cable=cable, reason="Withdrawn at the source's request", user=curator)
    response = client.get(page)
    assert response.status_code == 410
    assert "Withdrawn at the source&#x27;s request" in response.content.decode()
    assert client.get(reverse("cable-json", args=[cable.reference_id])).status_code == 410
    assert "06TESTVILLE77" not in sitemap_text(client)
    assert "SOON GONE" not in client.get(reverse("home")).content.decode()


def test_restored_cable_is_back(client, curator):
    cable = factories.cable("06TESTVILLE78")
    curation.withdraw_cable(cable=cable, reason="Checking", user=curator)
    curation.restore_cable(cable=cable, user=curator)
    assert client.get(reverse("cable-detail", args=[cable.reference_id])).status_code == 200
    assert "06TESTVILLE78" in sitemap_text(client)
