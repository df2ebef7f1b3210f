"""`/sitemap.xml`: every public cable, in pages under a sitemap index.

A page covers a fixed range of cable ids (10,000 ids), not the n-th slice of a count:
page 25 is then an index range scan, where OFFSET 240,000 would read every row before
it, and a page lists the same cables for as long as they exist, which crawlers like.
Withdrawn cables leave holes, so a page may list fewer than 10,000 URLs, never more.
"""

import math
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Min
from django.urls import reverse

from cableroom.models import Cable

CABLES_PER_SITEMAP = 10_000


class IdRangePage:
    """One sitemap page: the public cables whose ids fall in its range."""

    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """What Django's sitemap views ask of a paginator, over ranges of primary keys."""

    def __init__(self, cables, per_page: int):
        self.cables = cables
        self.per_page = per_page
        # Min and max of the primary key: two index look-ups, whatever the table size.
        bounds = Cable.objects.aggregate(first=Min("id"), last=Max("id"))
        self.first = bounds["first"] or 1
        self.last = bounds["last"] or 0

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil((self.last - self.first + 1) / self.per_page))

    def page(self, number) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        start = self.first + (number - 1) * self.per_page
        return IdRangePage(self.cables.filter(id__gte=start, id__lt=start + self.per_page))


class CableSitemap(Sitemap):
    """One URL per public cable, with the date its record last changed."""

    limit = CABLES_PER_SITEMAP

    def items(self):
        return Cable.objects.public().order_by("id").only("reference_id", "updated_at")

    def lastmod(self, cable: Cable):
        return cable.updated_at

    @cached_property
    def paginator(self) -> IdRangePaginator:
        return IdRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        """None: the index carries no date (Django's default would load every cable)."""
        return None


class PageSitemap(Sitemap):
    """The archive's own pages that are worth crawling besides the cables."""

    def items(self) -> list[str]:
        return ["home", "browse", "missing-cables"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"cables": CableSitemap, "pages": PageSitemap}
