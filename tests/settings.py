"""Settings for the test run: the project's own, with a throwaway key.

The key exists only so that Django starts; nothing signed with it leaves the test run.
DATABASE_URL chooses the database as it does in production (SQLite when empty).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-0123456789-abcdefghijklmnop")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Every test client shares one address: tests of the limit turn it on themselves.
os.environ.setdefault("RATE_LIMIT_PER_MINUTE", "0")
# Replicas of a developer's own environment are no business of the suite.
os.environ["DATABASE_REPLICA_URLS"] = ""
# No Tantivy index unless a test builds one (in a folder of its own): a developer's
# var/search-index is not the test database's.
os.environ["SEARCH_INDEX_DIR"] = os.path.join(
    tempfile.gettempdir(), f"cableroom-tests-no-index-{os.getpid()}"
)

# Likewise the browse index's shared files (each test gets a folder of its own too).
os.environ["BROWSE_INDEX_DIR"] = os.path.join(
    tempfile.gettempdir(), f"cableroom-tests-browse-index-{os.getpid()}"
)

from cableroom.settings import *  # noqa: E402, F403

# Tests do not run collectstatic; the manifest storage would fail without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A second alias for the test database, as a read replica would be: tests of the router
# (tests/web/test_db_router.py) name it in REPLICA_ALIASES; the rest of the suite runs
# with no replicas, as a site without DATABASE_REPLICA_URLS does.
DATABASES = {
    **DATABASES,  # noqa: F405
    "replica1": {**DATABASES["default"], "TEST": {"MIRROR": "default"}},  # noqa: F405
}
# Every change is built at once, as the first change after a quiet moment is: tests edit
# and reload within milliseconds of the last build. tests/browse/test_index_builds.py
# tests the spacing itself.
BROWSE_INDEX_REBUILD_SPACING = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The page cache is off for the suite, whose query-count tests measure the views
# themselves; tests/web/test_page_cache.py turns it on, with a memory cache per test.
PAGE_CACHE_ENABLED = False
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
