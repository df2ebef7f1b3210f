"""The site over a real PostgreSQL primary and a real streaming replica of it.

The module starts its own two clusters (tests/pg_clusters.py), migrates and fills the
primary, makes the replica with pg_basebackup, and serves the site twice with gunicorn:
`lenient` may read a replica up to an hour behind, `strict` one second. Pausing the
replica's replay (pg_wal_replay_pause) holds it at an older state of the data, so
which database a page was read from shows in the page itself.
"""

import json
import os
import re
import shutil
import time
from dataclasses import dataclass

import pytest

from cableroom.web.replica_health import CHECK_SECONDS
from tests.pg_clusters import PrimaryAndReplica, free_port, server_bin
from tests.web.site_client import Client, Site, form_fields, manage, replaced, site_env

pytestmark = pytest.mark.slow

DATABASE = "cableroom"
CURATOR, PASSWORD = "alice", "a-curator-password-for-tests-9"
SKIP_LINE = re.compile(r"Replica replica1 (.*); reading the primary instead")


def missing(reason: str) -> None:
    """Skip loudly on a reader's machine; fail in CI, where the binaries must be there."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(f"REPLICA TESTS NOT RUN: {reason}")


@dataclass
class Archive:
    clusters: PrimaryAndReplica
    lenient: Site
    strict: Site

    def on_primary(self, sql: str):
        return self.clusters.primary.query(sql, DATABASE)

    def on_replica(self, sql: str):
        return self.clusters.replica.query(sql, DATABASE)

    def pause_replay(self) -> None:
        """Hold the replica at the data as it is now, its last replayed commit just made."""
        self.on_primary("SELECT txid_current()")  # a commit, as on a busy primary
        self.clusters.wait_for_replay(DATABASE)
        self.on_replica("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.on_replica("SELECT pg_wal_replay_resume()")
        self.clusters.wait_for_replay(DATABASE)

    def a_cable(self) -> tuple[int, str]:
        return self.on_primary(
            "SELECT id, reference_id FROM cableroom_cable WHERE withdrawn_at IS NULL "
            "ORDER BY id LIMIT 1"
        )


@pytest.fixture(scope="module")
def archive():
    bindir = server_bin()
    if bindir is None:
        missing("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        missing("running as root without runuser to start PostgreSQL as postgres")
    clusters = PrimaryAndReplica(bindir)
    sites: list[Site] = []
    try:
        clusters.start_primary()
        clusters.primary.query(f"CREATE DATABASE {DATABASE}")
        static = clusters.root / "static"
        env = site_env(static, DATABASE_URL=clusters.primary.url(DATABASE))
        manage(
            {**env, "DJANGO_CURATOR_PASSWORD": PASSWORD},
            ["migrate", "--noinput", "-v", "0"],
            ["generate_cables", "--count", "40", "--seed", "1", "--format", "db"],
            ["createcurator", CURATOR, "--noinput"],
            ["collectstatic", "--noinput", "-v", "0"],
        )
        clusters.start_replica()
        clusters.wait_for_replay(DATABASE)
        taken = {clusters.primary.port, clusters.replica.port}
        for name, lag in (("lenient", "3600"), ("strict", "1")):
            port = free_port(taken)
            taken.add(port)
            site_settings = {
                "DATABASE_REPLICA_URLS": clusters.replica.url(DATABASE),
                "DATABASE_REPLICA_MAX_LAG": lag,
                "PAGE_CACHE_DIR": str(clusters.root / f"pages-{name}"),
            }
            sites.append(Site({**env, **site_settings}, port, clusters.root / f"{name}.log"))
            sites[-1].start()
        for site in sites:
            site.wait_until_ready()
        yield Archive(clusters, *sites)
    finally:
        for site in sites:
            site.stop()
        clusters.remove()


def subject_of(site: Site, reference_id: str, client: Client | None = None) -> str:
    response = (client or Client(site)).get(f"/cable/{reference_id}.json")
    assert response.status == 200, response.body[:300]
    return json.loads(response.body)["subject"]


def count_of(site: Site, query: str, client: Client | None = None) -> int:
    response = (client or Client(site)).get(f"/cables.json?{query}")
    assert response.status == 200, response.body[:300]
    return json.loads(response.body)["count"]


def skips(site: Site) -> list[str]:
    return SKIP_LINE.findall(site.log_text())


def test_reads_come_from_the_replica(archive):
    cable_id, reference_id = archive.a_cable()
    archive.pause_replay()
    try:
        archive.on_primary(
            f"UPDATE cableroom_cable SET subject = 'QUOKKA CENSUS' WHERE id = {cable_id}"
        )
        # The paused replica has not seen the update: pages without it were read there.
        assert count_of(archive.lenient, "q=quokka") == 0
        assert subject_of(archive.lenient, reference_id) != "QUOKKA CENSUS"
    finally:
        archive.resume_replay()
    assert count_of(archive.lenient, "q=quokka") == 1
    assert subject_of(archive.lenient, reference_id) == "QUOKKA CENSUS"


def test_a_curators_write_goes_to_the_primary_and_they_read_it_at_once(archive):
    cable_id, reference_id = archive.a_cable()
    curator, reader = Client(archive.lenient), Client(archive.lenient)
    curator.log_in(CURATOR, PASSWORD)
    change = f"/admin/cableroom/cable/{cable_id}/change/"
    fields = form_fields(curator.get(change).body, "cable_form")
    curator.cookies.pop("cableroom_wrote", None)  # signing in wrote too
    archive.pause_replay()
    try:
        new_subject = "ZANZIBARITE QUARRY TALKS"
        saved = curator.post(change, replaced(fields, "subject", new_subject))
        assert saved.status == 302, saved.body[:2000]
        assert "cableroom_wrote" in curator.cookies
        # The write is on the primary; the paused replica has not seen it.
        primary_subject = f"SELECT subject FROM cableroom_cable WHERE id = {cable_id}"
        assert archive.on_primary(primary_subject)[0] == new_subject
        assert archive.on_replica(primary_subject)[0] != new_subject
        # The redirect after the edit, and the public pages the curator checks next.
        assert curator.get(saved.headers["Location"]).status == 200
        assert new_subject in curator.get(f"/cable/{reference_id}/").body
        assert subject_of(archive.lenient, reference_id, curator) == new_subject
        # The full-text match and the facet index follow the reader's database too,
        # in the same server process: the curator finds the new word, a reader not yet.
        assert count_of(archive.lenient, "q=zanzibarite", curator) == 1
        assert count_of(archive.lenient, "q=zanzibarite", reader) == 0
        assert subject_of(archive.lenient, reference_id, reader) != new_subject
    finally:
        archive.resume_replay()
    assert count_of(archive.lenient, "q=zanzibarite", reader) == 1


def test_a_lagging_replica_is_skipped_with_one_log_line(archive):
    cable_id, _ = archive.a_cable()
    logged = len(skips(archive.strict)), len(skips(archive.lenient))
    archive.pause_replay()
    try:
        public = count_of(archive.strict, "")
        withdraw = f"UPDATE cableroom_cable SET withdrawn_at = now() WHERE id = {cable_id}"
        archive.on_primary(withdraw)
        # Long enough for the strict site's check to expire and the lag to pass 1 s.
        time.sleep(CHECK_SECONDS + 1.5)
        assert count_of(archive.strict, "") == public - 1
        assert count_of(archive.strict, "") == public - 1
        # The same replica at the same moment, within the lenient site's limit.
        assert count_of(archive.lenient, "") == public
        assert len(skips(archive.strict)) == logged[0] + 1
        reason = skips(archive.strict)[-1]
        assert re.fullmatch(r"is [\d.]+ s behind the primary \(limit 1 s\)", reason), reason
        assert len(skips(archive.lenient)) == logged[1]
    finally:
        archive.on_primary(f"UPDATE cableroom_cable SET withdrawn_at = NULL WHERE id = {cable_id}")
        archive.resume_replay()


def test_a_stopped_replica_falls_back_to_the_primary_with_one_log_line(archive):
    _, reference_id = archive.a_cable()
    reader = Client(archive.lenient)
    logged = len(skips(archive.lenient))
    expected = count_of(archive.lenient, "", reader)  # the worker holds a replica connection
    archive.clusters.replica.stop()
    try:
        for _ in range(3):
            assert count_of(archive.lenient, "", reader) == expected
            page = reader.get(f"/cable/{reference_id}/")
            assert page.status == 200 and reference_id in page.body
        assert len(skips(archive.lenient)) == logged + 1
        reason = skips(archive.lenient)[-1]
        assert reason.startswith("is unreachable"), reason
    finally:
        archive.clusters.replica.start()
