"""`/robots.txt`: crawl the cables, not the admin or the diff pages, and find the sitemap."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

# Diffs are derived pages: every pair of versions would be crawled for nothing new.
DISALLOWED = ("/admin/", "/cable/*/diff/")


@require_safe
def robots_txt(request) -> HttpResponse:
    """Plain-text robots rules with the absolute sitemap URL."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
