"""The search backends: each compiles the same tree to its own syntax, and both answer
the same questions the same way on their database (this suite runs on both)."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models.expressions import RawSQL

from cableroom.models import Cable
from cableroom.search.backends import BACKENDS, search_backend
from cableroom.search.backends.base import MARK_START, MARK_STOP
from cableroom.search.backends.postgres import PostgresBackend
from cableroom.search.backends.sqlite import SqliteBackend
from cableroom.search.query import parse_query
from tests.factories import cable
from tests.search.conftest import paragraphs

# --- compiling (no database) -------------------------------------------------------------

COMPILED = [
    ("heroin", "('heroin')", '"heroin"'),
    (
        '"nuclear program" iran',
        "('nuclear' <-> 'program') & ('iran')",
        '"nuclear program" AND "iran"',
    ),
    ("heroin OR opium", "(('heroin') | ('opium'))", '("heroin" OR "opium")'),
    ("oil -gas", "('oil') & !('gas')", '("oil") NOT ("gas")'),
    ('oil -"natural gas"', "('oil') & !('natural' <-> 'gas')", '("oil") NOT ("natural gas")'),
    ("oil -gas -coal", "('oil') & !('gas') & !('coal')", '("oil") NOT ("gas" OR "coal")'),
    ("subject:oil", "('oil':A)", 'subject : "oil"'),
    ("oil -subject:gas", "('oil') & !('gas':A)", '("oil") NOT (subject : "gas")'),
    ("U.S. embassy", "('u' <-> 's') & ('embassy')", '"u s" AND "embassy"'),
    (
        "it's'; DROP TABLE",
        "('it' <-> 's') & ('drop') & ('table')",
        '"it s" AND "drop" AND "table"',
    ),
    ("http://example.org", "('http' <-> 'example' <-> 'org')", '"http example org"'),
    ("nucl*", "('nucl':*)", '"nucl" *'),
    ('"nuclear prog*"', "('nuclear' <-> 'prog':*)", '"nuclear prog" *'),
    ("subject:nucl*", "('nucl':*A)", 'subject : "nucl" *'),
    ("iran -nucl*", "('iran') & !('nucl':*)", '("iran") NOT ("nucl" *)'),
]


@pytest.mark.parametrize(("text", "tsquery", "fts5"), COMPILED)
def test_each_backend_compiles_the_same_meaning(text, tsquery, fts5):
    tree = parse_query(text).tree
    assert PostgresBackend(connection).compile(tree) == tsquery
    assert SqliteBackend(connection).compile(tree) == fts5


def test_the_database_chooses_its_backend():
    assert type(search_backend()) is BACKENDS[connection.vendor]
    # Outside a request routed to a replica, the request reads the default database.
    assert search_backend().connection is connections[DEFAULT_DB_ALIAS]
    assert search_backend(connection).vendor == connection.vendor


# --- answers on this database ------------------------------------------------------------


def _ids(text):
    return set(search_backend().match_ids(parse_query(text).tree).tolist())


def test_words_phrases_or_and_exclusion(search_sample):
    pks = {name: item.pk for name, item in search_sample.items()}
    assert _ids("heroin") == {pks["heroin"]}
    assert _ids('"nuclear program" iran') == {pks["nuclear"]}
    assert _ids('"nuclear program"') == {pks["heroin"], pks["nuclear"]}
    assert _ids("nuclear iran") == {pks["nuclear"], pks["scattered"]}
    assert _ids("heroin OR opium") == {pks["heroin"], pks["opium"]}
    assert _ids("nuclear -iran") == {pks["heroin"]}
    assert _ids('program -"nuclear program"') == {pks["scattered"]}
    assert _ids("zanzibar") == set()


def test_subject_prefix_reads_only_subjects(search_sample):
    assert _ids("subject:iran") == {search_sample["nuclear"].pk}
    assert _ids("subject:narcotics") == {search_sample["heroin"].pk}
    assert _ids("subject:heroin") == set()
    assert _ids("iran -subject:iran") == {search_sample["scattered"].pk}


def test_a_prefix_matches_the_words_it_begins(search_sample):
    pks = {name: item.pk for name, item in search_sample.items()}
    assert _ids("nucl*") == {pks["heroin"], pks["nuclear"], pks["scattered"]}
    assert _ids('"nuclear prog*"') == {pks["heroin"], pks["nuclear"]}
    assert _ids("subject:nucl*") == {pks["nuclear"]}
    assert _ids("program -nucl*") == set()
    assert _ids("sei* OR opi*") == {pks["heroin"], pks["opium"]}
    assert _ids("nuclearx*") == set()


def test_stemming_matches_other_forms(search_sample):
    assert _ids("seize") == {search_sample["heroin"].pk}
    assert _ids("programs") >= {search_sample["nuclear"].pk, search_sample["scattered"].pk}


def test_the_filter_sql_keeps_the_same_cables_as_the_match(search_sample):
    for text in ("iran", '"nuclear program" -heroin', "heroin OR opium"):
        sql, params = search_backend().match_sql(parse_query(text).tree)
        kept = Cable.objects.filter(pk__in=RawSQL(sql, params)).values_list("pk", flat=True)
        assert set(kept) == _ids(text)


def test_subject_matches_rank_above_body_matches(search_sample):
    tree = parse_query("iran").tree
    ids, ranks = search_backend().match_ranked(tree)
    ranked = dict(zip(ids.tolist(), ranks, strict=True))
    nuclear, scattered = search_sample["nuclear"].pk, search_sample["scattered"].pk
    assert set(ranked) == {nuclear, scattered}
    assert ranked[nuclear] > ranked[scattered]
    # Ranking a chosen few gives the same ranks.
    assert search_backend().rank_ids(tree, [scattered, nuclear]) == pytest.approx(ranked)


def test_snippets_mark_only_what_matched(search_sample):
    pk = search_sample["heroin"].pk
    [(found, subject, body)] = search_backend().snippets(parse_query("heroin").tree, [pk])
    assert found == pk
    assert MARK_START not in subject
    assert f"{MARK_START}heroin{MARK_STOP}" in body
    assert body.count(MARK_START) == body.count(MARK_STOP) == 1


def test_snippets_mark_a_phrase_and_the_subject(search_sample):
    pk = search_sample["nuclear"].pk
    [(_, subject, body)] = search_backend().snippets(parse_query('"nuclear program"').tree, [pk])
    assert "NUCLEAR" in subject and MARK_START in subject
    marked = body.replace(MARK_START, "[").replace(MARK_STOP, "]")
    # PostgreSQL marks each word of the phrase, SQLite the phrase as a whole.
    assert "[nuclear] [program]" in marked or "[nuclear program]" in marked


HIGHLIGHT_TEXTS = [
    "Police seized heroin; the nuclear program stalled.",
    "A nuclear plant and a school program.",
    "Nothing to see <here> & there.",
    "Programs, nuclear or not: <b>NUCLEAR PROGRAM</b>.",
]


def _marked(text, texts=HIGHLIGHT_TEXTS):
    found = search_backend().highlight(parse_query(text).body_tree(), texts)
    return [item.replace(MARK_START, "[").replace(MARK_STOP, "]") for item in found]


def test_highlight_marks_words_and_keeps_every_other_character(db):
    marked = _marked("heroin OR plant")
    assert "seized [heroin];" in marked[0] and "nuclear [plant]" in marked[1]
    assert marked[2] == HIGHLIGHT_TEXTS[2] and marked[3] == HIGHLIGHT_TEXTS[3]
    for text, item in zip(HIGHLIGHT_TEXTS, marked, strict=True):
        assert item.replace("[", "").replace("]", "") == text


def test_highlight_follows_stems_phrases_and_prefixes(db):
    assert "[seized]" in _marked("seizing")[0]
    phrase = _marked('"nuclear program"')
    assert "[nuclear] [program]" in phrase[0] or "[nuclear program]" in phrase[0]
    # Where the words stand apart, SQLite marks nothing; PostgreSQL's ts_headline marks
    # every word of the query wherever it stands.
    assert "[" not in phrase[1] or connection.vendor == "postgresql"
    prefix = _marked("nucl*")
    assert "[nuclear] plant" in prefix[1] and "[NUCLEAR]" in prefix[3]


def test_search_follows_edits_and_deletes_in_the_same_transaction(search_sample):
    edited = search_sample["opium"]
    Cable.objects.filter(pk=edited.pk).update(subject="SAFFRON", body="Saffron exports grew.")
    assert _ids("saffron") == {edited.pk}
    assert _ids("opium") == set()
    edited.subject = "CURATED SUBJECT ABOUT TULIPS"
    edited.save()
    assert _ids("tulips") == {edited.pk}
    search_sample["heroin"].delete()
    assert _ids("heroin") == set()


def test_cables_created_in_bulk_are_searchable_at_once(db):
    Cable.objects.bulk_create(
        Cable(reference_id=f"06BULK{n}", subject="BULK", body=f"Zanzibar cloves {n}")
        for n in range(5)
    )
    assert len(_ids("zanzibar")) == 5


def test_hostile_text_reaches_the_database_as_words_only(search_sample):
    cable("06EVIL2", subject="QUOTES", paragraphs=paragraphs("He said 'no' -- twice."))
    for text in ("it's'; DROP TABLE", 'say "no', "NOT AND OR", "a:b:c", "x (((", "NEAR* ^$"):
        # No syntax error in either database.
        search_backend().match_ids(parse_query(text).tree)
    assert Cable.objects.count() == 5
