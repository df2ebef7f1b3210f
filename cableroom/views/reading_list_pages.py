"""Reading lists without an account: `/lists/`, `/lists/add/`, `/lists/<token>/`, and the
read-only `/lists/shared/<token>/`. Every change is a POST answered by a redirect, so
the pages work without JavaScript; the work is in `cableroom.lists`."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cableroom.lists import editing, lookups
from cableroom.lists.editing import ListProblem
from cableroom.lists.entries import list_entries
from cableroom.models import ReadingList, ReadingListItem
from cableroom.web.clients import client_address

# Set only when the reader asks the site to remember a list: it holds the edit token.
REMEMBER_COOKIE = "cableroom_list"
REMEMBER_SECONDS = 365 * 24 * 3600
MOVES = {"up": -1, "down": 1, "top": -(10**6), "bottom": 10**6}


class SeeOther(HttpResponseRedirect):
    """303 See Other: after a POST the browser fetches the target with GET."""

    status_code = 303


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lists_home(request) -> HttpResponse:
    """What reading lists are; POST starts an empty list."""
    if request.method == "POST":
        try:
            reading_list = editing.create_list(
                client_address(request), request.POST.get("title", "")
            )
        except ListProblem as problem:
            return _problem(request, problem)
        return _remembering(request, SeeOther(reading_list.get_absolute_url()), reading_list)
    context = {"remembered": remembered_list(request), "limits": _limits()}
    return render(request, "cableroom/lists/home.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def add_to_list(request) -> HttpResponse:
    """GET: which list to add the cable or paragraph to; POST: add it, then show the list.

    The cable page links here with `cable` (and `paragraph`, an anchor such as `p5`),
    so the cable page itself carries no form and stays cacheable.
    """
    data = request.POST if request.method == "POST" else request.GET
    try:
        cable, paragraph = lookups.cable_and_paragraph(
            data.get("cable", ""), data.get("paragraph", "")
        )
    except ListProblem as problem:
        return _problem(request, problem)
    if request.method != "POST":
        context = {
            "cable": cable,
            "paragraph": paragraph,
            "remembered": remembered_list(request),
            "limits": _limits(),
        }
        return render(request, "cableroom/lists/add.html", context)
    try:
        reading_list = _target_list(request)
        item = editing.add_item(
            reading_list,
            cable,
            paragraph.paragraph.position if paragraph else None,
            request.POST.get("note", ""),
        )
    except ListProblem as problem:
        return _problem(request, problem)
    target = f"{reading_list.get_absolute_url()}#item-{item.pk}"
    return _remembering(request, SeeOther(target), reading_list)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def list_page(request, token: str) -> HttpResponse:
    """The list its keeper edits: notes, order, removal, title, exports, share address."""
    reading_list = get_object_or_404(ReadingList, edit_token=token)
    if request.method == "POST":
        try:
            editing.set_title(reading_list, request.POST.get("title", ""))
        except ListProblem as problem:
            return _problem(request, problem)
        return SeeOther(reading_list.get_absolute_url())
    return _render_list(request, reading_list, editable=True)


@never_cache
@require_POST
def change_item(request, token: str, item_id: int) -> HttpResponse:
    """One item's form: save its note, move it, or remove it (`action`)."""
    reading_list = get_object_or_404(ReadingList, edit_token=token)
    item = get_object_or_404(ReadingListItem, pk=item_id, reading_list=reading_list)
    action = request.POST.get("action", "save")
    try:
        if action == "remove":
            editing.remove_item(item)
            return SeeOther(reading_list.get_absolute_url())
        if action in MOVES:
            editing.move_item(item, MOVES[action])
        elif action == "save":
            editing.set_note(item, request.POST.get("note", ""))
        else:
            raise ListProblem(
                "action", f"Unknown action {action[:40]!r}: save, up, down, top, bottom or remove."
            )
    except ListProblem as problem:
        return _problem(request, problem)
    return SeeOther(f"{reading_list.get_absolute_url()}#item-{item.pk}")


@never_cache
@require_POST
def remember_list(request, token: str) -> HttpResponse:
    """Set (`remember=1`) or delete (`remember=0`) the cookie holding this list's token."""
    reading_list = get_object_or_404(ReadingList, edit_token=token)
    response = SeeOther(reading_list.get_absolute_url())
    choice = request.POST.get("remember", "")
    if choice == "1":
        _set_cookie(response, reading_list)
    elif choice == "0":
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    else:
        return _problem(request, ListProblem("remember", "remember must be 1 or 0."))
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def shared_list(request, token: str) -> HttpResponse:
    """The list as anyone with its share address reads it: no forms, no edit token."""
    reading_list = get_object_or_404(ReadingList, share_token=token)
    return _render_list(request, reading_list, editable=False)


def remembered_list(request) -> ReadingList | None:
    return lookups.remembered(request.COOKIES.get(REMEMBER_COOKIE, ""))


def _render_list(request, reading_list: ReadingList, *, editable: bool) -> HttpResponse:
    entries = list_entries(reading_list, request.build_absolute_uri)
    remembered = remembered_list(request) if editable else None
    context = {
        "reading_list": reading_list,
        "entries": entries,
        "editable": editable,
        "is_remembered": remembered is not None and remembered.pk == reading_list.pk,
        "edit_url": request.build_absolute_uri(reading_list.get_absolute_url()),
        "shared_url": request.build_absolute_uri(reading_list.get_shared_url()),
        "withdrawn_count": sum(1 for entry in entries if entry.withdrawn),
        "limits": _limits(),
    }
    response = render(request, "cableroom/lists/list.html", context)
    # The address is the key to the list: never send it on to another site.
    response["Referrer-Policy"] = "same-origin"
    return response


def _target_list(request) -> ReadingList:
    """The list named by `list` (its edit address or token), or a new one when empty."""
    named = request.POST.get("list", "").strip()
    if not named:
        return editing.create_list(client_address(request), request.POST.get("title", ""))
    return lookups.list_at(named)


def _remembering(request, response: HttpResponse, reading_list: ReadingList) -> HttpResponse:
    """Set the cookie when the reader ticked "remember" on the form that made the change."""
    if request.POST.get("remember") == "1":
        _set_cookie(response, reading_list)
    return response


def _set_cookie(response: HttpResponse, reading_list: ReadingList) -> None:
    response.set_cookie(
        REMEMBER_COOKIE,
        reading_list.edit_token,
        max_age=REMEMBER_SECONDS,
        path=reverse("lists-home"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _problem(request, problem: ListProblem) -> HttpResponse:
    context = {"problem": problem}
    response = render(request, "cableroom/lists/problem.html", context, status=problem.status)
    if problem.status == 429:
        response["Retry-After"] = "3600"
    return response


def _limits() -> dict:
    return {
        "items": settings.READING_LIST_MAX_ITEMS,
        "lists_per_day": settings.READING_LISTS_PER_CLIENT_PER_DAY,
    }
