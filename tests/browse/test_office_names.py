"""Browse links written with an office's old spelling lead to the office's name now."""

import pytest

from cableroom.browse.office_names import current_name
from tests import factories

pytestmark = pytest.mark.django_db

POSTS = {"SECDEF WASHINGTON DC", "Embassy Paris"}


@pytest.mark.parametrize(
    ("written", "now"),
    [
        ("SECDEF WASHDC", "SECDEF WASHINGTON DC"),
        ("SECDEF WASHDC//USDP/ISA/AP//", "SECDEF WASHINGTON DC"),
        ("-SECDEF WASHDC", "-SECDEF WASHINGTON DC"),
        ("AMEMBASSY PARIS", "Embassy Paris"),
        ("Embassy Paris", "Embassy Paris"),
        ("NOWHERE AT ALL", "NOWHERE AT ALL"),  # unknown stays, for the usual 400
        ("SECDEF WASHDC|AMEMBASSY PARIS", "SECDEF WASHINGTON DC|Embassy Paris"),
        ("-SECDEF WASHDC|Embassy Paris", "-SECDEF WASHINGTON DC|Embassy Paris"),
    ],
)
def test_current_name(written, now):
    assert current_name(written, POSTS) == now


@pytest.fixture
def secdef_cable():
    return factories.cable("06TESTVILLE1", to=("SECDEF WASHINGTON DC",))


@pytest.mark.parametrize("path", ["/cables/", "/cables.json", "/cables/facets/tag/"])
def test_an_old_spelling_redirects_to_the_current_name(client, secdef_cable, path):
    response = client.get(path, {"addressee": "SECDEF WASHDC//J5//", "tag": "PREL"})
    assert response.status_code == 302
    assert response["Location"] == f"{path}?addressee=SECDEF+WASHINGTON+DC&tag=PREL"
    assert client.get(response["Location"]).status_code == 200


def test_current_names_are_not_redirected(client, secdef_cable):
    assert client.get("/cables/", {"addressee": "SECDEF WASHINGTON DC"}).status_code == 200
