"""`manage.py reparse_cables`: an archive an older parser filled gets the new facet
values: office names, office kinds, tag kinds; curators' choices stay."""

from io import StringIO

import pytest
from django.core.management import call_command

from cableroom.curation.history import record_object_edit
from cableroom.models import Cable, Post, Tag
from cableroom.parsing import PARSER_VERSION
from tests import factories

pytestmark = pytest.mark.django_db

# A hand-written, synthetic cable with the kinds of header line real ones have.
RAW = """O 040609Z APR 02
FM AMEMBASSY TESTVILLE
TO JOINT STAFF WASHDC//J5/UNMA//
INFO RUEHTA/AMEMBASSY ALMATY PRIORITY 0101
AMEMBASSY CAIRO 7483-
BT
UNCLAS TESTVILLE 000033

E.O. 12958: N/A
TAGS: PREL, KNNP, ADANA
SUBJECT: SYNTHETIC TALKS

1. (U) A synthetic paragraph for tests.
"""


@pytest.fixture
def stale():
    """A cable stored by parser 1.0: raw names as facet values, guessed tag kinds."""
    factories.tag("KNNP", kind="program")
    factories.tag("ADANA", kind="person")
    return factories.cable(
        "02TESTVILLE33",
        raw_text=RAW,
        parser_version="1.0",
        tags=("PREL", "KNNP", "ADANA"),
        to=("JOINT STAFF WASHDC//J5/UNMA//",),
        info=("Embassy Astana", "AMEMBASSY CAIRO 7483-"),
    )


def run(*args) -> str:
    out = StringIO()
    call_command("reparse_cables", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def posts_of(cable) -> list[tuple[str, str, str]]:
    rows = cable.addressees.order_by("position")
    return list(rows.values_list("role", "post__name", "post__post_type"))


def test_an_old_archive_gets_the_new_values(stale):
    output = run()
    assert "Re-parsed 1 cables" in output
    cable = Cable.objects.get(pk=stale.pk)
    assert cable.parser_version == PARSER_VERSION
    assert posts_of(cable) == [
        ("TO", "JOINT STAFF WASHINGTON DC", "Military"),
        ("INFO", "US Office Almaty", "US Office"),
        ("INFO", "Embassy Cairo", "Embassy"),
    ]
    kinds = dict(Tag.objects.filter(code__in=["KNNP", "ADANA"]).values_list("code", "kind"))
    assert kinds == {"KNNP": "other", "ADANA": "other"}


def test_a_second_run_has_nothing_left_to_do(stale):
    run()
    assert "Re-parsed 0 cables" in run()
    assert "Re-parsed 1 cables" in run("--all")


def test_a_kind_a_curator_chose_stays(stale, curator):
    tag = Tag.objects.get(code="ADANA")
    before = {"kind": tag.kind}
    tag.kind = "geographic"
    tag.save()
    record_object_edit(instance=tag, before=before, user=curator)
    run()
    assert Tag.objects.get(code="ADANA").kind == "geographic"


def test_offices_stored_without_a_kind_get_one(stale):
    factories.cable(to=("CIS COLLECTIVE",), parser_version=PARSER_VERSION)
    run()
    assert Post.objects.get(name="CIS COLLECTIVE").post_type == "Collective"
