"""Reading the DECL instruction, the reason codes, the classifying official and the signer
into the values the facets count (parsing/declassification.py, parsing/authority.py)."""

from datetime import date

import pytest

from cableroom.parsing import parse_cable
from cableroom.parsing.authority import Authority, read_classified_by, signer_name
from cableroom.parsing.declassification import (
    Declassification,
    read_declassification,
    reason_codes,
)
from tests.import_inputs import cable_text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2016-04-19", Declassification(on=date(2016, 4, 19))),
        ("2020/02/09", Declassification(on=date(2020, 2, 9))),
        ("OCTOBER 1, 2001", Declassification(on=date(2001, 10, 1))),
        ("1-6-09", Declassification(on=date(2009, 1, 6))),
        ("07/25/2O13", Declassification(on=date(2013, 7, 25))),
        ("I2/20/09", Declassification(on=date(2009, 12, 20))),
        ("OADR", Declassification(marker="OADR")),
        ("/OADR", Declassification(marker="OADR")),
        ("OADR 1.6X5", Declassification(marker="OADR")),
        ("1.6X1", Declassification(marker="X1")),
        ("(1.6X1)", Declassification(marker="X1")),
        ("1.6.X.1", Declassification(marker="X1")),
        ("1.6 X 1", Declassification(marker="X1")),
        ("EXEMPT 1.6 X1 AND X6", Declassification(marker="X1")),
        ("1.6X.6", Declassification(marker="X6")),
        ("25X1", Declassification(marker="25X1")),
        ("N/A", Declassification()),
        ("12356 N/A", Declassification()),
        ("10 YEARS", Declassification()),
        ("CLOSURE OF ICTY", Declassification()),
        ("2104-06-14", Declassification()),  # a typed year, not an instruction
        ("02/30/2016", Declassification()),
        ("", Declassification()),
        (None, Declassification()),
    ],
)
def test_a_decl_instruction_is_a_date_a_marker_or_nothing(written, expected):
    assert read_declassification(written) == expected


def test_the_parser_and_the_normaliser_read_a_decl_line_together():
    text = cable_text().replace("E.O. 12958: N/A", "E.O. 12958: DECL: 04/19/2016")
    parsed = parse_cable(text)
    assert read_declassification(parsed.declassify_on) == Declassification(on=date(2016, 4, 19))


@pytest.mark.parametrize(
    ("stored", "codes"),
    [
        ("1.4(b), 1.4(d)", ["1.4(b)", "1.4(d)"]),
        ("1.5(B), 1.5 (D)", ["1.5(b)", "1.5(d)"]),
        ("1.4", ["1.4"]),
        ("1.4(d), 1.4(d)", ["1.4(d)"]),
        ("", []),
        ("reasons", []),
    ],
)
def test_reason_codes(stored, codes):
    assert reason_codes(stored) == codes


@pytest.mark.parametrize(
    ("written", "name", "title"),
    [
        ("Ambassador John Ordway", "John Ordway", "Ambassador"),
        ("AMBASSADOR JOHN ORDWAY", "John Ordway", "Ambassador"),
        ("Amb. Jim Nicholson", "Jim Nicholson", "Ambassador"),
        ("CDA Daniel Russell", "Daniel Russell", "Chargé d'Affaires"),
        ("Abelardo A. Arias, Political Counselor", "Abelardo A. Arias", "Political Counselor"),
        ("CHARGE D'AFFAIRES, D. BRENT HARDT", "D. Brent Hardt", "Chargé d'Affaires"),
        ("Ambassador Marsha E Barnes", "Marsha E. Barnes", "Ambassador"),
        ("DCM Robert O. Blake, Jr", "Robert O. Blake Jr.", "Deputy Chief of Mission"),
        (
            "POLITICAL COUNSELOR ABELARDO A. ARIAS FOR 1.4 (D)",
            "Abelardo A. Arias",
            "Political Counselor",
        ),
        ("A/DCM Carol Urban per 1.5 (b) and (d)", "Carol Urban", "Acting Deputy Chief of Mission"),
        ("POLOFF MCCORMICK", "McCormick", "Political Officer"),
        ("ISN/MTR DIRECTOR PAM DURHAM", "Pam Durham", "ISN/MTR Director"),
        ("Charge d'Affaires", "", "Chargé d'Affaires"),
        ("", "", ""),
    ],
)
def test_classified_by_splits_name_and_title(written, name, title):
    assert read_classified_by(written) == Authority(name, title)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("ORDWAY", "Ordway"),
        ("Ordway", "Ordway"),
        ("McKINLEY", "McKinley"),
        ("HINSON-JONES", "Hinson-Jones"),
        ("LA LIME", "La Lime"),
        ("O'BRIEN", "O'Brien"),
        (None, ""),
    ],
)
def test_a_signer_is_written_one_way_whatever_its_case(written, name):
    assert signer_name(written) == name
