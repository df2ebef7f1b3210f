"""Real cables from ../shared: a source's id beats the parser's guess of its year, and a
cable with three published copies shows formatted dates and no server path."""

import re

import pytest
from django.urls import reverse

from cableroom.importing.run import import_cables
from cableroom.models import Cable
from tests.paths import SHARED
from tests.reading.test_corpus_pages import dump_rows
from tests.reading.test_reader_dates import ISO_WITH_OFFSET, reader_text

# Dump rows with no date-time group whose DECL date makes the parser guess 2003; the
# dump's refid column says 2004 (one of the 344 such rows in the corpus).
TAIPEI = {"04TAIPEI3077": "03TAIPEI3077", "04TAIPEI3139": "03TAIPEI3139"}
TEHRAN = "75TEHRAN2069"  # in the dump and in two cablegate site builds

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.exists(), reason=f"MISSING CORPUS: {SHARED} not found"),
]


@pytest.fixture(scope="module")
def corpus_rows(tmp_path_factory):
    return dump_rows({*TAIPEI, TEHRAN}, tmp_path_factory.mktemp("dump") / "cables.csv")


def test_the_dump_id_wins_over_the_guessed_year(client, corpus_rows):
    import_cables(paths=[corpus_rows], workers=0)
    for given, guessed in TAIPEI.items():
        cable = Cable.objects.get(reference_id=given)
        assert not cable.reference_id_inferred
        assert any(f"the text says '{guessed}'" in w["message"] for w in cable.warnings)
        assert not Cable.objects.filter(reference_id=guessed).exists()
        html = client.get(reverse("cable-detail", args=[given])).content.decode()
        assert "Id year inferred" not in html


def test_the_same_text_without_its_source_carries_the_guess(client, corpus_rows, tmp_path):
    import_cables(paths=[corpus_rows], workers=0)
    text = Cable.objects.get(reference_id="04TAIPEI3077").raw_text
    copy = tmp_path / "taipei.txt"
    copy.write_text(text, encoding="utf-8")
    import_cables(paths=[copy], workers=0)
    guessed = Cable.objects.get(reference_id="03TAIPEI3077")
    assert guessed.reference_id_inferred
    html = client.get(reverse("cable-detail", args=["03TAIPEI3077"])).content.decode()
    assert "Id year inferred" in html


def test_a_cable_in_three_copies_reads_without_iso_dates_or_paths(client, corpus_rows):
    pages = sorted((SHARED / "corpus" / "html").rglob(f"{TEHRAN}.html"))
    import_cables(paths=[corpus_rows, *pages], workers=0)
    cable = Cable.objects.get(reference_id=TEHRAN)
    assert cable.version_count >= 2  # two of the three copies may be the same bytes
    urls = [
        reverse("cable-detail", args=[TEHRAN]),
        reverse("cable-versions", args=[TEHRAN]),
        *(reverse("cable-version", args=[TEHRAN, number]) for number in (1, 2)),
        reverse("cable-diff", args=[TEHRAN]),
        reverse("cable-json", args=[TEHRAN]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert str(SHARED) not in body and "/corpus/" not in body, url
        assert not re.search(r"build[-_]", body), url  # the folders the copies came in
        if not url.endswith(".json"):
            assert ISO_WITH_OFFSET.findall(reader_text(body)) == [], url
    versions = reader_text(client.get(urls[1]).content.decode())
    assert "Cablegate web page" in versions and "WikiLeaks cables.csv dump" in versions
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", versions)
