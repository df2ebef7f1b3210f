"""Posts, tags and markings by name: looked up once, created in bulk when missing.

An import names the same few thousand posts, tags and markings over and over; asking
the database each time would cost a query per cable. The cache asks only for names it
has not seen, creates the missing ones in one statement (`ignore_conflicts`, so two
imports running at once cannot collide), and is cleared when a transaction rolls back.

A tag a curator merged into another stands for that other tag: its code maps to the
surviving tag's id, so a re-import attaches the tag the curator chose, not the old code.
"""

from django.db.models import F
from django.db.models.functions import Coalesce

from cableroom.models import Marking, Post, Tag


class RowCache:
    """`key -> id` for one model whose rows are identified by a unique `key` field.

    `target` is the id a key stands for (by default the row's own id).
    """

    def __init__(self, model, key: str, target=None):
        self.model = model
        self.key = key
        self.target = target if target is not None else F("id")
        self.ids: dict[str, int] = {}

    def ensure(self, wanted: dict[str, dict]) -> None:
        """Make every key in `wanted` ({key: defaults for a new row}) known and present."""
        missing = [key for key in wanted if key not in self.ids]
        if not missing:
            return
        self._fetch(missing)
        absent = [key for key in missing if key not in self.ids]
        if absent:
            rows = [self.model(**{self.key: key}, **wanted[key]) for key in absent]
            self.model.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
            self._fetch(absent)

    def __getitem__(self, key: str) -> int:
        return self.ids[key]

    def clear(self) -> None:
        """Forget everything: rows created in a rolled-back transaction no longer exist."""
        self.ids.clear()

    def _fetch(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            found = self.model.objects.filter(**{f"{self.key}__in": chunk})
            self.ids.update(found.values_list(self.key, self.target))


class ReferenceRows:
    """The three caches an import needs, created and cleared together."""

    def __init__(self):
        self.posts = RowCache(Post, "name")
        # Merges are flattened (merging into a merged tag repoints its sources), so one
        # step always reaches the surviving tag.
        self.tags = RowCache(Tag, "code", Coalesce("merged_into_id", "id"))
        self.markings = RowCache(Marking, "code")

    def clear(self) -> None:
        for cache in (self.posts, self.tags, self.markings):
            cache.clear()

    def ensure_for(self, plans) -> None:
        """Create the posts, tags and caveat markings these plans name and lack."""
        posts: dict[str, dict] = {}
        tags: dict[str, dict] = {}
        markings: dict[str, dict] = {}
        for plan in plans:
            if plan.origin:
                posts.setdefault(plan.origin, {})
            for addressee in plan.addressees:
                posts[addressee.post] = {"post_type": addressee.kind}
            for code, kind in plan.tags:
                tags.setdefault(code, {"kind": kind})
            for code in plan.caveats:
                markings[code] = {"kind": "caveat", "name": code}
        self.posts.ensure(posts)
        self.tags.ensure(tags)
        self.markings.ensure(markings)
