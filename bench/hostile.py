"""Hostile-request probe: gunicorn with the production settings on PostgreSQL, on loopback.

    .venv/bin/python bench/hostile.py --database-url postgres://.../cableroom_x \\
        [--curator ada --password ...]

Sends a fixed set of hostile requests (markup and SQL in every parameter, NUL, broken
percent-encoding, queries from 900 bytes to 1 MB, foreign Host headers, odd methods
and paths) and counts the answers by status; then the
sign-in findings of issue 22 with clients told apart by X-Forwarded-For (TRUST_PROXY=1,
as behind a proxy): one client trying 20 usernames, 12 wrong passwords at once for one
name, and the right password from another client meanwhile. Finally a second gunicorn
with a DATABASE_URL naming a database that does not exist, for /healthz and the 503
pages. Prints figures; asserts nothing. Every request goes to 127.0.0.1 only.
"""

import argparse
import http.client
import json
import random
import re
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import HOST, Server, collectstatic, free_port, production_env  # noqa: E402

NASTY = [
    "<script>alert(1)</script>",
    "'; DROP TABLE cableroom_cable; --",
    '"><img src=x onerror=alert(1)>',
    "%00",
    "\x00",
    "%ff%fe",
    "../../etc/passwd",
    "-1",
    "99999999999999999999",
    "2008-13-45",
    "*:*",
    "!!(&|",
    "OR",
    "-",
    "ЖЖЖ",
    " " * 50,
]
PARAMETERS = ["q", "tag", "origin", "addressee", "classification", "caveat", "year", "month"]
PARAMETERS += ["from", "to", "sort", "page", "addressee_role", "search", "cite"]
ROUTES = [
    "/",
    "/cables/",
    "/cables.json",
    "/cables.csv",
    "/feed/",
    "/cables/facets/tag/",
    "/tags/",
    "/missing/",
    "/cable/{id}/",
    "/cable/{id}.txt",
    "/cable/{id}.json",
    "/cable/{id}/versions/",
    "/cable/{id}/diff/",
]
ODD_PATHS = [
    "/cable/%3Cscript%3E/",
    "/cable/..%2f..%2fetc%2fpasswd.txt",
    "/cable/%ff%fe.json",
    "/cable/06X%00Y/",
    "/static/../cableroom/settings.py",
    "/cables/facets/%3Cb%3E/",
    "/cable/06ASTANA33/versions/99999999999999999999/",
    "/nothing.json",
    "/nothing.csv",
    "/sitemap-cables.xml?p=-1",
    "/admin/../healthz",
]


def main() -> int:
    args = parse_args()
    static = ROOT / "var" / "hostile-static"
    env = production_env(args.database_url, static)
    env["TRUST_PROXY"] = "1"  # clients told apart by X-Forwarded-For, as behind a proxy
    collectstatic(env)
    with gunicorn(env) as server:
        reference_id = first_reference_id(server)
        counts = probe_requests(server, reference_id)
        sign_in = probe_sign_in(server, args)
    bad_env = {**env, "DATABASE_URL": args.database_url.rsplit("/", 1)[0] + "/no_such_db_x"}
    with gunicorn(bad_env, ready_path="/static/cableroom/css/site.css") as server:
        down = probe_database_down(server)
    report(counts, sign_in, down)
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--curator", default="ada")
    parser.add_argument("--password", default="a-long-curator-password-7")
    return parser.parse_args()


def gunicorn(env: dict, ready_path: str = "/healthz") -> Server:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "cableroom.wsgi:application"]
    command += [f"--bind={HOST}:{port}", "--workers=3", "--worker-class=gthread"]
    command += ["--threads=4", "--limit-request-line=0", "--timeout=60"]
    return Server("gunicorn-hostile", command, port, env, ready_path)


