"""Versions are named by their release and file name, never by the server's path."""

import json
import re

import pytest
from django.urls import reverse

from cableroom.models import CableVersion
from cableroom.reading.provenance import VersionSource, version_source
from tests import factories

SERVER_PATHS = {
    "cables.csv": "/srv/cableroom/imports/2011-09/cables.csv.gz",
    "cablegate-html": "/home/importer/mirror/cablegate/cable/2010/12/10TESTVILLE1.html",
    "text": r"C:\Users\curator\Downloads\10TESTVILLE1.txt",
}
# An absolute path as Unix or Windows writes one, or a folder seen above.
ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:srv|home|tmp|var|work|Users)\b|[A-Z]:\\|\\Users\\")


@pytest.mark.parametrize(
    ("source_format", "path", "row", "expected"),
    [
        (
            "cables.csv",
            "/srv/x/cables.csv.gz",
            512,
            "WikiLeaks cables.csv dump, cables.csv.gz row 512",
        ),
        ("cablegate-html", "/a/b/cable/2010/12/10X1.html", None, "Cablegate web page, 10X1.html"),
        ("text", r"C:\imports\10X1.txt", None, "Plain-text copy, 10X1.txt"),
        ("text", "10X1.txt", None, "Plain-text copy, 10X1.txt"),
        ("synthetic", "synthetic", None, "Synthetic cable (generated)"),
        ("pdf", "/srv/x/10X1.pdf", None, "pdf, 10X1.pdf"),
    ],
)
def test_version_source_names(source_format, path, row, expected):
    version = CableVersion(source_format=source_format, source_path=path, source_row=row)
    assert str(version_source(version)) == expected
    assert isinstance(version_source(version), VersionSource)


@pytest.fixture
def copied_cable():
    cable = factories.cable("10TESTVILLE1", subject="THREE COPIES")
    CableVersion.objects.filter(cable=cable).update(
        source_path=SERVER_PATHS["text"], source_format="text"
    )
    factories.version(
        cable,
        "THREE COPIES\n\nFrom the dump.\n",
        source_format="cables.csv",
        source_path=SERVER_PATHS["cables.csv"],
        source_row=512,
    )
    factories.version(
        cable,
        "THREE COPIES\n\nFrom a page.\n",
        source_format="cablegate-html",
        source_path=SERVER_PATHS["cablegate-html"],
    )
    return cable


READER_PAGES = [
    ("cable-detail", ["10TESTVILLE1"]),
    ("cable-versions", ["10TESTVILLE1"]),
    ("cable-version", ["10TESTVILLE1", 1]),
    ("cable-version", ["10TESTVILLE1", 2]),
    ("cable-version", ["10TESTVILLE1", 3]),
    ("cable-diff", ["10TESTVILLE1"]),
    ("cable-json", ["10TESTVILLE1"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), READER_PAGES)
def test_no_page_shows_a_server_path(client, copied_cable, name, args):
    body = client.get(reverse(name, args=args)).content.decode()
    assert ABSOLUTE_PATH.findall(body) == []
    for path in SERVER_PATHS.values():
        folder = re.split(r"[\\/]", path)[-2]
        assert path not in body and f"{folder}/" not in body and f"{folder}\\" not in body


@pytest.mark.django_db
def test_the_versions_page_names_release_and_file(client, copied_cable):
    html = client.get(reverse("cable-versions", args=["10TESTVILLE1"])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Plain-text copy, 10TESTVILLE1.txt" in text
    assert "WikiLeaks cables.csv dump, cables.csv.gz row 512" in text
    assert "Cablegate web page, 10TESTVILLE1.html" in text
    assert text.index("Version 1") < text.index("Version 2") < text.index("Version 3")


@pytest.mark.django_db
def test_the_diff_names_both_sources(client, copied_cable):
    response = client.get(reverse("cable-diff", args=["10TESTVILLE1"]), {"from": 2, "to": 3})
    html = response.content.decode()
    assert "Version 2: WikiLeaks cables.csv dump" in html
    assert "Version 3: Cablegate web page" in html


@pytest.mark.django_db
def test_json_versions_name_release_and_file(client, copied_cable):
    document = json.loads(client.get(reverse("cable-json", args=["10TESTVILLE1"])).content)
    sources = [
        (version["source_release"], version["source_file"], version["source_row"])
        for version in document["versions"]
    ]
    assert sources == [
        ("Plain-text copy", "10TESTVILLE1.txt", None),
        ("WikiLeaks cables.csv dump", "cables.csv.gz", 512),
        ("Cablegate web page", "10TESTVILLE1.html", None),
    ]
    assert all("source_path" not in version for version in document["versions"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"from": 1, "to": 9}, "<code>to</code> must name a version"),
        ({"from": "x", "to": 1}, "<code>from</code> must name a version"),
        ({"to": 1}, "<code>from</code> must name a version"),
        ({"from": 0, "to": "y"}, "<code>from</code> and <code>to</code> must name versions"),
    ],
)
def test_a_bad_diff_parameter_is_a_400_naming_it(client, copied_cable, params, named):
    response = client.get(reverse("cable-diff", args=["10TESTVILLE1"]), params)
    assert response.status_code == 400
    assert f"{named} of this cable, 1 to 3." in response.content.decode()
