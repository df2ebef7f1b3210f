"""Every change to a reading list: create, add, note, move, remove, retitle, with the caps.

Two caps keep anonymous lists from filling the database: items per list
(`READING_LIST_MAX_ITEMS`) and lists created per client per day
(`READING_LISTS_PER_CLIENT_PER_DAY`). Counting and inserting happen in one transaction
under a lock, so requests racing each other on PostgreSQL cannot pass a cap together:
the list's row is locked (`SELECT ... FOR UPDATE`) before its items are counted, and a
client's new lists take turns on an advisory lock keyed by the client. SQLite lets one
writer at a time in anyway.
"""

import hashlib
import hmac
import zlib
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from cableroom.lists.tokens import new_token
from cableroom.models import Cable, ReadingList, ReadingListItem

NOTE_MAX_LENGTH = 2000
TITLE_MAX_LENGTH = 200
# First key of the two-number advisory lock: "reading lists" in this database's lock space.
LOCK_NAMESPACE = 20


class ListProblem(Exception):
    """A change refused, naming the parameter at fault; `status` is the HTTP answer."""

    status = 400

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class ListFull(ListProblem):
    pass


class TooManyLists(ListProblem):
    status = 429


def creator_digest(client: str | None, now: datetime | None = None) -> str:
    """A keyed hash of the client and the UTC day: equal for one client within a day,
    unlinkable across days, and no address is stored."""
    day = (now or datetime.now(UTC)).date().isoformat()
    message = f"{day} {client or 'unknown'}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def create_list(client: str | None, title: str = "") -> ReadingList:
    """A new empty list, unless this client already made today's quota of lists."""
    title = clean_title(title)
    digest = creator_digest(client)
    limit = settings.READING_LISTS_PER_CLIENT_PER_DAY
    with transaction.atomic():
        _lock_client(digest)
        if ReadingList.objects.filter(creator_digest=digest).count() >= limit:
            raise TooManyLists(
                "list",
                f"You have made {limit} reading lists today, the most one address may "
                "make in a day. Add to one of them, or come back tomorrow (UTC).",
            )
        return ReadingList.objects.create(
            edit_token=new_token(), share_token=new_token(), title=title, creator_digest=digest
        )


def add_item(
    reading_list: ReadingList, cable: Cable, paragraph_position: int | None, note: str = ""
) -> ReadingListItem:
    """The cable (or one paragraph of it) at the end of the list; the existing item if
    the list already holds it, so adding twice is harmless."""
    note = clean_note(note)
    limit = settings.READING_LIST_MAX_ITEMS
    with transaction.atomic():
        # Locking the list row makes concurrent adds to one list take turns.
        ReadingList.objects.select_for_update().filter(pk=reading_list.pk).exists()
        items = ReadingListItem.objects.filter(reading_list=reading_list)
        existing = items.filter(cable=cable, paragraph_position=paragraph_position).first()
        if existing is not None:
            return existing
        if items.count() >= limit:
            raise ListFull(
                "cable",
                f"This list holds {limit} items, the most a list may hold. "
                "Remove some, or start another list.",
            )
        last = items.aggregate(last=Max("position"))["last"]
        try:
            with transaction.atomic():
                item = ReadingListItem.objects.create(
                    reading_list=reading_list,
                    cable=cable,
                    paragraph_position=paragraph_position,
                    position=0 if last is None else last + 1,
                    note=note,
                )
        except IntegrityError:  # the same item added by a request that won the race
            return items.get(cable=cable, paragraph_position=paragraph_position)
        _touch(reading_list)
        return item


def set_note(item: ReadingListItem, note: str) -> None:
    item.note = clean_note(note)
    item.save(update_fields=["note"])
    _touch(item.reading_list)


def set_title(reading_list: ReadingList, title: str) -> None:
    reading_list.title = clean_title(title)
    reading_list.save(update_fields=["title", "updated_at"])


def remove_item(item: ReadingListItem) -> None:
    reading_list = item.reading_list
    item.delete()
    _touch(reading_list)


def move_item(item: ReadingListItem, steps: int) -> None:
    """Move an item up (negative) or down (positive) the list, swapping with neighbours.

    Positions are renumbered 0..n-1 under the list's lock first, so gaps left by
    removals and ties from racing adds cannot make a move skip or do nothing.
    """
    with transaction.atomic():
        ReadingList.objects.select_for_update().filter(pk=item.reading_list_id).exists()
        order = list(
            ReadingListItem.objects.filter(reading_list_id=item.reading_list_id)
            .order_by("position", "id")
            .values_list("id", flat=True)
        )
        if item.pk not in order:
            return
        here = order.index(item.pk)
        there = max(0, min(len(order) - 1, here + steps))
        order.insert(there, order.pop(here))
        for position, pk in enumerate(order):
            ReadingListItem.objects.filter(pk=pk).exclude(position=position).update(
                position=position
            )
        _touch(item.reading_list)


def clean_note(note: str) -> str:
    note = note.replace("\r\n", "\n").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ListProblem(
            "note",
            f"A note may be {NOTE_MAX_LENGTH:,} characters long; this one is {len(note):,}.",
        )
    return note


def clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_LENGTH:
        raise ListProblem("title", f"A title may be {TITLE_MAX_LENGTH} characters long.")
    return title


def _touch(reading_list: ReadingList) -> None:
    ReadingList.objects.filter(pk=reading_list.pk).update(updated_at=datetime.now(UTC))


def _lock_client(digest: str) -> None:
    """Held until the transaction ends; PostgreSQL only (SQLite writes one at a time)."""
    if connection.vendor != "postgresql":
        return
    key = zlib.crc32(digest.encode()) - 2**31
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])
