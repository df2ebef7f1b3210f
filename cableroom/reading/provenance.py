"""Where a version came from, in words a reader can use: the release and the file name.

The archive records the path each copy was imported from (`CableVersion.source_path`),
which names folders on the importing machine; readers see only the name of the file
within the release, so no page or document shows where the server keeps its copies.
"""

import re
from dataclasses import dataclass

from cableroom.models import CableVersion

# Source formats (cableroom.sources.record, the synthetic loader) by their public names.
RELEASES = {
    "cables.csv": "WikiLeaks cables.csv dump",
    "cablegate-html": "Cablegate web page",
    "text": "Plain-text copy",
    "synthetic": "Synthetic cable (generated)",
}
PATH_SEPARATORS = re.compile(r"[\\/]")


@dataclass(frozen=True)
class VersionSource:
    """A version's source as readers see it: "WikiLeaks cables.csv dump", "cables.csv.gz", 512."""

    release: str
    file_name: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"{self.file_name} row {self.row}" if self.row else self.file_name
        return f"{self.release}, {where}" if where else self.release


def version_source(version: CableVersion) -> VersionSource:
    """The public name of the release a version came from and of its file, no folders."""
    release = RELEASES.get(version.source_format, version.source_format)
    file_name = PATH_SEPARATORS.split(version.source_path or "")[-1]
    if file_name == version.source_format:  # the synthetic loader names no file
        file_name = ""
    return VersionSource(release, file_name, version.source_row)
