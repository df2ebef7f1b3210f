"""Error answers: pages in the site's look, 503 while the database is away, and error
bodies in the format the address asked for.

`server_error` is the 500 handler. When the exception being handled is the database's
(it cannot be reached, or could not answer), the reader gets a 503 page with
`Retry-After` instead: nothing is broken that waiting will not mend. Neither page
touches the database, and neither shows the error: that goes to the server log.

`page_not_found` is the 404 handler, `no_page_here` the last URL pattern, which
catches every address no other pattern takes, and `ErrorPagesMiddleware` answers a
view's Http404: Django's technical 404 page, which lists the URL patterns when DEBUG is
on, is never shown. Both say what was asked and link to the
browse page and its search.

`MachineReadableErrorsMiddleware` gives any error (4xx or 5xx) of an address ending in
`.json` a JSON body, and of one ending in `.txt` or `.csv` a plain-text one, whichever
view or handler drew the HTML page; a view may name the error in `error_message`.
"""

import json
import logging
import sys
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

RETRY_AFTER_SECONDS = 30
JSON_SUFFIX = ".json"
TEXT_SUFFIXES = (".txt", ".csv")
# Raised when the server cannot be reached or drops the connection, and by a statement
# the server cancelled: the same advice, try again shortly. Other DatabaseErrors (a
# bad query of ours) stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)


def error_response(
    request: HttpRequest, status: int, message: str, *, retry_after: int | None = None
) -> HttpResponse:
    """The error page (HTML), or the error body for a `.json`, `.txt` or `.csv` address."""
    if machine_format(request.path) is not None:
        response = HttpResponse(status=status)
        response.error_message = message
        fill_machine_body(request, response)
    else:
        context = {"status": status, "message": message, "retry_after": retry_after}
        if status == 404:
            context["asked"] = request.get_full_path()
        content = render_to_string("cableroom/error.html", context)
        response = HttpResponse(content, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After while the database is unavailable, else 500."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        logger.error("Database unavailable; answering 503 for %s", request.path)
        message = "The archive's database is not answering. Please try again shortly."
        return error_response(request, 503, message, retry_after=RETRY_AFTER_SECONDS)
    return error_response(request, 500, "Something went wrong on our side.")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """handler404: a page in the site's look that costs no query. A view's own
    `Http404("...")` message is shown; the URL resolver's (a dict of patterns) is not."""
    said = exception.args[0] if exception is not None and exception.args else None
    message = said if isinstance(said, str) and said else "There is no page at this address."
    return error_response(request, 404, message)


def not_here_response(request: HttpRequest, message: str) -> HttpResponse:
    """404 saying what is missing, in the site's look, with links to browse and search."""
    return error_response(request, 404, message)


def no_page_here(request: HttpRequest, path: str = "") -> HttpResponse:
    """The last URL pattern: the 404 page for any other address.

    Because it matches everything, CommonMiddleware no longer adds a missing slash
    (`/cables` -> `/cables/`): this view does, when the address with a slash is a page.
    """
    if not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not no_page_here:
            return HttpResponsePermanentRedirect(f"{request.path}/{_query(request)}")
    return not_here_response(request, "There is no page at this address.")


def _query(request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"?{query}" if query else ""


def machine_format(path: str) -> str | None:
    """The body format of a machine-readable address ("json" or "text"); None for pages."""
    if path.endswith(JSON_SUFFIX):
        return "json"
    if path.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def fill_machine_body(request: HttpRequest, response: HttpResponse) -> None:
    """Replace an error response's body with JSON or plain text saying the same."""
    status = response.status_code
    message = getattr(response, "error_message", None) or HTTPStatus(status).phrase
    if machine_format(request.path) == "json":
        content = json.dumps({"status": status, "error": message}, ensure_ascii=False)
        content_type = "application/json"
    else:
        content, content_type = f"{status} {message}\n", "text/plain; charset=utf-8"
    response.content = content.encode()
    response["Content-Type"] = content_type
    if response.has_header("Content-Length"):  # set by CommonMiddleware for the HTML
        response["Content-Length"] = str(len(response.content))


class MachineReadableErrorsMiddleware:
    """Errors of `.json`, `.txt` and `.csv` addresses in their own format, not HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and not response.streaming
            and machine_format(request.path) is not None
            and response.get("Content-Type", "").startswith("text/html")
        ):
            fill_machine_body(request, response)
        return response


class ErrorPagesMiddleware:
    """A view's Http404 answered with the site's 404 page, also when DEBUG is on; a text
    query this node cannot answer yet (its search index is being built) with a 503 page
    saying so, logged as one line rather than a server error's traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        # Here, not at the top: settings' LOGGING imports this module before the apps load.
        from cableroom.search import SearchUnavailable

        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, SearchUnavailable):
            logger.warning("Search index not complete; answering 503 for %s", request.path)
            return error_response(request, 503, str(exception), retry_after=RETRY_AFTER_SECONDS)
        return None


class NoTraceback(logging.Filter):
    """Logging filter: keep a record's message, drop its traceback (one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
