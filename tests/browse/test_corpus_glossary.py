"""The tag glossary and tag kinds over the whole imported dev corpus (../shared/corpus)."""

import re
from collections import Counter

import pytest

from cableroom.browse.glossary import LETTERS
from cableroom.models import Tag
from tests.paths import CORPUS
from tests.tag_sources import kind_is_sourced

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"THE DEV CORPUS IS MISSING: {CORPUS}"),
]

IDS = re.compile(r'\bid="([^"]+)"')
MAX_BYTES = 150_000


def test_every_tag_kind_in_the_archive_comes_from_a_shared_table(corpus_archive):
    kinds = dict(Tag.objects.filter(cable_tags__isnull=False).values_list("code", "kind"))
    assert len(kinds) > 1000
    assert sorted((c, k) for c, k in kinds.items() if not kind_is_sourced(c, k)) == []
    assert kinds["ADANA"] == "other" and kinds["PREL"] == "subject"


def test_each_glossary_page_is_small_and_its_ids_unique(client, corpus_archive):
    pages = ["/tags/", "/tags/?q=a", "/tags/?kind=other"]
    pages += [f"/tags/?letter={letter.replace('#', '%23')}" for letter in LETTERS]
    listed = 0
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert len(response.content) < MAX_BYTES, (page, len(response.content))
        html = response.content.decode()
        assert [i for i, n in Counter(IDS.findall(html)).items() if n > 1] == [], page
        if "letter=" in page:
            listed += html.count('<dt id="')
    used = Tag.objects.filter(cable_tags__isnull=False).distinct().count()
    assert listed == used  # the letter pages together list every tag in use, once
