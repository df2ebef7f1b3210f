"""The raw `.txt` of a list's cables as a zip, streamed one cable at a time.

`zipfile` writes to a stream it cannot seek (each member's sizes follow its data), so
the archive goes out as it is written: memory holds one cable's text, never the zip.
Withdrawn cables are left out, as `/cable/<id>.txt` refuses them.
"""

import zipfile
from collections.abc import Iterable, Iterator

from django.db.models import F

from cableroom.models import CableVersion

# Texts read from the database per query while streaming.
CHUNK = 20


class _Pipe:
    """A write-only file whose bytes are collected until the generator takes them."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def raw_texts_zip(cable_ids: Iterable[int]) -> Iterator[bytes]:
    """Zip bytes holding `<reference_id>.txt` for each public cable, in the ids' order."""
    ids = list(dict.fromkeys(cable_ids))
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            texts = _current_texts(chunk)
            for cable_id in chunk:
                if cable_id in texts:
                    reference_id, raw_text = texts[cable_id]
                    archive.writestr(f"{reference_id}.txt", raw_text.encode("utf-8"))
                    yield pipe.take()
    yield pipe.take()


def _current_texts(cable_ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = (
        CableVersion.objects.filter(
            cable_id__in=cable_ids,
            cable__current_version=F("pk"),
            cable__withdrawn_at__isnull=True,
        )
        .values_list("cable_id", "cable__reference_id", "raw_text")
        .order_by()
    )
    return {cable_id: (reference_id, raw) for cable_id, reference_id, raw in rows}
