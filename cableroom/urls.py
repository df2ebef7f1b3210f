from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter

from cableroom.lists.tokens import TokenConverter
from cableroom.views import browse_pages as browse
from cableroom.views import cable_pages as cable
from cableroom.views import cablegate_browse as cablegate
from cableroom.views import exports, favicon, glossary_pages, home, missing, post_map_pages, robots
from cableroom.views import permalink_redirects as permalinks
from cableroom.views import reading_list_exports as list_exports
from cableroom.views import reading_list_pages as lists
from cableroom.views import reference_graph_pages as graphs
from cableroom.views import similar_pages as similar
from cableroom.views import sitemap_pages as sitemap
from cableroom.views import version_pages as versions
from cableroom.views.feeds import BrowseFeed
from cableroom.views.sitemaps import SITEMAPS
from cableroom.web import errors, health

register_converter(TokenConverter, "token")

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Reading a cable, and its other forms (issue 7).
    path("cable/<str:reference_id>/", cable.cable_detail, name="cable-detail"),
    path("cable/<str:reference_id>.txt", cable.cable_text, name="cable-text"),
    path("cable/<str:reference_id>.json", cable.cable_json, name="cable-json"),
    path("cable/<str:reference_id>/versions/", versions.cable_versions, name="cable-versions"),
    path(
        "cable/<str:reference_id>/versions/<int:number>/",
        versions.cable_version,
        name="cable-version",
    ),
    path(
        "cable/<str:reference_id>/versions/<int:number>.txt",
        versions.cable_version_text,
        name="cable-version-text",
    ),
    path("cable/<str:reference_id>/diff/", versions.cable_diff, name="cable-diff"),
    path("cable/<str:reference_id>/graph/", graphs.cable_graph, name="cable-graph"),
    path("cable/<str:reference_id>/similar/", similar.cable_similar_words, name="cable-similar"),
    path("missing/", missing.missing_cables, name="missing-cables"),
    # Permalinks of the original publishers: 301 to the cable page.
    path(
        "cable/<int:year>/<int:month>/<str:reference_id>.html",
        permalinks.cablegate_redirect,
        name="cablegate-cable",
    ),
    path("cable/<str:reference_id>.html", permalinks.html_suffix_redirect, name="cable-html"),
    path("plusd/cables/<str:name>.html", permalinks.plusd_redirect, name="plusd-cable"),
    path("cables/<str:name>.html", permalinks.plusd_redirect, name="plusd-cable-short"),
    # Sitemaps (paged) and robots.txt.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-cables.xml", sitemap.cable_sitemap, name="sitemap-cables"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots.robots_txt, name="robots-txt"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    # Browsing and full-text search (issue 6).
    path("cables/", browse.browse_page, name="browse"),
    path("cables.json", browse.browse_json, name="browse-json"),
    path("cables.csv", exports.browse_csv, name="browse-csv"),
    path("cables/facets/<str:name>/", browse.facet_more, name="browse-facet"),
    path("cables/map/", post_map_pages.post_map_page, name="browse-map"),
    path("feed/", BrowseFeed(), name="browse-feed"),
    path("tags/", glossary_pages.tag_glossary, name="tag-glossary"),
    # Reading lists without an account (issue 20): an edit address and a share address.
    path("lists/", lists.lists_home, name="lists-home"),
    path("lists/add/", lists.add_to_list, name="reading-list-add"),
    path("lists/shared/<token:token>/", lists.shared_list, name="reading-list-shared"),
    path("lists/shared/<token:token>/list.bib", list_exports.list_bibtex, name="reading-list-bib"),
    path(
        "lists/shared/<token:token>/list.csl.json",
        list_exports.list_csl_json,
        name="reading-list-csl",
    ),
    path("lists/shared/<token:token>/list.md", list_exports.list_markdown, name="reading-list-md"),
    path("lists/shared/<token:token>/list.zip", list_exports.list_zip, name="reading-list-zip"),
    path("lists/<token:token>/", lists.list_page, name="reading-list"),
    path("lists/<token:token>/items/<int:item_id>/", lists.change_item, name="reading-list-item"),
    path("lists/<token:token>/remember/", lists.remember_list, name="reading-list-remember"),
    # Cablegate's browse pages: 301 to the same list here (page `_0` is the first).
    re_path(r"^tag/(?P<code>[^/]+)_(?P<page>\d{1,6})\.html$", cablegate.tag_page),
    re_path(r"^origin/(?P<number>\d{1,6})_(?P<page>\d{1,6})\.html$", cablegate.origin_page),
    re_path(
        r"^classification/(?P<number>\d{1,6})_(?P<page>\d{1,6})\.html$",
        cablegate.classification_page,
    ),
    re_path(r"^date/(?P<month>\d{4}-\d{2})_(?P<page>\d{1,6})\.html$", cablegate.month_page),
    re_path(
        r"^reldate/(?P<day>\d{4}-\d{2}-\d{2})_(?P<page>\d{1,6})\.html$",
        cablegate.release_day_page,
    ),
    # Last: every other address gets the site's 404 page, never Django's list of patterns.
    re_path(r"^(?P<path>.*)$", errors.no_page_here, name="no-page-here"),
]

# Error pages that cost no query; 503 while the database is away (cableroom/web/errors.py).
handler404 = "cableroom.web.errors.page_not_found"
handler500 = "cableroom.web.errors.server_error"
