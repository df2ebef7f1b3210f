"""Fixtures of the search tests: a few cables whose words overlap in the ways search needs."""

import pytest

from tests.factories import cable


def paragraphs(*texts):
    return tuple(("U", text) for text in texts)


@pytest.fixture
def search_sample(db):
    """Four cables by role: `heroin` (a seizure; "nuclear program" in its body),
    `nuclear` (IRAN NUCLEAR PROGRAM in subject and body), `scattered` (nuclear, program
    and Iran apart, not as a phrase) and `opium`."""
    return {
        "heroin": cable(
            "06ASTANA33",
            subject="NARCOTICS SEIZURES",
            paragraphs=paragraphs(
                "Police seized heroin at the border.", "The nuclear program stalled."
            ),
        ),
        "nuclear": cable(
            "06MOSCOW1",
            subject="IRAN NUCLEAR PROGRAM",
            paragraphs=paragraphs("Iran discussed its nuclear program with visitors."),
        ),
        "scattered": cable(
            "06MOSCOW2",
            subject="PROGRAM NOTES",
            paragraphs=paragraphs("A nuclear plant and a school program; Iran."),
        ),
        "opium": cable("06KABUL1", subject="POPPY", paragraphs=paragraphs("Opium harvest up.")),
    }
