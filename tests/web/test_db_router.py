"""Read routing on the suite's own database, SQLite or PostgreSQL.

`replica1` is a second connection to the test database (a TEST MIRROR, tests/settings.py),
so these tests see which connection each query went to; replication itself is tested in
tests/web/test_replicas_live.py. Tests that use `replica1` are transactional: what a
test's own open transaction holds, another connection cannot see (and on SQLite, two
connections' transactions lock each other out). The others may not touch `replica1` at
all: the test database refuses them, so any query routed there fails the test.
"""

import logging
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connections, router
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cableroom.browse import index as browse_index_module
from cableroom.browse.index import browse_index, current_generation
from cableroom.curation.edits import edit_cable
from cableroom.models import Cable
from cableroom.web import replica_health
from cableroom.web.db_router import Route, routed
from cableroom.web.read_routing import COOKIE, SALT, read_your_writes_seconds
from tests import factories
from tests.admin_forms import change_form_data

BOTH = ["default", "replica1"]
REFERENCE = "06TESTVILLE5"
PUBLIC_PAGES = ["/cables/", "/cables/?tag=PREL", f"/cable/{REFERENCE}/", "/tags/", "/feed/"]
transactional = pytest.mark.django_db(transaction=True, databases=BOTH)


@pytest.fixture(autouse=True)
def nothing_known():
    """No replica health and no browse index from another test (generations repeat)."""

    def forget():
        replica_health.forget()
        browse_index_module.forget_indexes()

    forget()
    yield
    forget()


@pytest.fixture
def with_replica(settings):
    settings.REPLICA_ALIASES = ["replica1"]


@pytest.fixture
def cable():
    return factories.cable(REFERENCE, subject="WHEAT HARVEST", tags=("PREL",))


class Queries:
    """The SQL each connection ran inside the block."""

    def __init__(self, aliases=BOTH):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in aliases}

    def __enter__(self):
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]

    def archive_reads(self, alias: str) -> list[str]:
        return [sql for sql in self.on(alias) if "cableroom_" in sql]


def change_url(cable) -> str:
    return f"/admin/cableroom/cable/{cable.pk}/change/"


def edit_through_the_admin(client, cable, subject: str):
    data = change_form_data(client.get(change_url(cable)))
    data["subject"] = subject
    response = client.post(change_url(cable), data)
    assert response.status_code == 302
    return response


# Without replicas: as before they existed.


@pytest.mark.django_db  # a query on replica1 would be refused, failing the test
def test_without_replicas_every_query_goes_to_the_primary_and_no_cookie_is_set(client, cable):
    curator = factories.curator()
    with Queries(["default"]) as queries:
        for path in [*PUBLIC_PAGES, "/cables.csv?tag=PREL"]:
            response = client.get(path)
            assert response.status_code == 200
            assert REFERENCE.encode() in response.getvalue() or path == "/tags/"
        client.force_login(curator)
        saved = edit_through_the_admin(client, cable, "BARLEY HARVEST")
        assert b"BARLEY HARVEST" in client.get(f"/cable/{REFERENCE}/").content
    assert len(queries.archive_reads("default")) > 10
    assert COOKIE not in saved.cookies and COOKIE not in client.cookies


@pytest.mark.django_db
def test_without_a_routed_request_the_router_leaves_django_its_default(cable):
    assert router.db_for_read(Cable) == "default"
    assert router.db_for_write(Cable, instance=cable) == "default"
    assert router.allow_migrate("replica1", "cableroom") is True


# The router itself.


@transactional
def test_a_route_sends_archive_reads_to_its_database_and_every_write_to_the_primary(
    with_replica, cable
):
    with routed(Route("replica1")) as route:
        assert router.db_for_read(Cable) == "replica1"
        # Accounts and sessions stay on the primary, which saw the sign-in.
        assert router.db_for_read(get_user_model()) == "default"
        assert not route.wrote
        from_replica = Cable.objects.using("replica1").get(pk=cable.pk)
        assert router.db_for_write(Cable, instance=from_replica) == "default"
        assert route.wrote
        assert router.allow_relation(from_replica, cable) is True
    assert router.allow_migrate("replica1", "cableroom") is False
    assert router.allow_migrate("default", "cableroom") is True


# Requests.


@transactional
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_reads_the_archive_from_the_replica(client, with_replica, cable, path):
    with Queries() as queries:
        assert client.get(path).status_code == 200
    assert any("cableroom_cable" in sql for sql in queries.archive_reads("replica1"))
    assert queries.archive_reads("default") == []


@transactional
def test_a_streamed_export_reads_its_rows_from_the_replica(client, with_replica, cable):
    with Queries() as queries:
        response = client.get("/cables.csv?tag=PREL")
        body = b"".join(response.streaming_content)
    assert REFERENCE.encode() in body
    rows = [sql for sql in queries.archive_reads("replica1") if "cableroom_cable" in sql]
    assert len(rows) >= 2  # the index, then the exported rows while streaming
    assert queries.archive_reads("default") == []


