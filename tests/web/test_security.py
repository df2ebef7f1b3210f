"""Security headers on real responses, request bounds, and the per-client rate limit."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from cableroom.web import clients, ratelimit, security
from cableroom.web.ratelimit import Bucket, take_token
from tests import factories
from tests.html_checks import inline_scripts
from tests.paths import REPO


def directives(policy: str) -> dict[str, list[str]]:
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_protective_headers(response) -> None:
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"], "scripts only from our own origin"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.fixture
def seed_cable(db):
    return factories.cable("06TESTVILLE5", subject="HEADERS ON EVERY PAGE")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cable/06TESTVILLE5/",
        "/cable/06TESTVILLE5.txt",
        "/cable/06TESTVILLE5.json",
        "/cable/NOSUCH1/",
        "/robots.txt",
        "/admin/login/",
    ],
)
def test_every_kind_of_response_carries_the_protective_headers(client, seed_cable, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_protective_headers(response)


def test_the_policy_allows_no_inline_or_evaluated_script():
    policy = directives(security.CONTENT_SECURITY_POLICY)
    script_sources = policy["script-src"]
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    assert not any(source.startswith(("http", "*", "data:")) for source in script_sources)


def test_the_finder_would_see_what_the_policy_blocks():
    page = '<script>alert(1)</script><a href="javascript:x()">a</a><img onerror="x">'
    assert len(inline_scripts(page)) == 3
    assert inline_scripts('<script src="/a.js"></script><script type="application/json">') == []


def test_pages_of_ours_have_no_inline_script_the_policy_would_block(client, seed_cable):
    for url in ["/", "/cable/06TESTVILLE5/", "/cable/NOSUCH1/", "/missing/"]:
        assert inline_scripts(client.get(url).content.decode()) == [], url


def test_templates_have_no_inline_script_or_event_handler():
    offenders = []
    for template in sorted((REPO / "templates").rglob("*.html")):
        text = template.read_text()
        found = [item for item in inline_scripts(text) if "{%" not in item]
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", text):
            found.append("inline <script>")
        if found:
            offenders.append(f"{template.relative_to(REPO)}: {found}")
    assert offenders == []


# --- Request bounds ---------------------------------------------------------------------


def test_the_middleware_bound_is_the_search_parsers_own():
    from cableroom.search import query as search_query

    assert security.MAX_QUERY_CHARS == search_query.MAX_QUERY_CHARS


@pytest.mark.django_db
def test_a_query_over_the_bound_is_refused_with_400_and_a_message(client):
    response = client.get("/", {"q": "x" * (security.MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400
    assert "The search is too long" in response.content.decode()
    assert_protective_headers(response)


@pytest.mark.django_db
def test_a_query_at_the_bound_reaches_the_view(client):
    assert client.get("/", {"q": "x" * security.MAX_QUERY_CHARS}).status_code == 200


@pytest.mark.django_db
def test_a_repeated_query_parameter_is_bounded_too(client):
    query = f"q=short&q={'y' * (security.MAX_QUERY_CHARS + 1)}"
    assert client.get(f"/?{query}").status_code == 400


@pytest.mark.django_db
def test_an_absurd_query_string_is_refused_with_414(client):
    query = "&".join(f"tag=T{i}" for i in range(security.MAX_QUERY_STRING_CHARS // 5))
    assert client.get(f"/?{query}").status_code == 414


def test_machine_readable_forms_are_refused_in_their_own_format(client):
    response = client.get("/cables.json", {"q": "x" * 5000})
    assert response.status_code == 400
    assert response.json()["error"].startswith("The search is too long")
    response = client.get("/cables.csv", {"q": "x" * 5000})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("400 The search is too long")


# --- Rate limit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bucket", "now", "tokens_after", "wait"),
    [
        (None, 100.0, 2.0, 0.0),  # first visit: full bucket of 3, one taken
        (Bucket(0.0, 100.0), 100.0, 0.0, 1.0),  # empty: one token a second away
        (Bucket(0.0, 100.0), 100.5, 0.5, 0.5),  # half refilled: half a second to go
        (Bucket(0.0, 100.0), 101.0, 0.0, 0.0),  # refilled one token and spent it
        (Bucket(1.0, 100.0), 1000.0, 2.0, 0.0),  # long idle: capped at capacity
        (Bucket(2.0, 100.0), 50.0, 1.0, 0.0),  # clock went back: no refill, no crash
    ],
)
def test_take_token(bucket, now, tokens_after, wait):
    after, waited = take_token(bucket, now=now, per_second=1.0, capacity=3)
    assert after.tokens == pytest.approx(tokens_after)
    assert after.updated == now
    assert waited == pytest.approx(wait)


@pytest.mark.parametrize(
    ("path", "query", "expensive"),
    [
        ("/cables/", {"q": "nuclear"}, True),
        ("/cables/", {"q": "  "}, False),
        ("/cables/", {"tag": "PREL"}, False),
        ("/cables.json", {}, True),
        ("/cables.csv", {"tag": "PREL"}, True),
        ("/cables/facets/tag.json", {}, True),
        ("/feed/", {}, True),
        ("/cable/06ASTANA33/", {}, False),
        ("/cable/06ASTANA33.json", {}, False),
        ("/cable/06ASTANA33.txt", {}, False),
    ],
)
def test_which_requests_count_against_the_limit(rf, path, query, expensive):
    assert ratelimit.is_expensive(rf.get(path, query)) is expensive


@pytest.fixture
def limited():
    caches[ratelimit.CACHE_ALIAS].clear()
    with override_settings(RATE_LIMIT_PER_MINUTE=60, RATE_LIMIT_BURST=3):
        yield
    caches[ratelimit.CACHE_ALIAS].clear()


@pytest.mark.django_db
def test_a_client_over_its_burst_gets_429_with_retry_after(client, limited):
    statuses = [client.get("/", {"q": "heroin"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/", {"q": "heroin"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 2
    assert "Too many searches" in refused.content.decode()
    assert_protective_headers(refused)


@pytest.mark.django_db
def test_cheap_pages_and_other_clients_are_not_limited(client, limited, seed_cable):
    for _ in range(4):
        client.get("/", {"q": "heroin"})
    assert client.get("/", {"q": "heroin"}).status_code == 429
    assert client.get(reverse("cable-detail", args=["06TESTVILLE5"])).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/", {"q": "heroin"}, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_the_bucket_refills_with_time(client, limited, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock[0])
    for _ in range(3):
        assert client.get("/", {"q": "heroin"}).status_code == 200
    assert client.get("/", {"q": "heroin"}).status_code == 429
    clock[0] += 1.0  # 60 a minute: one token a second
    assert client.get("/", {"q": "heroin"}).status_code == 200
    assert client.get("/", {"q": "heroin"}).status_code == 429


@pytest.mark.django_db
def test_the_limit_is_off_at_zero(client):
    caches[ratelimit.CACHE_ALIAS].clear()
    with override_settings(RATE_LIMIT_PER_MINUTE=0, RATE_LIMIT_BURST=1):
        assert {client.get("/", {"q": "x"}).status_code for _ in range(5)} == {200}


def test_forwarded_for_is_ignored_unless_trusted(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    with override_settings(TRUST_PROXY=False):
        assert clients.client_address(request) == "10.0.0.1"
    with override_settings(TRUST_PROXY=True):
        # The rightmost hop is the one our proxy wrote; the client could forge the rest.
        assert clients.client_address(request) == "203.0.113.9"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("not an address", None),
        ("", None),
    ],
)
def test_clients_are_keyed_by_address_and_ipv6_by_its_slash_64(address, key):
    assert clients.client_key(address) == key


@pytest.mark.django_db
def test_one_ipv6_slash_64_shares_one_bucket(client, limited):
    for host in range(1, 4):
        response = client.get("/", {"q": "heroin"}, REMOTE_ADDR=f"2001:db8:7:7::{host}")
        assert response.status_code == 200
    assert client.get("/", {"q": "x"}, REMOTE_ADDR="2001:db8:7:7::99").status_code == 429
    assert client.get("/", {"q": "x"}, REMOTE_ADDR="2001:db8:7:8::1").status_code == 200


@pytest.mark.django_db
def test_sign_in_posts_are_limited_too(client, limited):
    data = {"username": "nobody", "password": "x"}
    statuses = [client.post("/admin/login/", data).status_code for _ in range(4)]
    assert statuses[3] == 429
    assert client.get("/admin/login/").status_code == 200, "reading the form is not limited"


# --- Production settings, in a process of their own --------------------------------------

PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="cables.example.org")
plain = client.get("/robots.txt")
forged = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
health = client.get("/healthz")
secure = client.get("/robots.txt", secure=True)
login = client.get("/admin/login/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "forged": [forged.status_code, "Strict-Transport-Security" in forged],
    "health": health.status_code,
    "secure": dict(secure.headers),
    "login_status": login.status_code,
    "csrf_cookie": dict(login.cookies["csrftoken"]) if "csrftoken" in login.cookies else None,
}))
"""


