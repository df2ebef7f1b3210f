"""Fixtures shared by the whole suite; each name has one meaning everywhere.

- `curator`: a staff account in the curator group (`factories.curator()`).
- `curator_client`: the test client signed in as `curator`.
- `browse_sample`: six cables whose facets overlap in every way the browse tests need.
- `corpus_import` (once per module) and `corpus_archive`: the real cables of
  ../shared/corpus imported, rolled back after the module.

Every test has a Tantivy index folder of its own (`SEARCH_INDEX_DIR`), empty until the
test builds an index: text queries go to the database's own index otherwise; and a
folder of its own for the browse index's shared files (`BROWSE_INDEX_DIR`).
"""

import pytest
from django.db import transaction

from cableroom.browse import index as browse_index_module
from cableroom.importing.run import import_cables
from tests import factories
from tests.paths import CORPUS


@pytest.fixture(autouse=True)
def _search_index_of_its_own(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"


@pytest.fixture(autouse=True)
def _browse_index_files_of_its_own(settings, tmp_path):
    settings.BROWSE_INDEX_DIR = tmp_path / "browse-index"


@pytest.fixture(autouse=True)
def _no_browse_index_of_another_test():
    # Generations are random, so another test's index is never taken for this test's
    # data, except the one a thread answers from while another builds (`_latest`). The
    # indexes by generation stay: tests of one module share its imported corpus.
    browse_index_module._latest = None


@pytest.fixture
def curator(db):
    return factories.curator()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def browse_sample(db):
    return factories.browse_sample()


@pytest.fixture(scope="module")
def corpus_import(django_db_setup, django_db_blocker):
    """Import the shared corpus once per module, inside a transaction rolled back after."""
    if not CORPUS.is_dir():
        pytest.skip(f"CORPUS TESTS NOT RUN: {CORPUS} is missing (the shared cables)")
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield import_cables(paths=[CORPUS], workers=1)
            transaction.set_rollback(True)


@pytest.fixture
def corpus_archive(corpus_import, db):
    """The imported shared corpus, for one test; the import must have had no failures."""
    assert corpus_import.failed == 0
    return corpus_import
