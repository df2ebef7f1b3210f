"""Old spellings of offices in browse URLs: links shared before the addressee values
became one name per office (`addressee=SECDEF WASHDC`, `JOINT STAFF WASHDC//J5//`) are
sent on to the office's name now (`SECDEF WASHINGTON DC`), so they keep working."""

from urllib.parse import urlencode

from cableroom.browse.params import ALTERNATIVES
from cableroom.refdata.addressees import addressee_name

POST_PARAMETERS = ("addressee", "origin")


def renamed_office_url(request, posts: set[str]) -> str:
    """The request's URL with every unknown office spelling replaced by the office's
    name, or "" when no value needs it."""
    items, renamed = [], False
    for name, values in request.GET.lists():
        for value in values:
            if name in POST_PARAMETERS:
                new = current_name(value, posts)
                renamed = renamed or new != value
                value = new
            items.append((name, value))
    return f"{request.path}?{urlencode(items)}" if renamed else ""


def current_name(value: str, posts: set[str]) -> str:
    """The office name a written value stands for now (an excluding `-` kept, and each of
    `A|B`'s alternatives renamed on its own)."""
    sign, written = ("-", value[1:]) if value.startswith("-") else ("", value)
    if ALTERNATIVES in written:
        renamed = [current_name(part, posts) for part in written.split(ALTERNATIVES)]
        return sign + ALTERNATIVES.join(renamed)
    if not written.strip() or written in posts:
        return value
    name, _kind = addressee_name(written)
    return sign + name if name in posts else value
