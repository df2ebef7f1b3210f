"""Addressee names: office symbols, relay marks and spellings; lines that are no addressee;
routing indicators deciding the post; kinds of offices that are not posts."""

import pytest

from cableroom.refdata.addressees import (
    addressee_kind,
    addressee_name,
    not_an_addressee,
    office_name,
    post_for_addressee,
)


@pytest.mark.parametrize(
    ("written", "office"),
    [
        ("USCINCPAC HONOLULU HI//FPA J5//", "USCINCPAC HONOLULU HI"),
        ("JOINT STAFF WASHDC//J5/UNMA//", "JOINT STAFF WASHINGTON DC"),
        ("JCS//J5//WASHDC", "JCS WASHINGTON DC"),
        ("DIA WASHDC/DOR-2B", "DIA WASHINGTON DC"),
        ("USCINCPAC HONOLULU HI/CC", "USCINCPAC HONOLULU HI"),
        ("ZEN/CNO WASHINGTON DC", "CNO WASHINGTON DC"),
        ("SECDEF WASHDC", "SECDEF WASHINGTON DC"),
        ("SECDEF WASH DC", "SECDEF WASHINGTON DC"),
        ("GSA OFFICE INFO SECURITY WAS DC", "GSA OFFICE INFO SECURITY WASHINGTON DC"),
        ("WHITE HOUSE NSC WASHDC", "NSC WASHINGTON DC"),
        ("NATIONAL SECURITY COUNCIL WASHINGTON DC", "NSC WASHINGTON DC"),
        ("DEPTTREAS WASHDC", "DEPT OF TREASURY WASHINGTON DC"),
        ("TREASURY DEPT WASHDC", "DEPT OF TREASURY WASHINGTON DC"),
        ("ASEAN COLLECTIVE", "ASEAN COLLECTIVE"),
    ],
)
def test_office_name(written, office):
    assert office_name(written) == office


@pytest.mark.parametrize(
    "line",
    [
        "DELIVER FOOD, WHICH HE SAYS IS CURRENTLY BEING DENIED BY",  # 02VATICAN1674
        "SEVEN NUNS OF DIVERSE NATIONALITY (INCLUDING AN AMCIT)",  # 02VATICAN1674
        "DATE: 2009-02-05 16:36:00",  # 09KUWAIT110
        "ID: 190648",
        "TAGS: PREL PGOV MOPS KNNP MG",
        "8/13/2009 8:54",
        "09ULAANBAATAR234",
        "<<220571>>",
        "O N F I D E N T I A L BAGHDAD 000290",
        "Allawi told A/DCM on February 2 that the Accountability and",
        "NOTE - DO NOT PUBLISH - AWAITING LEGAL ON MENTION OF PACHAURI",
    ],
)
def test_lines_that_are_no_addressee_say_why(line):
    assert not_an_addressee(line)


@pytest.mark.parametrize(
    "line",
    [
        "SECSTATE WASHDC",
        "ALL EAST ASIAN AND PACIFIC DIPLOMATIC POSTS",
        "ORG FOR SECURITY CO OP IN EUROPE COLLECTIVE",
        "CTF PROVIDE CONFORT (INCIRLIK AB TU)",
        "DEPT OF STATE AIR WING PATRICK AFB FL",
        "39ABG INCIRLIK AB TU",
        "JOINT STAFF WASHDC//J-3/J-5//",
    ],
)
def test_offices_are_addressees(line):
    assert not_an_addressee(line) is None


def test_the_routing_indicator_decides_between_the_posts_it_named():
    # RUEHTA named AMEMBASSY ALMATY in 2006 and AMEMBASSY ASTANA after the move.
    almaty = post_for_addressee("AMEMBASSY ALMATY", "RUEHTA")
    astana = post_for_addressee("AMEMBASSY ASTANA", "RUEHTA")
    assert almaty.city == "Almaty" and astana.name == "Embassy Astana"


def test_a_name_the_indicator_never_had_yields_to_the_indicator():
    assert post_for_addressee("AMEMBASSY ATLANTIS", "RUEHTA").name == "Embassy Astana"
    assert post_for_addressee("AMEMBASSY ATLANTIS") is None


def test_a_country_code_after_the_city_is_ignored():
    assert post_for_addressee("AMEMBASSY ANKARA TU").name == "Embassy Ankara"


@pytest.mark.parametrize(
    ("office", "kind"),
    [
        ("ASEAN COLLECTIVE", "Collective"),
        ("ALL NEAR EASTERN AND SOUTH ASIAN DIPLOMATIC POSTS", "Collective"),
        ("EU MEMBER STATES", "Collective"),
        ("JOINT STAFF WASHINGTON DC", "Military"),
        ("USCINCPAC HONOLULU HI", "Military"),
        ("CDR USCENTCOM MACDILL AFB FL", "Military"),
        ("HQ USEUCOM VAIHINGEN GE", "Military"),
        ("SECDEF WASHINGTON DC", "Washington agency"),
        ("NSC WASHINGTON DC", "Washington agency"),
        ("UNVIE", "Other office"),
    ],
)
def test_addressee_kind(office, kind):
    assert addressee_kind(office) == kind


def test_addressee_name_gives_a_post_its_type_and_an_office_its_kind():
    assert addressee_name("AMEMBASSY ALMATY", "RUEHTA")[0] != "Embassy Astana"
    assert addressee_name("SECDEF WASHDC") == ("SECDEF WASHINGTON DC", "Washington agency")
    assert addressee_name("AMEMBASSY PARIS") == ("Embassy Paris", "Embassy")
