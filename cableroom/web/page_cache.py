"""Whole-page cache for anonymous readers, fresh the moment any cable changes.

Most of the reading room's cost is rendering the same public page again: a popular
cable, the first browse page, a search everybody runs. `PageCacheMiddleware` keeps the
finished response of a public GET (browse and search, `.json`, a cable page and its
`.txt`/`.json`, the tag glossary, missing cables, the front page) and serves it again
to the next anonymous reader.

Freshness: the key holds the browse generation (cableroom/browse/index.py), which
database triggers change whenever a cable, its tags, addressees or caveats, or a tag,
post or marking changes; an import or a curator's edit writes the cable row itself, so
the next request reads a new generation, misses, and renders from the new data. Old
entries are never served again and age out of the cache. The generation is read
*before* the view runs: data read afterwards is at least that new, so an entry can be
fresher than its key but never older.

Privacy: only requests that carry no session or CSRF cookie are served from or stored
in the cache, so a curator's or admin's page (they have a session) is never stored and
never served a reader's copy. A response is stored only if it sets no cookie, holds no
CSRF token, varies on nothing but Cookie, and is not marked private or no-store.

Conditional GET: a stored page carries an ETag (a hash of its bytes) and
`Cache-Control: no-cache` with `Vary: Cookie`, so browsers and proxies may keep it but
must ask again; while the generation holds, the answer is a 304 without a body.

The cache is the "pages" alias in settings.CACHES: a file cache by default, so every
gunicorn worker shares one copy (see cableroom/web/file_cache.py).
"""

import hashlib
import logging
import pickle
import re
import zlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from cableroom.browse.index import answered_behind, current_generation, start_request
from cableroom.browse.params import declassification_today

CACHE_ALIAS = "pages"
# Public pages whose content depends only on the URL and the data: the front page,
# browse and search with its facet pages, `/cables.json`, cable pages with their
# `.txt`, `.json`, versions and diffs, the tag glossary and missing cables. Not the
# CSV export and feed (streamed, and rate limited as exports), nor /admin/ or /healthz.
CACHEABLE_PATH = re.compile(r"^/(?:$|cables/|cables\.json$|cable/|tags/$|missing/$)")
# Redirects and "not here" pages depend on the data too, and cost a query or more.
CACHEABLE_STATUSES = frozenset({200, 301, 404, 410})
CSRF_FIELD = b"csrfmiddlewaretoken"
# A full disk, a folder made read-only or a torn file must cost the page, not the site.
CACHE_ERRORS = (OSError, EOFError, zlib.error, pickle.UnpicklingError, ValueError)
logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the shared cache; store what is safe."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED or not is_cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        if generation is None:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        key = page_key(request, generation)
        try:
            stored = cache.get(key)
        except CACHE_ERRORS:
            logger.warning("Page cache unreadable; rendering %s", request.path, exc_info=True)
            stored = None
        if stored is not None:
            return answer(request, rebuild(stored))
        start_request()
        response = self.get_response(request)
        # A page answered from the previous generation's index while this process built
        # the current one would be kept under the current generation: served, not kept.
        if is_cacheable_response(response) and not answered_behind():
            mark_public(response)
            try:
                cache.set(key, freeze(response), settings.PAGE_CACHE_SECONDS)
            except CACHE_ERRORS:
                logger.warning("Page cache unwritable; %s not kept", request.path, exc_info=True)
        return answer(request, response)


def is_cacheable_request(request: HttpRequest) -> bool:
    """A GET for a public page from someone with no session and no CSRF cookie."""
    if request.method != "GET" or not CACHEABLE_PATH.match(request.path_info):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or settings.CSRF_COOKIE_NAME in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def is_cacheable_response(response: HttpResponse) -> bool:
    """Whether every anonymous reader of this URL may be given these very bytes."""
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return False
    if response.cookies:  # a CSRF or session cookie belongs to one reader
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {"", "cookie"}:  # the key holds no other request header
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    return CSRF_FIELD not in response.content


def page_key(request: HttpRequest, generation: int) -> str:
    """Generation, today and the full URL: host and scheme too, as pages hold absolute
    links; the day (UTC) because pages say which cables are past their declassification
    date, which changes at midnight without any data changing."""
    url = request.build_absolute_uri()
    today = declassification_today().isoformat()
    return f"page:{generation}:{today}:{hashlib.sha256(url.encode()).hexdigest()}"


def mark_public(response: HttpResponse) -> None:
    """ETag from the bytes; shared caches may keep the page but must revalidate it."""
    if not response.has_header("ETag"):
        set_response_etag(response)
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])


def freeze(response: HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    return response.status_code, list(response.items()), response.content


def rebuild(stored: tuple[int, list[tuple[str, str]], bytes]) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def answer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 when the reader's copy (If-None-Match) is this page; the page otherwise."""
    etag = response.get("ETag")
    if etag is None:
        return response
    return get_conditional_response(request, etag=etag, response=response)