OURS = ("RATE_LIMIT", "SECURE_", "TRUST_")


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """What a production process answers: HTTPS redirect, HSTS, secure cookies."""
    static_root = tmp_path_factory.mktemp("static")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("RATE_LIMIT", "SECURE_", "TRUST_"))
        },
        "DJANGO_SETTINGS_MODULE": "cableroom.settings",
        "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "cables.example.org",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"sqlite:///{static_root / 'empty.sqlite3'}",
    }
    run = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(run, cwd=REPO, env=env, check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_production_redirects_plain_http_to_https(production):
    status, location = production["plain"]
    assert status == 301
    assert location == "https://cables.example.org/robots.txt"


@pytest.mark.slow
def test_production_answers_health_checks_over_plain_http(production):
    # compose's and load balancers' checks speak HTTP to gunicorn itself: no redirect.
    # (503: the probe's database is empty, so migrations are not applied.)
    assert production["health"] == 503


@pytest.mark.slow
def test_production_does_not_believe_x_forwarded_proto_unless_told(production):
    # Without TRUST_PROXY a client reaching gunicorn directly cannot claim HTTPS.
    assert production["forged"] == [301, False]


@pytest.mark.slow
def test_production_sends_hsts_and_the_policy_over_https(production):
    headers = production["secure"]
    assert headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.slow
def test_production_cookies_are_secure(production):
    assert production["login_status"] == 200
    cookie = production["csrf_cookie"]
    assert cookie is not None
    assert cookie["secure"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/cable/06TEST%00VILLE1/", "/?tag=PR%00EL", "/?t%00ag=PREL"])
def test_a_nul_anywhere_in_the_address_is_refused_with_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/feed/?q=0%1F0", "/cables/?q=a%0Bb", "/?t%01ag=x", "/cable/06X%1B1/"]
)
def test_a_control_character_in_the_address_is_refused_with_400(client, url):
    # The feed's title repeats the query, and XML 1.0 cannot hold these (it was a 500).
    response = client.get(url)
    assert response.status_code == 400
    assert "control character" in response.content.decode()


@pytest.mark.django_db
def test_tabs_and_line_breaks_in_a_query_are_not_control_characters_to_refuse(client):
    assert client.get("/cables/", {"q": "nuclear\tprogram\r\niran"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/cables/?q=wheat", "/cables.json", "/cables.csv?tag=PREL", "/feed/"]
)
def test_the_real_expensive_endpoints_are_limited(client, limited, url):
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses[:3] == [200] * 3
    assert statuses[3] == 429
    assert client.get("/cables/").status_code == 200, "browsing without a query is not limited"
