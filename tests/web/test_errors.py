"""Error answers: `.json`, `.txt` and `.csv` addresses in their own format, pages that
cost no query, and 503 with Retry-After while the database is away."""

import io
import logging

import pytest
from django.db import OperationalError
from django.test import Client

from cableroom.web import errors
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/cable/06NOWHERE1.json", 404, "No cable 06NOWHERE1 in the archive"),
        ("/cable/06NOWHERE1/versions/1.txt", 404, "No cable 06NOWHERE1 in the archive"),
        ("/cable/06HERE1/versions/9.txt", 404, "06HERE1 has no version 9"),
        ("/nothing-here.json", 404, "There is no page at this address."),
    ],
)
def test_json_and_text_addresses_answer_errors_in_their_own_format(client, url, status, message):
    factories.cable("06HERE1")
    response = client.get(url)
    assert response.status_code == status
    # A stale length from the HTML page would leave a real client waiting for bytes.
    assert int(response["Content-Length"]) == len(response.content)
    if url.endswith(".json"):
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"status": status, "error": message}
    else:
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == f"{status} {message}\n"


def test_a_withdrawn_cables_text_form_says_so_in_plain_text(client):
    factories.cable("06GONE1", withdrawal_reason="Duplicate.", withdrawn_at="2024-05-01T00:00Z")
    response = client.get("/cable/06GONE1.txt")
    assert response.status_code == 410
    assert response.content.decode().startswith("410 06GONE1 was withdrawn by a curator")


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/cable/06NOWHERE1/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = client.get("/nothing-here/").content.decode()
    assert 'class="site-header"' in html and "There is no page at this address." in html


def test_a_404_page_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/cables/", "text/html; charset=utf-8"),
        ("/cables.json", "application/json"),
        ("/cables.csv", "text/plain; charset=utf-8"),
    ],
)
def test_a_database_that_stops_answering_gives_503(monkeypatch, url, content_type):
    from django.db.backends.utils import CursorWrapper

    def unreachable(self, sql, params=None):
        raise OperationalError('connection to server at "10.9.9.9", port 5432 failed')

    monkeypatch.setattr(CursorWrapper, "execute", unreachable)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert int(response["Retry-After"]) == errors.RETRY_AFTER_SECONDS
    assert response["Content-Type"] == content_type
    assert "10.9.9.9" not in response.content.decode()


def test_the_500_handler_tells_a_database_outage_from_a_bug(rf, caplog):
    request = rf.get("/cables/")
    try:
        raise OperationalError('connection to server at "10.9.9.9", port 5432 failed')
    except OperationalError:
        with caplog.at_level(logging.ERROR):
            outage = errors.server_error(request)
    try:
        raise ValueError("a bug of ours")
    except ValueError:
        bug = errors.server_error(request)
    assert outage.status_code == 503
    assert int(outage["Retry-After"]) == errors.RETRY_AFTER_SECONDS
    assert "10.9.9.9" not in outage.content.decode()
    assert bug.status_code == 500 and not bug.has_header("Retry-After")
    assert "Something went wrong on our side." in bug.content.decode()


def test_a_bad_host_logs_one_line_without_a_traceback(client):
    logger = logging.getLogger("django.security.DisallowedHost")
    (handler,) = [
        h for h in logger.handlers if any(isinstance(f, errors.NoTraceback) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        response = client.get("/", HTTP_HOST="evil.example")
    finally:
        handler.setStream(previous)
    assert response.status_code == 400
    logged = stream.getvalue().strip().splitlines()
    assert len(logged) == 1, logged
    assert "Invalid HTTP_HOST header: 'evil.example'" in logged[0]


def test_a_csrf_refusal_of_a_json_address_is_json_with_its_own_length(client):
    response = Client(enforce_csrf_checks=True).post("/cable/06HERE1.json")
    assert response.status_code == 403
    assert response.json() == {"status": 403, "error": "Forbidden"}
    assert int(response["Content-Length"]) == len(response.content)
