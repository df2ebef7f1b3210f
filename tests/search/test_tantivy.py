"""The Tantivy engine: the same answers as the database's on the same cables, the engine
chosen by the index's presence, and the index kept in step by imports, curators' edits
and withdrawals, rebuilt in resumable steps. Runs on both databases."""

import gc
import logging

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.expressions import RawSQL

from cableroom.curation.edits import edit_cable, restore_cable, withdraw_cable
from cableroom.importing.run import import_cables
from cableroom.models import Cable
from cableroom.search import TextQuery, match_cables, parse_query
from cableroom.search.backends import BACKENDS, search_backend, tantivy_search
from cableroom.search.backends.base import MARK_START, MARK_STOP
from cableroom.search.backends.tantivy_index import (
    WriterBusy,
    index_writer,
    open_reader,
    read_state,
)
from cableroom.search.backends.tantivy_search import TantivyBackend
from cableroom.search.backends.unindexed import UnindexedBackend
from cableroom.search.index_updates import catch_up, index_cables, rebuild_index
from tests.factories import cable
from tests.paths import SEED
from tests.search.conftest import paragraphs


@pytest.fixture
def index_dir(settings):
    return settings.SEARCH_INDEX_DIR  # the test's own (tests/conftest.py)


@pytest.fixture
def indexed(search_sample, index_dir):
    """The search sample, indexed by a rebuild."""
    rebuild_index()
    return search_sample


def _ids(text):
    backend = search_backend()
    assert isinstance(backend, TantivyBackend)
    return set(backend.match_ids(parse_query(text).tree).tolist())


def _doc_count(folder):
    return open_reader(folder).searcher()[0].num_docs


# --- the engine chosen ------------------------------------------------------------------


def test_the_index_answers_once_it_is_complete(search_sample, index_dir, settings, caplog):
    caplog.set_level(logging.INFO, logger="cableroom.search.backends")
    assert type(search_backend()) is BACKENDS[connection.vendor]
    assert "is missing" in caplog.text and "rebuild_search_index" in caplog.text
    rebuild_index()
    assert isinstance(search_backend(), TantivyBackend)
    assert "answered by the Tantivy index" in caplog.text
    settings.SEARCH_ENGINE = "database"
    assert type(search_backend()) is BACKENDS[connection.vendor]


def test_a_missing_index_asked_for_by_name_is_a_warning(
    search_sample, index_dir, settings, caplog
):
    settings.SEARCH_ENGINE = "tantivy"
    # PostgreSQL then keeps no vectors to answer from (tests/search/test_unindexed.py).
    expected = UnindexedBackend if connection.vendor == "postgresql" else BACKENDS["sqlite"]
    assert type(search_backend()) is expected
    assert [r.levelname for r in caplog.records if "is missing" in r.message] == ["WARNING"]


# --- answers ----------------------------------------------------------------------------


def test_words_phrases_or_and_exclusion(indexed):
    pks = {name: item.pk for name, item in indexed.items()}
    assert _ids("heroin") == {pks["heroin"]}
    assert _ids('"nuclear program" iran') == {pks["nuclear"]}
    assert _ids('"nuclear program"') == {pks["heroin"], pks["nuclear"]}
    assert _ids("nuclear iran") == {pks["nuclear"], pks["scattered"]}
    assert _ids("heroin OR opium") == {pks["heroin"], pks["opium"]}
    assert _ids("nuclear -iran") == {pks["heroin"]}
    assert _ids('program -"nuclear program"') == {pks["scattered"]}
    assert _ids("zanzibar") == set()


def test_prefixes_subjects_and_stems(indexed):
    pks = {name: item.pk for name, item in indexed.items()}
    assert _ids("nucl*") == {pks["heroin"], pks["nuclear"], pks["scattered"]}
    assert _ids('"nuclear prog*"') == {pks["heroin"], pks["nuclear"]}
    assert _ids("subject:nucl*") == {pks["nuclear"]}
    assert _ids("program -nucl*") == set()
    assert _ids("sei* OR opi*") == {pks["heroin"], pks["opium"]}
    assert _ids("subject:iran") == {pks["nuclear"]}
    assert _ids("subject:heroin") == set()
    assert _ids("iran -subject:iran") == {pks["scattered"]}
    assert _ids("seizing") == {pks["heroin"]}
    # A start of a word is matched against stems, as on the database engines.
    assert _ids("negotia*") == set()
    assert _ids("x" * 60) == set()  # longer than any word the index keeps


