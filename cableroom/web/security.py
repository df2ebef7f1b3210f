"""Headers every response carries and bounds every request must keep.

Django's own middleware already sends `X-Content-Type-Options`, `Referrer-Policy`,
`Cross-Origin-Opener-Policy`, `X-Frame-Options` and, behind HTTPS, HSTS (see the
security block of settings.py). What Django 5.2 lacks is a Content-Security-Policy:
`SecurityHeadersMiddleware` adds one that allows scripts only from our own origin, so
markup smuggled into cable text could not run even if a template forgot to escape it.
Styles may be inline because the admin's curation templates use a `<style>` block;
scripts may not.

`RequestBoundsMiddleware` refuses, before any view runs, a query box longer than the
search parser accepts, a query string longer than any page of ours can need, and NUL
or other control characters anywhere in the address (PostgreSQL cannot store NUL, XML
cannot hold the others): a reader who pastes a whole cable into the box gets a 400
page saying why, and no database sees it.
"""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cableroom.web.errors import error_response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# The search parser's own limit (search/query.py's MAX_QUERY_CHARS; a test keeps them equal):
# past it the query is refused here, before the view parses it or counts facets.
MAX_QUERY_CHARS = 1000
# Longer than 50 facet values of 200 characters each (browse/params.py's limits) would
# need. gunicorn runs with --limit-request-line 0 so that this answers, not gunicorn.
MAX_QUERY_STRING_CHARS = 16_384
QUERY_PARAMETERS = ("q",)


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and Permissions-Policy to every response.

    Also frame denial for responses that never reached Django's clickjacking
    middleware, such as the refusals below and whitenoise's static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response


class RequestBoundsMiddleware:
    """Answer 400 (or 414) to queries too long to be a reader's, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = request_problem(request)
        if problem is not None:
            status, message = problem
            return refusal(request, status, message)
        return self.get_response(request)


def request_problem(request: HttpRequest) -> tuple[int, str] | None:
    """The status and message to refuse this request with, or None when it is fine."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_CHARS:
        return 414, (
            f"The address is too long: keep its query under {MAX_QUERY_STRING_CHARS:,} characters."
        )
    if has_nul(request):
        # PostgreSQL refuses NUL in text, so it would surface as a 500 deep in a view.
        return 400, "The address holds a NUL character, which no cable or search can contain."
    if has_control_character(request):
        # XML 1.0 cannot hold them: the Atom feed, whose title repeats the query, failed.
        return 400, "The address holds a control character, which no cable or search holds."
    for name in QUERY_PARAMETERS:
        if any(len(value) > MAX_QUERY_CHARS for value in request.GET.getlist(name)):
            return 400, f"The search is too long: keep it under {MAX_QUERY_CHARS:,} characters."
    return None


def has_nul(request: HttpRequest) -> bool:
    """Whether the path or any query parameter name or value holds a NUL character."""
    if "\x00" in request.path_info:
        return True
    return any("\x00" in key or "\x00" in "".join(request.GET.getlist(key)) for key in request.GET)


# C0 control characters other than tab, line feed and carriage return.
CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")


def has_control_character(request: HttpRequest) -> bool:
    """Whether the path or any query parameter name or value holds a control character."""
    texts = [
        request.path_info,
        *request.GET,
        *(v for k in request.GET for v in request.GET.getlist(k)),
    ]
    return any(CONTROL_CHARACTER.search(text) for text in texts)


def refusal(
    request: HttpRequest, status: int, message: str, *, retry_after: int | None = None
) -> HttpResponse:
    """A short page (JSON or plain text for the machine-readable forms) saying why."""
    if "/feed" in request.path or request.path.endswith(".xml"):
        response = HttpResponse(message + "\n", status=status, content_type="text/plain")
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response
    return error_response(request, status, message, retry_after=retry_after)
