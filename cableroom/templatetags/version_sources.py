"""The `public_source` filter: a version's release and file name, never its server path."""

from django import template

from cableroom.reading.provenance import VersionSource, version_source

register = template.Library()


@register.filter
def public_source(version) -> VersionSource:
    """`{{ version|public_source }}` reads "Cablegate web page, 08BRASILIA93.html"."""
    return version_source(version)
