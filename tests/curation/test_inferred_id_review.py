"""A cable whose id year was guessed waits in the review queue; once a curator settles
the guess, readers are told it was checked."""

import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from cableroom.curation.review import accept_parse, review_queue, review_warnings
from cableroom.models import Cable
from cableroom.web.page_cache import CACHE_ALIAS
from tests.import_inputs import dump_row, write_dump
from tests.reading.test_inferred_ids import GUESSED_ID, HEADLESS, SOURCE_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    """The headless cable twice: as a text file (id guessed) and as a dump row whose
    refid column names another year (id given, the guess overruled)."""
    text = tmp_path / "headless.txt"
    text.write_text(HEADLESS)
    dump = write_dump(tmp_path / "cables.csv", [dump_row(33, text=HEADLESS, refid=SOURCE_ID)])
    call_command("import_cables", str(text), str(dump), "--workers", "0", stdout=io.StringIO())
    return Cable.objects.get(reference_id=GUESSED_ID), Cable.objects.get(reference_id=SOURCE_ID)


def test_the_guessed_id_is_in_the_queue(imported):
    guessed, _ = imported
    assert guessed in review_queue()
    fields = [w.field for w in review_warnings(guessed) if w.is_open]
    assert "reference_id" in fields


def test_the_queue_filters_guessed_ids(curator_client, imported):
    url = reverse("admin:cableroom_cableforreview_changelist")
    listed = curator_client.get(url, {"inferred_id": "yes"}).content.decode()
    assert f">{GUESSED_ID}</a>" in listed and f">{SOURCE_ID}</a>" not in listed
    everything = curator_client.get(url).content.decode()
    assert "id year inferred" in everything


def test_a_settled_guess_is_shown_as_checked(client, curator, imported):
    guessed, _ = imported
    page = reverse("cable-detail", args=[GUESSED_ID])
    assert "waiting for a curator to check it" in client.get(page).content.decode()
    (warning,) = [w for w in review_warnings(guessed) if w.field == "reference_id"]
    accept_parse(cable=guessed, key=warning.key, user=curator)
    html = client.get(page).content.decode()
    assert "A curator has checked it." in html
    assert "Id year inferred" in html  # still a guess, a checked one
    assert client.get(reverse("cable-json", args=[GUESSED_ID])).json()["reference_id_checked"]


def test_the_cable_list_and_form_show_the_guess(curator_client, imported):
    guessed, given = imported
    url = reverse("admin:cableroom_cable_changelist")
    listed = curator_client.get(url, {"inferred_id": "yes"}).content.decode()
    assert f">{GUESSED_ID}</a>" in listed and f">{SOURCE_ID}</a>" not in listed
    listed = curator_client.get(url, {"inferred_id": "no"}).content.decode()
    assert f">{SOURCE_ID}</a>" in listed and f">{GUESSED_ID}</a>" not in listed
    form = curator_client.get(reverse("admin:cableroom_cable_change", args=[guessed.pk]))
    assert "Reference id inferred" in form.content.decode()


def test_a_stored_page_learns_of_the_check_at_once(client, curator, imported, settings):
    settings.PAGE_CACHE_ENABLED = True
    caches[CACHE_ALIAS].clear()
    guessed, _ = imported
    page = reverse("cable-detail", args=[GUESSED_ID])
    try:
        assert "waiting for a curator" in client.get(page).content.decode()
        assert "waiting for a curator" in client.get(page).content.decode()  # stored
        (warning,) = [w for w in review_warnings(guessed) if w.field == "reference_id"]
        accept_parse(cable=guessed, key=warning.key, user=curator)
        assert "A curator has checked it." in client.get(page).content.decode()
    finally:
        caches[CACHE_ALIAS].clear()