def test_a_phrase_ending_in_a_prefix_tries_every_word_it_begins(search_sample, index_dir):
    # More words starting "pro" than Tantivy's phrase-prefix query would try (50).
    words = [f"pro{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(60)]
    cable("06MOSCOW20", paragraphs=paragraphs(" ".join(f"nuclear {word}" for word in words)))
    last = cable("06MOSCOW21", paragraphs=paragraphs(f"nuclear {words[-1]}"))
    rebuild_index()
    found = _ids('"nuclear pro*"')
    assert last.pk in found
    assert found == {
        search_sample["heroin"].pk,
        search_sample["nuclear"].pk,
        last.pk,
        Cable.objects.get(reference_id="06MOSCOW20").pk,
    }


def test_every_query_matches_what_the_database_matches(indexed, settings):
    queries = ["heroin", '"nuclear program" iran', "heroin OR opium", "nuclear -iran", "nucl*"]
    ours = {text: _ids(text) for text in queries}
    settings.SEARCH_ENGINE = "database"
    database = {
        text: set(search_backend().match_ids(parse_query(text).tree).tolist()) for text in queries
    }
    assert ours == database


def test_ranks_are_bm25_with_the_subject_first(indexed):
    tree = parse_query("iran").tree
    ids, ranks = search_backend().match_ranked(tree)
    ranked = dict(zip(ids.tolist(), ranks, strict=True))
    nuclear, scattered = indexed["nuclear"].pk, indexed["scattered"].pk
    assert set(ranked) == {nuclear, scattered}
    assert ranked[nuclear] > ranked[scattered] > 0
    assert search_backend().rank_ids(tree, [scattered]) == pytest.approx(
        {scattered: ranked[scattered]}
    )


def test_the_filter_sql_keeps_the_matches(indexed):
    for text in ("iran", '"nuclear program" -heroin', "zanzibar"):
        sql, params = search_backend().match_sql(parse_query(text).tree)
        kept = Cable.objects.filter(pk__in=RawSQL(sql, params)).values_list("pk", flat=True)
        assert set(kept) == _ids(text)


def test_snippets_and_marks_still_come_from_the_database(indexed):
    pk = indexed["heroin"].pk
    [(found, _, body)] = search_backend().snippets(parse_query("heroin").tree, [pk])
    assert found == pk and f"{MARK_START}heroin{MARK_STOP}" in body
    [marked] = search_backend().highlight(parse_query("seizing").body_tree(), ["Police seized"])
    assert f"{MARK_START}seized{MARK_STOP}" in marked


def test_pages_search_with_exact_facet_counts(client, indexed):
    cable("06MOSCOW9", tags=("PREL",), paragraphs=paragraphs("Nuclear talks."))
    cable("06MOSCOW10", tags=("ECON",), paragraphs=paragraphs("Nuclear trade."))
    rebuild_index()
    data = client.get("/cables.json", {"q": "nuclear"}).json()
    assert data["count"] == 5
    tags = {value["value"]: value["count"] for value in data["facets"]["tag"]}
    assert tags["PREL"] == 1 and tags["ECON"] == 1
    narrowed = client.get("/cables.json", {"q": "nuclear", "tag": "PREL"}).json()
    assert [item["reference_id"] for item in narrowed["results"]] == ["06MOSCOW9"]
    html = client.get("/cable/06MOSCOW9/", {"search": "q=nuclear"}).content.decode()
    assert "<mark" in html and ">Nuclear</mark> talks" in html


def test_a_cached_match_is_not_served_for_a_newer_index(indexed):
    query = parse_query("zanzibar")
    assert match_cables(query, ranked=False, generation=7).ids.tolist() == []
    added = cable("06ZANZIBAR1", paragraphs=paragraphs("Zanzibar cloves."))
    index_cables([added.pk])
    # Same generation (as when a request reads it before the index commits): new index.
    assert match_cables(query, ranked=False, generation=7).ids.tolist() == [added.pk]


# --- kept in step -----------------------------------------------------------------------


def test_an_import_is_indexed(index_dir, db):
    cable("06OTHER1", paragraphs=paragraphs("Nothing here."))
    rebuild_index()
    summary = import_cables(paths=[SEED], workers=0)
    assert summary.imported == 1
    astana = Cable.objects.get(reference_id="06ASTANA33").pk
    assert _ids("Mukhamedzhanov") == {astana}
    assert _ids('"internal affairs" ordway') == {astana}
    assert read_state(index_dir).dirty_since is None


def test_a_killed_import_is_caught_up_by_the_next(index_dir, db):
    rebuild_index()
    # A batch the importer wrote, then died before indexing: the index says since when.
    from cableroom.search.index_updates import ImportIndexing

    killed = ImportIndexing()
    killed.start()
    lost = cable("06LOST1", paragraphs=paragraphs("Cardamom shipments."))
    assert _ids("cardamom") == set()
    assert read_state(index_dir).dirty_since is not None
    assert catch_up() >= 1
    assert _ids("cardamom") == {lost.pk}
    assert read_state(index_dir).dirty_since is None


def test_a_curators_edit_and_withdrawal_reach_the_index(
    indexed, curator, django_capture_on_commit_callbacks
):
    opium = indexed["opium"]
    with django_capture_on_commit_callbacks(execute=True):
        edit_cable(cable=opium, values={"subject": "SAFFRON HARVEST"}, user=curator)
    assert _ids("saffron") == {opium.pk}
    assert _ids("poppy") == set()
    heroin = indexed["heroin"]
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_cable(cable=heroin, reason="Published in error", user=curator)
    assert _ids("heroin") == set()
    assert heroin.pk not in _ids('"nuclear program"')
    with django_capture_on_commit_callbacks(execute=True):
        restore_cable(cable=Cable.objects.get(pk=heroin.pk), user=curator)
    assert _ids("heroin") == {heroin.pk}


def test_a_withdrawn_cable_is_left_out_of_a_rebuild(search_sample, index_dir):
    Cable.objects.filter(pk=search_sample["opium"].pk).update(withdrawn_at="2026-01-01T00:00Z")
    assert rebuild_index() == 3
    assert _ids("opium") == set()
    assert _doc_count(index_dir) == 3


def test_the_curators_edit_waits_for_no_index_when_there_is_none(
    search_sample, index_dir, curator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit_cable(cable=search_sample["opium"], values={"subject": "SAFFRON"}, user=curator)
    assert read_state(index_dir) is None and not index_dir.exists()


# --- rebuilding -------------------------------------------------------------------------


class Interrupted(Exception):
    pass


def test_a_rebuild_resumes_after_the_last_committed_cable(search_sample, index_dir):
    def stop_after_first_commit(count):
        raise Interrupted

    with pytest.raises(Interrupted):
        rebuild_index(commit_every=2, on_progress=stop_after_first_commit)
    state = read_state(index_dir)
    assert not state.complete and state.rebuilt_through == "06KABUL1"  # 06ASTANA33, 06KABUL1
    # An incomplete index never answers: searches use the database meanwhile.
    assert not isinstance(search_backend(), TantivyBackend)
    resumed = []
    count = rebuild_index(
        commit_every=2, on_start=lambda total, after: resumed.append((total, after))
    )
    assert resumed == [(2, "06KABUL1")] and count == 2
    assert read_state(index_dir).complete
    assert _doc_count(index_dir) == 4  # each cable once
    assert _ids("nucl*") == {search_sample[name].pk for name in ("heroin", "nuclear", "scattered")}


def test_the_command_rebuilds_and_catches_up(search_sample, index_dir, capsys):
    call_command("rebuild_search_index", "--no-progress", "--batch-size", "3")
    out = capsys.readouterr().out
    assert "4 cables indexed" in out
    assert read_state(index_dir).complete
    call_command("rebuild_search_index", "--if-missing")
    assert "is complete; 0 cable(s) caught up" in capsys.readouterr().out
    assert _doc_count(index_dir) == 4


def test_one_writer_at_a_time(index_dir, db):
    with index_writer(index_dir):
        with pytest.raises(WriterBusy):
            with index_writer(index_dir, timeout=0.2):
                pass
    with index_writer(index_dir, timeout=0.2) as writing:  # free again
        writing.put(1, "06X1", "SUBJECT", "body")
    assert _doc_count(index_dir) == 1


def test_a_query_without_text_asks_nothing_of_the_index(indexed):
    assert match_cables(TextQuery(), ranked=True).ids.tolist() == []


def test_synthetic_cables_written_to_the_database_are_indexed(index_dir, db):
    from cableroom.importing.synthetic_loading import load_synthetic

    assert rebuild_index() == 0  # an empty archive has a complete, empty index
    assert load_synthetic(count=6, seed=1) == 6
    assert _doc_count(index_dir) == 6
    some = Cable.objects.order_by("pk").first()
    word = max(some.subject.split(), key=len).lower()
    assert some.pk in _ids(f"subject:{word}")


def test_readers_follow_an_index_made_again_from_empty(indexed, index_dir):
    assert _ids("opium") == {indexed["opium"].pk}  # this process's reader is open
    Cable.objects.filter(pk=indexed["opium"].pk).update(subject="SAFFRON", body="Saffron.")
    rebuild_index(fresh=True)
    assert _ids("opium") == set()
    assert _ids("saffron") == {indexed["opium"].pk}
    assert _doc_count(index_dir) == 4


def test_top_ranked_keeps_the_best_hits_only(indexed):
    backend = search_backend()
    tree = parse_query("nuclear OR program OR iran OR heroin").tree
    ids, ranks = backend.match_ranked(tree)
    best_first = [pk for _, pk in sorted(zip(ranks, ids.tolist(), strict=True), reverse=True)]
    top, top_ranks = backend.top_ranked(tree, 2)
    assert set(top.tolist()) == set(best_first[:2]) and top_ranks == sorted(top_ranks)[::-1]


def test_the_cycle_collector_is_back_after_every_search(indexed, monkeypatch):
    """Matches are turned into ids with Python's collector paused (a common word's hits are
    hundreds of thousands of objects); it must be on again afterwards, even after a query
    the engine refuses, and stay off where the caller had turned it off."""
    backend = search_backend()
    tree = parse_query("iran").tree
    assert len(backend.match_ids(tree)) == 2
    assert len(backend.match_ranked(tree)[0]) == 2
    assert gc.isenabled()

    def refused(tree):
        raise ValueError("the engine refused the query")

    with monkeypatch.context() as patched:
        patched.setattr(tantivy_search, "tantivy_query", refused)
        with pytest.raises(ValueError, match="refused"):
            backend.match_ids(tree)
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(backend.match_ids(tree)) == 2
        assert not gc.isenabled()
    finally:
        gc.enable()
