"""Migration 0002 loads posts, tags and markings from the reference facts, and unloads them."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cableroom import refdata
from cableroom.models import Marking, Post, Tag
from tests.factories import cable

migration = importlib.import_module("cableroom.migrations.0002_reference_data")
pytestmark = pytest.mark.django_db


def migration_apps():
    loader = MigrationLoader(connection)
    return loader.project_state(("cableroom", "0002_reference_data")).apps


def editor():
    # The functions only need the connection's alias; a real schema editor cannot be
    # opened inside the test's transaction on SQLite.
    return SimpleNamespace(connection=connection)


def test_every_post_tag_and_marking_of_the_facts_is_loaded():
    posts = {fact.name: fact for fact in refdata.posts()}
    stored = {post.name: post for post in Post.objects.filter(name__in=posts)}
    assert set(stored) == set(posts)
    astana = stored["Embassy Astana"]
    fact = posts["Embassy Astana"]
    assert astana.country == fact.country
    assert astana.routing_indicators.split() == list(fact.routing_indicators)
    assert astana.station_codes.split() == list(fact.station_codes)
    tags = refdata.tags()
    stored_tags = dict(Tag.objects.filter(code__in=tags).values_list("code", "kind"))
    assert stored_tags == {code: fact.kind for code, fact in tags.items()}
    markings = refdata.markings()
    stored_markings = {m.code: m for m in Marking.objects.filter(code__in=markings)}
    assert set(stored_markings) == set(markings)
    assert stored_markings["SECRET"].rank > stored_markings["CONFIDENTIAL"].rank
    assert stored_markings["NOFORN"].kind == "caveat"


def test_unloading_keeps_the_rows_cables_use_and_loading_again_restores_the_rest():
    used = cable(origin="Embassy Astana", tags=("PREL",), caveats=("NOFORN",))
    apps = migration_apps()
    migration.unload(apps, editor())
    assert list(Post.objects.filter(name__in=[p.name for p in refdata.posts()])) == [used.origin]
    assert list(Tag.objects.filter(code__in=list(refdata.tags()))) == [
        Tag.objects.get(code="PREL")
    ]
    assert list(Marking.objects.values_list("code", flat=True)) == ["NOFORN"]
    migration.load(apps, editor())
    assert Post.objects.filter(name__in=[p.name for p in refdata.posts()]).count() == len(
        refdata.posts()
    )
    assert Tag.objects.filter(code__in=list(refdata.tags())).count() == len(refdata.tags())
    assert Marking.objects.count() == len(refdata.markings())


def test_loading_4500_rows_takes_a_few_bulk_queries(django_assert_max_num_queries):
    apps = migration_apps()
    migration.unload(apps, editor())
    with django_assert_max_num_queries(40):
        migration.load(apps, editor())


def test_blank_tag_descriptions_are_filled_from_the_facts_and_curators_text_kept():
    fill = importlib.import_module(
        "cableroom.migrations.0005_tag_descriptions_from_facts"
    ).fill_blank_descriptions
    Tag.objects.filter(code="KCRM").update(description="", description_source="")
    Tag.objects.filter(code="PREL").update(description="Curator's own words")
    apps = (
        MigrationLoader(connection)
        .project_state(("cableroom", "0005_tag_descriptions_from_facts"))
        .apps
    )
    fill(apps, editor())
    kcrm = Tag.objects.get(code="KCRM")
    assert (kcrm.description, kcrm.description_source) == (
        "Crime",
        "project (../shared/CABLES.md)",
    )
    assert Tag.objects.get(code="PREL").description == "Curator's own words"
