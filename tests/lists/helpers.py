"""Requests the reading-list tests make the way a browser would: a form's CSRF token
read from the page it came from, then a POST."""

import re

from django.test import Client

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIST_ADDRESS = re.compile(r"^/lists/([A-Za-z0-9_-]{43})/")


def csrf_token(client: Client, path: str, data=None) -> str:
    page = client.get(path, data or {})
    assert page.status_code == 200, page.content[:500]
    return TOKEN_FIELD.search(page.content.decode()).group(1)


def add(client: Client, cable: str, paragraph: str = "", **fields):
    """Add from the cable page's form: GET the "add" page, then POST its form."""
    token = csrf_token(client, "/lists/add/", {"cable": cable, "paragraph": paragraph})
    data = {"csrfmiddlewaretoken": token, "cable": cable, "paragraph": paragraph, **fields}
    return client.post("/lists/add/", data)


def edit_token(response) -> str:
    return LIST_ADDRESS.match(response["Location"]).group(1)
