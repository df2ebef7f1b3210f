"""`/favicon.ico`: the site's icon where browsers, feed readers and bookmarks look for it
without reading a page (pages name it with <link rel="icon"> too)."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = "cableroom/img/favicon.ico"


@lru_cache(maxsize=1)
def icon_bytes() -> bytes:
    """The icon from static/, or from the collected static files when only they are there."""
    found = finders.find(ICON)
    if found:
        with open(found, "rb") as icon:
            return icon.read()
    with staticfiles_storage.open(ICON) as icon:
        return icon.read()


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request) -> HttpResponse:
    return HttpResponse(icon_bytes(), content_type="image/vnd.microsoft.icon")
