"""Who reaches the admin: nobody anonymous, curators for curation only, never user management."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable, Change, Note, PostName, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def admin_patterns(resolver=None, prefix=""):
    """Every URL pattern under /admin/, as (name, route) with the route's converters kept."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from admin_patterns(entry, route)
        elif isinstance(entry, URLPattern) and route.startswith("admin/"):
            yield entry.name, route


def fill(route: str, objects: dict) -> str:
    """A concrete path for a route: ids of real objects, plausible values for the rest."""
    model_pk = objects.get(_model_in(route), objects["cable"])
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"<(?:int|path|str):(?:object_id|pk)>", str(model_pk), path)
    path = re.sub(r"<int:change_id>", str(objects["change"]), path)
    path = re.sub(r"<(?:path|str|int):\w*content_type_id>", str(objects["content_type"]), path)
    path = re.sub(r"<(?:str|path):key>", "0" * 40, path)
    path = re.sub(r"<\w+:\w+>", "1", path)
    path = re.sub(r"<\w+>", "1", path)
    # Regex routes left by the admin (app_list, catch-all): a real app and page.
    path = re.sub(r"\(\?P<app_label>[^)]*\)", "cableroom", path)
    path = re.sub(r"\(\?P<url>[^)]*\)", "no-such-page/", path)
    return "/" + path


def _model_in(route: str) -> str:
    parts = route.split("/")
    return parts[2] if len(parts) > 2 else ""


@pytest.fixture
def objects(django_user_model):
    cable = factories.cable(tags=("ZZONE",))
    user = django_user_model.objects.create_user("someone", password="x")
    [change] = curation.edit_cable(cable=cable, values={"subject": "X"}, user=user)
    note = Note.objects.create(cable=cable, text="n")
    post_name = PostName.objects.create(post=cable.origin, name="AMEMBASSY TESTVILLE")
    return {
        "cable": cable.pk,
        "cableforreview": cable.pk,
        "change": change.pk,
        "note": note.pk,
        "postname": post_name.pk,
        "tag": Tag.objects.get(code="ZZONE").pk,
        "post": cable.origin_id,
        "user": user.pk,
        "group": Group.objects.get(name="curator").pk,
        "content_type": change.content_type_id,
    }


def test_the_walk_finds_the_curation_pages():
    names = {name for name, _ in admin_patterns()}
    assert {"cableroom_cable_withdraw", "cableroom_tag_merge", "auth_user_changelist"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_reaches_no_admin_page(client, objects, method):
    checked = 0
    for name, route in admin_patterns():
        if name == "login":
            continue
        path = fill(route, objects)
        response = getattr(client, method)(path)
        assert response.status_code in (302, 405), (path, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith(("/admin/login/", reverse("admin:index"))), path
        checked += 1
    assert checked > 60
    # Nothing an anonymous POST reached changed anything.
    assert Change.objects.count() == 1
    assert not Cable.objects.filter(withdrawn_at__isnull=False).exists()


def test_the_login_page_itself_is_open(client):
    assert client.get(reverse("admin:login")).status_code == 200


def test_a_reader_account_without_staff_reaches_nothing(client, objects):
    get_user_model().objects.create_user("reader", password="x")
    client.login(request=HttpRequest(), username="reader", password="x")
    response = client.get(reverse("admin:cableroom_cable_changelist"))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    "url",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
    ],
)
def test_a_curator_cannot_reach_user_management(curator_client, url):
    assert curator_client.get(reverse(url)).status_code == 403


def test_a_curator_cannot_change_users_or_groups_by_id(curator_client, objects):
    for url in ("admin:auth_user_change", "admin:auth_user_password_change"):
        assert curator_client.get(reverse(url, args=[objects["user"]])).status_code == 403
    response = curator_client.get(reverse("admin:auth_group_change", args=[objects["group"]]))
    assert response.status_code == 403


def test_a_curator_cannot_delete_cables(curator_client, objects):
    url = reverse("admin:cableroom_cable_delete", args=[objects["cable"]])
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    assert Cable.objects.filter(pk=objects["cable"]).exists()


def test_the_admin_index_shows_curation_but_not_users(curator_client):
    page = curator_client.get(reverse("admin:index")).content.decode()
    assert "Review queue" in page and "Cables" in page and "Tags" in page
    assert "/admin/auth/user/" not in page


@pytest.mark.parametrize(
    "url",
    [
        "admin:cableroom_cable_changelist",
        "admin:cableroom_cableforreview_changelist",
        "admin:cableroom_tag_changelist",
        "admin:cableroom_post_changelist",
        "admin:cableroom_note_changelist",
        "admin:cableroom_change_changelist",
    ],
)
def test_a_curator_reaches_every_curation_list(curator_client, objects, url):
    assert curator_client.get(reverse(url)).status_code == 200


@pytest.mark.parametrize("model", ["cable", "tag", "post", "note"])
def test_a_curator_reaches_the_edit_pages(curator_client, objects, model):
    url = reverse(f"admin:cableroom_{model}_change", args=[objects[model]])
    assert curator_client.get(url).status_code == 200