@transactional
def test_the_admin_reads_the_primary(client, with_replica, cable):
    client.force_login(factories.curator())
    with Queries() as queries:
        assert client.get(change_url(cable)).status_code == 200
        assert client.get("/admin/cableroom/cable/").status_code == 200
    assert queries.on("replica1") == []
    assert queries.archive_reads("default")


@transactional
def test_after_an_edit_the_curator_reads_the_primary_and_other_readers_the_replica(
    client, with_replica, cable
):
    client.force_login(factories.curator())
    saved = edit_through_the_admin(client, cable, "BARLEY HARVEST")
    cookie = saved.cookies[COOKIE]
    assert cookie["max-age"] >= read_your_writes_seconds()
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    with Queries() as queries:
        assert b"BARLEY HARVEST" in client.get(saved["Location"]).content
        assert b"BARLEY HARVEST" in client.get(f"/cable/{REFERENCE}/").content
    assert queries.on("replica1") == []
    with Queries() as queries:
        assert Client().get(f"/cable/{REFERENCE}/").status_code == 200
    assert queries.archive_reads("replica1") and queries.archive_reads("default") == []


def signed_wrote(when: float) -> str:
    with mock.patch("django.core.signing.time.time", return_value=when):
        return signing.get_cookie_signer(salt=COOKIE + SALT).sign("1")


@transactional
@pytest.mark.parametrize(
    "value, reads",
    [
        (lambda: signed_wrote(time.time() - 1), "default"),
        (lambda: signed_wrote(time.time() - read_your_writes_seconds() - 5), "replica1"),
        (lambda: "1:forged:value", "replica1"),
    ],
    ids=["recent", "too-old", "forged"],
)
def test_only_a_recent_signed_write_cookie_pins_reads_to_the_primary(
    client, with_replica, cable, value, reads
):
    client.cookies[COOKIE] = value()
    with Queries() as queries:
        assert client.get(f"/cable/{REFERENCE}/").status_code == 200
    assert queries.archive_reads(reads)
    assert queries.archive_reads("default" if reads == "replica1" else "replica1") == []


@pytest.fixture
def replica_unreachable(with_replica):
    """replica1 pointed at a database file or port where nothing answers."""
    replica = connections["replica1"]
    saved = dict(replica.settings_dict)
    if replica.vendor == "sqlite":
        replica.settings_dict["NAME"] = "/nonexistent-folder/cableroom.sqlite3"
    else:
        replica.settings_dict.update(HOST="127.0.0.1", PORT=1)
    # After the new name: SQLite never closes a connection to an in-memory database.
    replica.close()
    yield
    replica.close()
    replica.settings_dict.clear()
    replica.settings_dict.update(saved)


@transactional
def test_an_unreachable_replica_falls_back_to_the_primary_with_one_log_line(
    client, cable, replica_unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger=replica_health.__name__):
        for path in PUBLIC_PAGES:
            assert client.get(path).status_code == 200
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith("Replica replica1 is unreachable (")
    assert line.endswith("; reading the primary instead")


@transactional
def test_a_replica_failing_inside_a_view_runs_the_view_again_on_the_primary(
    client, with_replica, cable, caplog
):
    replica = connections["replica1"]
    if replica.vendor != "postgresql":
        pytest.skip("needs a server to end the replica's connection (PostgreSQL only)")

    def end_own_connection(execute, sql, params, many, context):
        # The replica's server process is ended, as a restarting replica would end it,
        # just before the view's first read of the cable rows.
        if "cableroom_cable" in sql and not ended:
            ended.append(replica.connection.info.backend_pid)
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [ended[0]])
        return execute(sql, params, many, context)

    ended = []
    with caplog.at_level(logging.WARNING, logger=replica_health.__name__):
        with replica.execute_wrapper(end_own_connection):
            response = client.get(f"/cable/{REFERENCE}/")
    assert ended and response.status_code == 200 and b"WHEAT HARVEST" in response.content
    [line] = [record.getMessage() for record in caplog.records]
    assert line.startswith("Replica replica1 is unreachable (")


# The browse index: one per generation, whichever database reads it.


@transactional
def test_the_primary_and_a_replica_at_one_generation_share_one_index(with_replica, cable):
    with routed(Route("replica1")):
        from_replica = browse_index()
    with routed(Route("default")):
        assert browse_index() is from_replica


@transactional
def test_an_index_is_kept_while_a_database_still_reads_its_generation(with_replica, cable):
    with routed(Route("replica1")):
        old = browse_index()
    edit_cable(cable=cable, values={"subject": "BARLEY"}, user=factories.curator())
    with routed(Route("default")):
        new = browse_index()
    assert new is not old and new.generation == current_generation()
    assert set(browse_index_module._indexes) == {old.generation, new.generation}
    with routed(Route("replica1")):  # the replica caught up: the old one goes
        assert browse_index() is new
    assert set(browse_index_module._indexes) == {new.generation}


@pytest.mark.django_db
def test_with_one_database_the_old_index_goes_as_the_new_one_comes(cable):
    old = browse_index()
    edit_cable(cable=cable, values={"subject": "BARLEY"}, user=factories.curator())
    new = browse_index()
    assert new is not old
    assert set(browse_index_module._indexes) == {new.generation}