def request(server, method, path, body=None, headers=None, timeout=20):
    """(status, headers, body) for one request on a connection of its own."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        connection.putrequest(method, path, skip_host="Host" in (headers or {}))
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        payload = body.encode() if isinstance(body, str) else body
        if payload is not None:
            connection.putheader("Content-Length", str(len(payload)))
        connection.endheaders(payload)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
        return 0, {}, str(error).encode()
    finally:
        connection.close()


def first_reference_id(server) -> str:
    _, _, body = request(server, "GET", "/cables.json")
    found = re.search(r'"reference_id":\s*"([^"]+)"', body.decode())
    return found.group(1) if found else "06ASTANA33"


def hostile_requests(reference_id: str):
    """(kind, method, path, headers) of every hostile request."""
    for route in ROUTES:
        path = route.format(id=reference_id)
        for name in PARAMETERS:
            for value in NASTY:
                yield "parameters", "GET", f"{path}?{quote(name)}={quote(value, safe='%')}", {}
    for path in ODD_PATHS:
        yield "odd paths", "GET", path, {}
    for size in [900, 1001, 5_000, 9_000, 20_000, 100_000, 1_200_000]:
        yield f"q of {size:,} bytes", "GET", "/cables/?" + urlencode({"q": "x" * size}), {}
    yield "q of 1,000 non-ASCII", "GET", "/cables/?" + urlencode({"q": "Ж" * 1000}), {}
    for host in ["evil.example", "127.0.0.1:1@evil", "[::1]:x", "a" * 300]:
        yield "foreign Host", "GET", "/", {"Host": host}
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]:
        yield "methods", method, "/cables/", {}
        yield "methods", method, f"/cable/{reference_id}.json", {}


def probe_requests(server, reference_id: str) -> dict:
    counts: dict[str, Counter] = {}
    notes = []
    for kind, method, path, headers in hostile_requests(reference_id):
        status, _, body = request(server, method, path, headers=headers)
        counts.setdefault(kind, Counter())[status] += 1
        if status >= 500 or status == 0:
            notes.append(f"{status} {method} {path[:120]}")
        if kind.startswith("q of") and b"Request Line is too large" in body:
            notes.append(f"gunicorn answered, not the app: {kind}")
    return {"counts": counts, "notes": notes}


class SignInClient:
    """One sign-in client: its own X-Forwarded-For address and CSRF cookie."""

    def __init__(self, server, address: str):
        self.server, self.address = server, address
        status, headers, body = request(server, "GET", "/admin/login/", headers=self.headers())
        self.cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
        self.token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def headers(self, **more) -> dict:
        return {"X-Forwarded-For": self.address, **more}

    def sign_in(self, username: str, password: str) -> int:
        form = {"csrfmiddlewaretoken": self.token.decode(), "username": username}
        form.update(password=password, next="/admin/")
        headers = self.headers(**{"Cookie": f"csrftoken={self.cookie}"})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, _, _ = request(self.server, "POST", "/admin/login/", urlencode(form), headers)
        return status


def probe_sign_in(server, args) -> dict:
    # Addresses of this run only: a lock from an earlier run lasts 15 minutes. They are
    # header values the server counts by, never addresses anything is sent to.
    sprayer, crowd_address, elsewhere_address = (
        f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}" for _ in range(3)
    )
    sprayer = SignInClient(server, sprayer)
    spray = [sprayer.sign_in(f"user{number}", "guess") for number in range(20)]
    crowd = [SignInClient(server, crowd_address) for _ in range(12)]
    concurrent: list[int] = []
    start = threading.Barrier(len(crowd))

    def attempt(client):
        start.wait()
        concurrent.append(client.sign_in(args.curator, "wrong"))

    threads = [threading.Thread(target=attempt, args=(client,)) for client in crowd]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elsewhere = SignInClient(server, elsewhere_address).sign_in(args.curator, args.password)
    return {
        "20 usernames from one client": spray,
        "12 wrong passwords at once": sorted(concurrent),
        "right password from another client": elsewhere,
    }


def probe_database_down(server) -> dict:
    found = {}
    for path in ["/healthz", "/", "/cables/", "/cables.json", "/cable/06ASTANA33.txt"]:
        status, headers, body = request(server, "GET", path)
        leaks = [word for word in ["no_such_db_x", "5432", "127.0.0.1"] if word in body.decode()]
        found[path] = (status, headers.get("Retry-After"), headers.get("Content-Type"), leaks)
    return found


def report(counts: dict, sign_in: dict, down: dict) -> None:
    total = Counter()
    print("\nHostile requests (status: count)")
    for kind, statuses in counts["counts"].items():
        total.update(statuses)
        print(f"  {kind:<26} {dict(sorted(statuses.items()))}")
    server_errors = sum(n for status, n in total.items() if status >= 500 or status == 0)
    print(f"  {'all':<26} {sum(total.values()):,} requests, {server_errors} 5xx or no answer")
    for note in counts["notes"]:
        print(f"  ! {note}")
    print("\nSign-in")
    for name, value in sign_in.items():
        print(f"  {name}: {value}")
    print("\nDatabase unreachable (status, Retry-After, Content-Type, leaked words)")
    for path, found in down.items():
        print(f"  {path:<24} {found}")
    print(json.dumps({"requests": sum(total.values()), "server_errors": server_errors}))


if __name__ == "__main__":
    sys.exit(main())
