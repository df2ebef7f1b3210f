"""`/sitemap.xml`: every public cable, in pages of 10,000 under a sitemap index.

The index lists `/sitemap-cables.xml?p=1`, `?p=2`, ... as the archive grows (the
protocol allows 50,000 URLs a file; 10,000 keeps each response quick to build).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from cableroom.models import Cable

CABLES_PER_SITEMAP = 10_000


class CableSitemap(Sitemap):
    """One URL per public cable, with the date its record last changed."""

    limit = CABLES_PER_SITEMAP

    def items(self):
        # Ordered by primary key: pages stay stable while cables are added.
        return Cable.objects.public().order_by("id").only("reference_id", "updated_at")

    def lastmod(self, cable: Cable):
        return cable.updated_at

    def get_latest_lastmod(self):
        """One aggregate, not Django's default of loading every cable to take the max."""
        return Cable.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(Sitemap):
    """The archive's own pages that are worth crawling besides the cables."""

    def items(self) -> list[str]:
        return ["home", "missing-cables"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {"cables": CableSitemap, "pages": PageSitemap}
