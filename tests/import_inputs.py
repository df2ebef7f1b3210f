"""Hand-written, synthetic inputs for the import tests: cable texts, dump rows, pages.

Nothing here is real cable text; the shapes follow ../shared/CABLES.md.
"""

import gzip
from pathlib import Path

MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def cable_text(
    serial: int = 123,
    *,
    station: str = "ASTANA",
    post: str = "AMEMBASSY ASTANA",
    day: int = 19,
    month: int = 4,
    year: int = 2006,
    subject: str = "A SYNTHETIC CABLE FOR THE IMPORT TESTS",
    paragraphs: tuple[str, ...] = ("A first synthetic paragraph.", "A second one."),
    tags: str = "PREL, PGOV, KZ",
    marking: str = "SBU",
    line_end: str = "\n",
) -> str:
    """A complete cable in the AUTODIN shape, with numbered, marked paragraphs."""
    dtg = f"P {day:02d}1331Z {MONTHS[month - 1]} {year % 100:02d}"
    lines = [
        "VZCZCXRO0001",
        f"DE RUEHAST #{serial:04d}/01 1091331",
        "ZNR UUUUU ZZH",
        dtg,
        f"FM {post}",
        "TO RUEHC/SECSTATE WASHDC PRIORITY 0107",
        "INFO RUEHTA/AMEMBASSY ALMATY PRIORITY 0101",
        "BT",
        f"UNCLAS {station} {serial:06d}",
        "",
        "SIPDIS",
        "",
        "SENSITIVE",
        "",
        "E.O. 12958: N/A",
        f"TAGS: {tags}",
        f"SUBJECT: {subject}",
        "",
        "REF: A. STATE 1234 B. 05ASTANA99",
        "",
    ]
    for number, text in enumerate(paragraphs, start=1):
        lines += [f"{number}. ({marking}) {text}", ""]
    lines += ["ORDWAY", ""]
    return line_end.join(lines)


def reference_id(serial: int = 123, *, station: str = "ASTANA", year: int = 2006) -> str:
    return f"{year % 100:02d}{station}{serial}"


def escape(field: str) -> str:
    """The dump's MySQL-style escaping: a backslash before backslashes and quotes."""
    return field.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def dump_row(
    serial: int = 123,
    *,
    dump_id: int | None = None,
    text: str | None = None,
    date: str = "4/19/2006 13:31",
    origin: str = "Embassy Astana",
    classification: str = "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    refid: str | None = None,
) -> str:
    """One cables.csv row (eight quoted, escaped fields and a newline)."""
    fields = [
        str(dump_id if dump_id is not None else serial),
        date,
        refid or reference_id(serial),
        origin,
        classification,
        "",
        "",
        text if text is not None else cable_text(serial),
    ]
    return ",".join(f'"{escape(field)}"' for field in fields) + "\n"


def write_dump(path: Path, rows, *, zipped: bool = False) -> Path:
    """Write rows (str) as a dump, gzipped if asked; returns the path."""
    data = "".join(rows).encode("utf-8")
    path.write_bytes(gzip.compress(data) if zipped else data)
    return path


def cablegate_page(text: str, *, refid: str, released: str, created: str = "2006-04-19 13:31"):
    """A minimal cablegate page: the cable table, then header and body <pre> blocks."""
    header, _, body = text.partition("BT\n")
    return (
        "<html><body><table class='cable'><tr><th>Reference ID</th><th>Created</th>"
        "<th>Released</th><th>Classification</th><th>Origin</th></tr>"
        f"<tr><td>{refid}</td><td>{created}</td><td>{released}</td>"
        "<td>UNCLASSIFIED//FOR OFFICIAL USE ONLY</td><td>Embassy Astana</td></tr></table>"
        f"<pre>{_html_lines(header + 'BT')}</pre><pre>{_html_lines(body)}</pre></body></html>"
    )


def _html_lines(block: str) -> str:
    return block.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "&#x000A;")
