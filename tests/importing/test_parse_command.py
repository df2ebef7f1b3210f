"""parse_cables: arguments, output, problems on stderr, exit status, no database.

pytest-django blocks the database for tests without the `django_db` mark, so every test
here also proves the command never touches it.
"""

import gzip
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.paths import REPO

REPO = REPO
SEED = REPO.parent / "shared" / "seed" / "06ASTANA33.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"MISSING SEED: {SEED} not found")

CABLE = """P 191331Z APR 06
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 0107

UNCLAS ALMATY 000123

TAGS: PGOV, KZ
SUBJECT: TEST CABLE

1. (U) Text.
"""


def dump_row(origin: str) -> str:
    content = CABLE.replace('"', '\\"')
    return f'"7","4/19/2006 13:31","06ALMATY123","{origin}","UNCLASSIFIED","","","{content}"\n'


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("parse_cables", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_jsonl_prints_one_object_per_cable(tmp_path):
    (tmp_path / "a.txt").write_text(CABLE)
    (tmp_path / "cables.csv.gz").write_bytes(gzip.compress(dump_row("Embassy X").encode()))
    out, err = run(str(tmp_path), "--jsonl")
    objects = [json.loads(line) for line in out.splitlines()]
    assert [obj["source"]["path"] for obj in objects] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "cables.csv.gz"),
    ]
    assert objects[1]["source"] == {
        "path": str(tmp_path / "cables.csv.gz"),
        "row": 1,
        "id": "06ALMATY123",
    }
    assert objects[0]["date_time"] == "2006-04-19T13:31:00Z"
    assert err == ""


def test_text_only_takes_the_origin_from_the_text(tmp_path):
    path = tmp_path / "cables.csv"
    path.write_text(dump_row("Embassy Nowhere"))
    [with_source] = [json.loads(line) for line in run(str(path), "--jsonl")[0].splitlines()]
    [text_only] = [
        json.loads(line) for line in run(str(path), "--jsonl", "--text-only")[0].splitlines()
    ]
    assert with_source["origin"] == "Embassy Nowhere"
    assert text_only["origin"] != "Embassy Nowhere"
    assert any(w["field"] == "origin" for w in with_source["warnings"])
    assert not any(w["field"] == "origin" for w in text_only["warnings"])


def test_summary_reports_agreement_warnings_and_worst(tmp_path):
    path = tmp_path / "cables.csv"
    path.write_text(dump_row("Embassy Nowhere"))
    out, _ = run(str(path), "--text-only", "--worst", "3")
    assert out.startswith("Cables parsed: 1 (1 cables.csv); unreadable inputs: 0")
    assert "Agreement with the source's metadata" in out
    assert "Warnings by kind:" in out
    assert "Worst examples (up to 3):" in out
    assert f"{path} row 1 (line 1) [06ALMATY123]" in out


def test_problems_go_to_stderr_and_fail_the_command(tmp_path):
    (tmp_path / "good.txt").write_text(CABLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.csv").write_text('"1","4/19/2006 13:31","X","unclosed\n')
    (tmp_path / "notes.md").write_text("not a source")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 input"):
        call_command("parse_cables", str(tmp_path), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert f"{tmp_path / 'broken.csv'} row 1 (line 1): field 4 opens a quote" in lines[0]
    assert lines[1] == f"{tmp_path / 'empty.txt'}: empty file"
    assert lines[2].startswith(f"{tmp_path / 'notes.md'}: skipped")
    assert "Cables parsed: 1 (1 text); unreadable inputs: 2" in out.getvalue()


def test_missing_path_is_a_problem(tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "absent.csv"))


@needs_seed
def test_seed_through_the_command():
    out, _ = run(str(SEED), "--jsonl")
    [cable] = [json.loads(line) for line in out.splitlines()]
    assert cable["reference_id"] == "06ASTANA33"
    assert cable["tags"] == ["KCRM", "KDEM", "PGOV", "PREL", "SMIG", "SNAR", "KZ"]


@pytest.mark.slow
def test_runs_as_a_process_without_a_database(tmp_path):
    """Exit status 0, then 1 with a bad file; the database URL points nowhere."""
    (tmp_path / "a.txt").write_text(CABLE)
    env = {
        **os.environ,
        "SECRET_KEY": "test-only-key-not-secret-0123456789-abcdefghijklmnop",
        "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3",
    }
    command = [sys.executable, "manage.py", "parse_cables", str(tmp_path), "--jsonl"]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["id"] == "a"
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{tmp_path / 'b.txt'}: binary file" in done.stderr
