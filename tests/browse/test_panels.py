"""The pager: Django's elided page range; links keep the search and turn the page."""

from types import SimpleNamespace

from cableroom.browse.engine import PER_PAGE, Browse
from cableroom.browse.panels import page_links
from cableroom.browse.params import Constraints
from cableroom.browse.state import SearchState


def links(page: int, pages: int) -> list[tuple[str, str, bool]]:
    state = Browse(
        request=None,
        search=SearchState([("tag", "PREL"), ("page", str(page))]),
        index=None,
        constraints=Constraints(page=page),
        result=SimpleNamespace(count=pages * PER_PAGE),
    )
    return [(link.label, link.url, link.current) for link in page_links(state)]


def test_one_page_needs_no_pager():
    assert links(1, 1) == []


def test_a_window_around_the_current_page_and_both_ends():
    shown = links(10, 20)
    assert [label for label, _, _ in shown] == [
        "Previous", "1", "…", "8", "9", "10", "11", "12", "…", "20", "Next",
    ]  # fmt: skip
    assert shown[0][1] == "/cables/?tag=PREL&page=9"
    assert ("1", "/cables/?tag=PREL", False) in shown  # page 1 has no page parameter
    assert ("10", "/cables/?tag=PREL&page=10", True) in shown
    assert shown[-1][1] == "/cables/?tag=PREL&page=11"


def test_the_first_page_has_no_previous_and_the_last_no_next():
    assert links(1, 3) == [
        ("1", "/cables/?tag=PREL", True),
        ("2", "/cables/?tag=PREL&page=2", False),
        ("3", "/cables/?tag=PREL&page=3", False),
        ("Next", "/cables/?tag=PREL&page=2", False),
    ]
    assert links(3, 3)[-1] == ("3", "/cables/?tag=PREL&page=3", True)
