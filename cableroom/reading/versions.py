"""A cable's versions, numbered 1, 2, ... in the order they were imported.

The numbers are what URLs use (`/cable/06ASTANA33/versions/2/`): stable as long as
versions are only ever added, which is how imports work.
"""

from cableroom.models import Cable, CableVersion

# Far above any real count; a larger URL number would overflow the database's OFFSET.
MAX_VERSION_NUMBER = 10_000


def numbered_versions(cable: Cable, *, with_text: bool = False) -> list[tuple[int, CableVersion]]:
    """(number, version) pairs, oldest import first; raw text left out unless asked for."""
    versions = cable.versions.order_by("imported_at", "id")
    if not with_text:
        versions = versions.defer("raw_text")
    return list(enumerate(versions, start=1))


def version_by_number(cable: Cable, number: int) -> CableVersion | None:
    """The version a URL's number names, with its text, or None."""
    if not 1 <= number <= MAX_VERSION_NUMBER:
        return None
    return cable.versions.order_by("imported_at", "id")[number - 1 : number].first()
