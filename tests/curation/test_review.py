"""The review queue: worst first, settled by accepting the parse or correcting the field."""

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.curation.review import accept_parse, review_queue, review_warnings
from cableroom.models import ReviewOutcome, ReviewResolution
from cableroom.models.changes import warning_key
from tests import factories

pytestmark = pytest.mark.django_db


def warned(reference_id: str, *fields: str):
    warnings = [{"field": f, "message": f"trouble with {f}", "line": 2} for f in fields]
    return factories.cable(reference_id, warnings=warnings, warning_count=len(warnings))


def queue_ids() -> list[str]:
    return [cable.reference_id for cable in review_queue()]


def test_the_queue_holds_warned_cables_worst_first():
    warned("01ONE1", "subject")
    warned("03THREE3", "subject", "origin", "tags")
    warned("02TWO2", "origin", "date_time")
    factories.cable("00CLEAN1")
    assert queue_ids() == ["03THREE3", "02TWO2", "01ONE1"]


def test_accepting_a_warning_settles_it_and_moves_the_cable_down(curator):
    two = warned("02TWO2", "origin", "date_time")
    warned("01ONE1", "subject")
    accept_parse(cable=two, key=warning_key("origin", "trouble with origin"), user=curator)
    assert [c.open_count for c in review_queue()] == [1, 1]
    accept_parse(cable=two, key=warning_key("date_time", "trouble with date_time"), user=curator)
    assert queue_ids() == ["01ONE1"]
    resolution = ReviewResolution.objects.filter(cable=two).first()
    assert resolution.outcome == ReviewOutcome.ACCEPTED and resolution.user == curator


def test_correcting_the_field_settles_its_warning_as_corrected(curator):
    cable = warned("02TWO2", "subject", "origin")
    [change] = curation.edit_cable(cable=cable, values={"subject": "FIXED"}, user=curator)
    settled = {w.field: w.resolution for w in review_warnings(cable)}
    assert settled["subject"].outcome == ReviewOutcome.CORRECTED
    assert settled["subject"].change == change
    assert settled["origin"] is None


def test_the_review_page_shows_warnings_and_accepts(client, curator):
    cable = warned("02TWO2", "origin")
    client.force_login(curator)
    page = client.get(reverse("admin:cableroom_cableforreview_change", args=[cable.pk]))
    assert page.status_code == 200 and "trouble with origin" in page.content.decode()
    listing = client.get(reverse("admin:cableroom_cableforreview_changelist"))
    assert "02TWO2" in listing.content.decode()
    key = warning_key("origin", "trouble with origin")
    client.post(reverse("admin:cableroom_cableforreview_accept", args=[cable.pk, key]))
    assert not review_queue().exists()
    assert (
        "02TWO2"
        not in client.get(reverse("admin:cableroom_cableforreview_changelist")).content.decode()
    )
