"""Fixtures of the reading-list tests: a few cables with paragraphs, and a client whose
CSRF checks are on, as a browser's are."""

import pytest
from django.test import Client

from tests import factories

PARAGRAPHS = (
    ("C", "First paragraph on wheat."),
    ("C", "Second paragraph on rail tariffs."),
    ("S", "Third paragraph on R&D_costs {50%}."),
)


@pytest.fixture
def listed_cables(db):
    """Four cables: three to add whole, one to add a paragraph of."""
    return [
        factories.cable(
            f"06TESTVILLE{number}",
            subject=f"SUBJECT {number} & MORE",
            classification="CONFIDENTIAL",
            paragraphs=PARAGRAPHS,
        )
        for number in range(1, 5)
    ]


@pytest.fixture
def browser_client():
    return Client(enforce_csrf_checks=True)
