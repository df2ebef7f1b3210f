"""The tag glossary `/tags/`: the tags cables use, A–Z and by kind, a letter at a time
once there are many; unused reference codes only through a search; one id per tag."""

import re
from collections import Counter

import pytest

from cableroom.browse.glossary import first_letter, letter_of, tag_anchor
from cableroom.models import Tag
from tests import factories

pytestmark = pytest.mark.django_db

IDS = re.compile(r'\bid="([^"]+)"')


def html_of(client, query: str = "") -> str:
    response = client.get(f"/tags/{query}")
    assert response.status_code == 200
    return response.content.decode()


def listed_codes(html: str) -> list[str]:
    return [code.strip() for code in re.findall(r"<dt id=\"[^\"]+\">(?:<a [^>]*>)?([^<]+)", html)]


def test_anchors_differ_for_codes_that_slugify_alike():
    codes = ["PREL", "prel", "S.P.", "S P", "SP", "S_P", "S-P", "KISSINGER, HENRY A"]
    anchors = [tag_anchor(code) for code in codes]
    assert len(set(anchors)) == len(codes)
    assert all(" " not in anchor for anchor in anchors)


@pytest.mark.parametrize(("code", "letter"), [("PREL", "P"), ("kz", "K"), ("9/11", "#")])
def test_letter_of(code, letter):
    assert letter_of(code) == letter


def test_the_first_page_is_the_first_letter_before_digits_and_signs():
    assert first_letter(["9/11", "(U) PREL", "PREL", "ECON"]) == "E"
    assert first_letter(["9/11"]) == "#"


def test_lists_the_tags_cables_use_with_counts_and_not_unused_codes(client, browse_sample):
    assert Tag.objects.filter(code="KISSINGER, HENRY A").exists()  # a reference entry
    html = html_of(client)
    assert sorted(listed_codes(html)) == ["ECON", "KZ", "PGOV", "PREL", "RS"]
    assert "/cables/?tag=PREL" in html and "3 cables" in html


def test_a_search_also_finds_codes_no_cable_uses(client, browse_sample):
    html = html_of(client, "?q=kissinger")
    assert listed_codes(html) == ["KISSINGER, HENRY A"]
    assert "no cable in the archive" in html
    assert "/cables/?tag=KISSINGER" not in html  # a link to no cables would mislead


def test_a_search_that_finds_nothing_says_so(client, browse_sample):
    html = html_of(client, "?q=nothing-like-this")
    assert "No tag matches “nothing-like-this”" in html and listed_codes(html) == []


def test_a_kind_lists_only_its_tags(client, browse_sample):
    factories.tag("PREL")  # kinds come from the reference facts the migration loaded
    assert sorted(listed_codes(html_of(client, "?kind=geographic"))) == ["KZ", "RS"]


def test_many_tags_are_shown_a_letter_at_a_time(client, browse_sample, monkeypatch):
    monkeypatch.setattr("cableroom.browse.glossary.ONE_PAGE", 2)
    first = html_of(client)
    assert listed_codes(first) == ["ECON"]  # E is the first letter with tags
    assert sorted(listed_codes(html_of(client, "?letter=P"))) == ["PGOV", "PREL"]
    assert 'href="/tags/?letter=K"' in first and 'aria-current="page">E<' in first


def test_ids_are_unique_and_merged_tags_link_to_their_survivor(client, browse_sample):
    old = factories.tag("prel", description="lower-case copy")
    old.merged_into = Tag.objects.get(code="PREL")
    old.save()
    html = html_of(client, "?q=prel")
    duplicates = [i for i, n in Counter(IDS.findall(html)).items() if n > 1]
    assert duplicates == []
    assert f'href="/tags/#{tag_anchor("PREL")}"' in html


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("?kind=people", "kind"), ("?letter=AB", "letter"), ("?q=" + "x" * 101, "q")],
)
def test_bad_parameters_are_a_400_naming_them(client, browse_sample, query, parameter):
    response = client.get(f"/tags/{query}")
    assert response.status_code == 400
    assert f"<strong>{parameter}</strong>" in response.content.decode()


def test_the_page_costs_few_queries(client, browse_sample, django_assert_max_num_queries):
    html_of(client)  # builds the browse index
    with django_assert_max_num_queries(3):
        html_of(client, "?letter=P")
