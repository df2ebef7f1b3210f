"""Template context every page needs."""

from cableroom.models import Cable


def archive(request) -> dict:
    """Whether the archive holds synthetic cables, so the header can say so.

    Evaluated lazily: pages that never render the header pay nothing.
    """

    def has_synthetic() -> bool:
        return Cable.objects.filter(is_synthetic=True).exists()

    return {"archive_has_synthetic": has_synthetic}
