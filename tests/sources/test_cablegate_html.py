"""The cablegate page reader: the three real site builds, synthetic pages in tmp_path."""

import csv
import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cableroom.sources import (
    SourceProblem,
    SourceRecord,
    read_cablegate_page,
    read_cablegate_tree,
)
from tests.paths import SHARED

CORPUS = SHARED / "corpus"
HTML = CORPUS / "html"
needs_corpus = pytest.mark.skipif(
    not HTML.exists(), reason=f"MISSING CORPUS: {HTML} not found; real-page tests not run"
)
# expected.csv names the builds by date; the directories by who built them.
BUILD_FORMATS = {
    "chillicoder_build-201012102105": "cablegate-html-2010-12",
    "markchips_build-final-251287": "cablegate-html-2011",
    "cablemap_builds-2011": "cablegate-html-2011",
}


def cable_page(
    classification="SECRET",
    title="unclassified",
    header="P 191331Z APR 06&#x000A;FM USOFFICE ASTANA",
    body="UNCLAS ASTANA 000033 &#x000A;TAGS: <a href='/tag/KZ_0.html'>KZ</a>",
    pres=2,
) -> str:
    blocks = [f"<code><pre>{header}</pre></code>", f"<code><pre>{body}</pre></code>"][-pres:]
    blocks = blocks if pres else []
    return f"""<html><body><div>sidebar <a href='/origin/1_0.html'>Embassy Bern</a>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th>
<th>Origin</th></tr>
<tr><td>
<a href='/cable/2006/04/06ASTANA33.html'>06ASTANA33</a>
</td><td><a href='/date/2006-04_0.html'>2006-04-19 13:31</a></td>
<td><a href='/reldate/2011-08-30_0.html'>2011-08-30 01:44</a></td>
<td><a href='/classification/1_0.html' title='{title}'>{classification}</a></td>
<td><a href='/origin/95_0.html'>US Office Astana</a></td></tr>
<tr><td colspan='5'>Appears in these articles:<br /><a href='x'>http://x</a></td></tr>
</table>
{"".join(blocks)}
</div></body></html>"""


def write(tmp_path: Path, name: str, page: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode("utf-8") if isinstance(page, str) else page)
    return path


def read_one(path: Path) -> SourceRecord | SourceProblem:
    [item] = list(read_cablegate_page(path))
    return item


def test_metadata_comes_from_the_cable_table(tmp_path):
    record = read_one(write(tmp_path, "06ASTANA33.html", cable_page()))
    meta = record.metadata
    assert record.source_id == meta.reference_id == "06ASTANA33"
    assert meta.date_time == datetime(2006, 4, 19, 13, 31, tzinfo=UTC)
    assert meta.released == datetime(2011, 8, 30, 1, 44, tzinfo=UTC)
    assert meta.origin == "US Office Astana"
    assert (record.source_format, record.row, record.line) == ("cablegate-html", None, 2)


def test_classification_is_the_link_text_not_its_title(tmp_path):
    record = read_one(write(tmp_path, "p.html", cable_page("CONFIDENTIAL//NOFORN", "secret")))
    assert record.metadata.classification == "CONFIDENTIAL//NOFORN"


def test_text_is_header_blank_line_body_without_markup(tmp_path):
    body = (
        "UNCLAS &#x000A;<a id='par1' href='#par1'>\u00b6</a>1. R&amp;D &amp; "
        "R&D; <br>&#x000A;<strong>TAGS </strong>KZ"
    )
    record = read_one(write(tmp_path, "p.html", cable_page(body=body)))
    assert record.text == (
        "P 191331Z APR 06\nFM USOFFICE ASTANA\n\nUNCLAS \n\u00b61. R&D & R&D; \nTAGS KZ"
    )
    assert record.raw_sha256 == hashlib.sha256(record.text.encode("utf-8")).hexdigest()
    assert record.warnings == ()


def test_single_pre_block_is_read_as_the_body_with_a_warning(tmp_path):
    record = read_one(write(tmp_path, "p.html", cable_page(pres=1)))
    assert record.text == "UNCLAS ASTANA 000033 \nTAGS: KZ"
    assert "one <pre> block" in record.warnings[0]


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("<html><body><h1>Browse by date</h1><table><tr><td>x</td></tr></table>", "not a cable"),
        (cable_page(pres=0), "no cable text"),
        ("", "empty file"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "undecodable"),
    ],
)
def test_pages_without_a_cable_are_problems(tmp_path, page, reason):
    path = write(tmp_path, "index.html", page)
    problem = read_one(path)
    assert isinstance(problem, SourceProblem)
    assert problem.path == str(path) and reason in problem.reason


def test_cp1252_page_is_decoded_and_checksummed_in_cp1252(tmp_path):
    page = cable_page(body="UNCLAS &#x000A;\u00b61. TEXT").encode("cp1252")
    record = read_one(write(tmp_path, "p.html", page))
    assert record.encoding == "cp1252"
    assert record.raw_sha256 == hashlib.sha256(record.text.encode("cp1252")).hexdigest()
    assert "not valid UTF-8" in record.warnings[0]


def test_tree_reads_html_pages_in_sorted_order(tmp_path):
    write(tmp_path, "b/2006/06ASTANA34.htm", cable_page(classification="SECRET"))
    write(tmp_path, "a/06ASTANA33.html", cable_page(classification="CONFIDENTIAL"))
    write(tmp_path, "a/notes.txt", "not a page")
    items = list(read_cablegate_tree(tmp_path))
    assert [Path(item.path).name for item in items] == ["06ASTANA33.html", "06ASTANA34.htm"]
    assert [item.metadata.classification for item in items] == ["CONFIDENTIAL", "SECRET"]


def test_missing_page_is_a_problem(tmp_path):
    problem = read_one(tmp_path / "absent.html")
    assert isinstance(problem, SourceProblem) and "cannot open" in problem.reason


def expected_pages() -> dict[tuple[str, str], dict]:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as stream:
        return {
            (row["refid"], row["source_format"]): row
            for row in csv.DictReader(stream)
            if row["source_format"].startswith("cablegate")
        }


@needs_corpus
@pytest.mark.slow
def test_every_real_page_reads_and_matches_expected_csv():
    expected = expected_pages()
    items = list(read_cablegate_tree(HTML))
    assert len(items) == len(expected) == 992
    for record in items:
        assert isinstance(record, SourceRecord), record
        build = Path(record.path).relative_to(HTML).parts[0]
        row = expected[(record.source_id, BUILD_FORMATS[build])]
        meta = record.metadata
        assert meta.date_time.strftime("%Y-%m-%d %H:%M") == row["date"]
        assert meta.released.strftime("%Y-%m-%d %H:%M") == row["released"]
        assert (meta.origin, meta.classification) == (row["origin"], row["classification"])
        assert "<a " not in record.text and "&#x000A;" not in record.text
        assert record.text.encode(record.encoding).count(b"\n") > 3


@needs_corpus
def test_real_page_text_is_header_then_body():
    page = HTML / "markchips_build-final-251287" / "1975" / "03" / "75TEHRAN2069.html"
    record = read_one(page)
    assert record.text.startswith(
        "R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 475\n\n"
        "C O N F I D E N T I A L SECTION 1 OF 2 TEHRAN 2069 \n"
    )
    assert "\nTAGS: PINT IR\n" in record.text and "\n\u00b61. SHAH'S" in record.text
    assert record.metadata.classification == "CONFIDENTIAL"  # its title says unclassified
