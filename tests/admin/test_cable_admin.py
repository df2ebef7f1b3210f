"""The cable admin: filters and search, edits recorded and curated, history, revert, withdrawal."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable, Change, ChangeAction, Note, Tag
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

RAW = "UNCLAS SECTION 01 OF 01 TESTVILLE 000001\nSUBJECT: A SYNTHETIC RAW LINE\n"


@pytest.fixture
def editable_cable():
    return factories.cable(
        "06TESTVILLE1",
        subject="PARSED SUBJECT",
        tags=("PREL", "KZ"),
        caveats=("SIPDIS",),
        to=("SECSTATE WASHDC",),
        paragraphs=(("U", "first"), ("C", "second")),
        raw_text=RAW,
    )


def change_url(editable_cable) -> str:
    return reverse("admin:cableroom_cable_change", args=[editable_cable.pk])


def listed(curator_client, **params) -> set[str]:
    response = curator_client.get(reverse("admin:cableroom_cable_changelist"), params)
    assert response.status_code == 200
    return {editable_cable.reference_id for editable_cable in response.context["cl"].result_list}


# The list: filters and search.


@pytest.fixture
def mixed_archive(editable_cable, curator):
    secret = factories.cable(
        "99ELSEWHERE7",
        date_time=datetime(1999, 5, 1, tzinfo=UTC),
        origin="Embassy Elsewhere",
        classification="SECRET",
        caveats=("NOFORN",),
        subject="ANOTHER MATTER",
        paragraphs=(("S", "uranium and goats"),),
        warnings=[{"field": "tags", "message": "no TAGS line", "line": None}],
        warning_count=1,
    )
    withdrawn = factories.cable("05GONE3", subject="GONE")
    curation.withdraw_cable(cable=withdrawn, reason="Duplicate", user=curator)
    curated = factories.cable("04FIXED2", subject="TYPO")
    curation.edit_cable(cable=curated, values={"subject": "FIXED"}, user=curator)
    return {"plain": editable_cable, "secret": secret, "withdrawn": withdrawn, "curated": curated}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"classification": "SECRET"}, {"99ELSEWHERE7"}),
        ({"caveat": "NOFORN"}, {"99ELSEWHERE7"}),
        ({"year__exact": "1999"}, {"99ELSEWHERE7"}),
        ({"warnings": "yes"}, {"99ELSEWHERE7"}),
        ({"warnings": "no"}, {"06TESTVILLE1", "05GONE3", "04FIXED2"}),
        ({"withdrawn": "yes"}, {"05GONE3"}),
        ({"withdrawn": "no"}, {"06TESTVILLE1", "99ELSEWHERE7", "04FIXED2"}),
        ({"curated": "yes"}, {"04FIXED2"}),
        ({"curated": "no"}, {"06TESTVILLE1", "99ELSEWHERE7", "05GONE3"}),
        ({"q": "99ELSEWHERE7"}, {"99ELSEWHERE7"}),
        ({"q": "another"}, {"99ELSEWHERE7"}),
        ({"q": "goats"}, {"99ELSEWHERE7"}),
    ],
)
def test_filters_and_search_find_the_right_cables(curator_client, mixed_archive, params, expected):
    assert listed(curator_client, **params) == expected


def test_the_origin_filter_lists_origins_and_filters(curator_client, mixed_archive):
    origin = mixed_archive["secret"].origin
    assert listed(curator_client, origin__id__exact=origin.pk) == {"99ELSEWHERE7"}


# The edit page.


def test_the_edit_page_shows_the_raw_text_beside_the_form(curator_client, editable_cable):
    page = curator_client.get(change_url(editable_cable)).content.decode()
    assert "curation-raw" in page and "A SYNTHETIC RAW LINE" in page
    assert 'name="subject"' in page and 'name="tag_list"' in page
    assert page.index("curation-raw") < page.index('name="subject"')


def test_an_admin_edit_is_recorded_with_user_before_and_after(
    curator_client, editable_cable, curator
):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data["subject"] = "CORRECTED SUBJECT"
    response = curator_client.post(change_url(editable_cable), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    [change] = Change.objects.filter(cable=editable_cable)
    assert (change.field, change.before, change.after) == (
        "subject",
        "PARSED SUBJECT",
        "CORRECTED SUBJECT",
    )
    assert change.user == curator and change.action == ChangeAction.EDIT
    assert Cable.objects.get(pk=editable_cable.pk).curated_fields == ["subject"]


def test_saving_unchanged_records_nothing(curator_client, editable_cable):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    assert not Change.objects.exists()
    assert Cable.objects.get(pk=editable_cable.pk).curated_fields == []


def test_tags_keep_their_order_and_new_ones_follow(curator_client, editable_cable):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    added = factories.tag("ZZNEW")
    data["tag_list"] = [*data["tag_list"], str(added.pk)]
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    change = Change.objects.get(cable=editable_cable, field="tags")
    assert (change.before, change.after) == (["PREL", "KZ"], ["PREL", "KZ", "ZZNEW"])
    assert "tags" in Cable.objects.get(pk=editable_cable.pk).curated_fields


def test_paragraph_markings_and_addressees_are_edited_in_inlines(curator_client, editable_cable):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data["paragraphs-1-marking"] = "S"
    data["addressees-0-role"] = "INFO"
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    changes = {c.field: c for c in Change.objects.filter(cable=editable_cable)}
    assert changes["paragraph_markings"].after == {"0": "U", "1": "S"}
    assert changes["addressees"].before[0]["role"] == "TO"
    assert changes["addressees"].after[0]["role"] == "INFO"
    curated = Cable.objects.get(pk=editable_cable.pk).curated_fields
    assert {"paragraphs", "addressees"} <= set(curated)


def test_a_note_added_in_the_admin_is_attributed(curator_client, editable_cable, curator):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data.update(
        {"notes-TOTAL_FORMS": "1", "notes-0-text": "Sent twice.", "notes-0-is_public": "on"}
    )
    data["notes-0-cable"] = str(editable_cable.pk)
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    [note] = editable_cable.notes.public()
    assert note.author == curator and note.text == "Sent twice."
    assert note.attribution == curator.get_username()


def test_autocomplete_answers_for_tags_posts_and_addressees(curator_client, editable_cable):
    url = reverse("admin:autocomplete")
    cases = [
        ("cable", "tags", "PRE", "PREL"),
        ("cable", "origin", "Testv", "Embassy Testville"),
        ("addressee", "post", "SECSTATE", "SECSTATE WASHDC"),
        ("cable", "caveats", "SIPD", "SIPDIS"),
    ]
    for model, field, term, expected in cases:
        params = {"app_label": "cableroom", "model_name": model, "field_name": field, "term": term}
        response = curator_client.get(url, params)
        assert response.status_code == 200, (model, field)
        texts = [item["text"] for item in json.loads(response.content)["results"]]
        assert expected in texts, (model, field, texts)


# History, revert, withdrawal.


def test_the_history_page_lists_changes_and_a_revert_undoes_one(
    curator_client, editable_cable, curator
):
    [change] = curation.edit_cable(
        cable=editable_cable, values={"subject": "WRONG FIX"}, user=curator
    )
    history = reverse("admin:cableroom_cable_history", args=[editable_cable.pk])
    page = curator_client.get(history).content.decode()
    assert "WRONG FIX" in page and "PARSED SUBJECT" in page and curator.get_username() in page
    revert = reverse("admin:cableroom_cable_revert", args=[editable_cable.pk, change.pk])
    assert curator_client.post(revert).status_code == 302
    assert Cable.objects.get(pk=editable_cable.pk).subject == "PARSED SUBJECT"
    assert Change.objects.filter(revert_of=change, user=curator).exists()


def test_reverting_a_merge_from_a_cable_history_undoes_the_whole_merge(
    curator_client, editable_cable
):
    other = factories.cable(tags=("PREL",))
    batch = curation.merge_tags(
        source=Tag.objects.get(code="KZ"), target=factories.tag("ZZKZ"), user=None
    )
    part = batch.parts.get(cable=editable_cable)
    curator_client.post(reverse("admin:cableroom_cable_revert", args=[editable_cable.pk, part.pk]))
    assert Tag.objects.get(code="KZ").merged_into is None
    assert list(
        editable_cable.tags.values_list("code", flat=True).order_by("cable_tags__position")
    ) == [
        "PREL",
        "KZ",
    ]
    assert list(other.tags.values_list("code", flat=True)) == ["PREL"]


def test_withdraw_and_restore_from_the_edit_page(curator_client, editable_cable, curator):
    url = reverse("admin:cableroom_cable_withdraw", args=[editable_cable.pk])
    assert curator_client.get(url).status_code == 200
    assert curator_client.post(url, {"reason": "Published by mistake"}).status_code == 302
    editable_cable.refresh_from_db()
    assert (
        editable_cable.withdrawal_reason == "Published by mistake" and editable_cable.is_withdrawn
    )
    assert Change.objects.get(cable=editable_cable, action=ChangeAction.WITHDRAW).user == curator
    curator_client.post(reverse("admin:cableroom_cable_restore", args=[editable_cable.pk]))
    assert not Cable.objects.get(pk=editable_cable.pk).is_withdrawn


def test_withdraw_many_from_the_list_asks_for_a_reason(curator_client, editable_cable):
    other = factories.cable()
    url = reverse("admin:cableroom_cable_changelist")
    selected = {"action": "withdraw_selected", "_selected_action": [editable_cable.pk, other.pk]}
    page = curator_client.post(url, selected)
    assert page.status_code == 200 and b"reason" in page.content
    curator_client.post(url, {**selected, "apply": "1", "reason": "Court order"})
    assert Cable.objects.filter(withdrawal_reason="Court order").count() == 2


def test_the_list_page_takes_a_fixed_number_of_queries(
    curator_client, mixed_archive, django_assert_max_num_queries
):
    for _ in range(10):
        factories.cable(tags=("PREL",), caveats=("NOFORN",))
    with django_assert_max_num_queries(20):
        curator_client.get(reverse("admin:cableroom_cable_changelist"))


def test_notes_are_kept_when_added_by_the_note_admin(curator_client, editable_cable, curator):
    url = reverse("admin:cableroom_note_add")
    response = curator_client.post(
        url, {"cable": editable_cable.pk, "text": "Private.", "is_public": ""}
    )
    assert response.status_code == 302
    note = Note.objects.get(text="Private.")
    assert note.author == curator and not note.is_public
    assert list(editable_cable.notes.public()) == []


def test_tags_are_saved_in_the_order_the_form_sends(curator_client, editable_cable):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data["tag_list"] = list(reversed(data["tag_list"]))
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    assert Change.objects.get(cable=editable_cable, field="tags").after == ["KZ", "PREL"]


def test_the_edit_page_lists_tags_in_tags_line_order(curator_client):
    editable_cable = factories.cable(tags=("ZZB", "ZZA"))
    page = curator_client.get(change_url(editable_cable)).content.decode()
    assert page.index(">ZZB<") < page.index(">ZZA<")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (["PREL", "KZ"], "PREL, KZ"),
        ({"0": "U", "1": "C"}, "¶1 U, ¶2 C"),
        (
            [{"role": "TO", "name": "SECSTATE WASHDC", "post": "Secretary of State"}],
            "TO SECSTATE WASHDC → Secretary of State",
        ),
        ({"withdrawn_at": None, "reason": ""}, "not withdrawn"),
        ("PLAIN", "PLAIN"),
    ],
)
def test_history_values_read_plainly(value, shown):
    from cableroom.templatetags.curation_admin import change_value

    assert change_value(value) == shown


def test_the_history_page_takes_a_fixed_number_of_queries(
    curator_client, editable_cable, curator, django_assert_max_num_queries
):
    for number in range(15):
        curation.edit_cable(
            cable=editable_cable, values={"subject": f"FIX {number}"}, user=curator
        )
    changes = Change.objects.filter(cable=editable_cable)
    curation.revert_change(change=changes.first(), user=curator)
    with django_assert_max_num_queries(12):
        page = curator_client.get(
            reverse("admin:cableroom_cable_history", args=[editable_cable.pk])
        )
    assert page.content.decode().count(">reverted<") == 1


def test_the_curation_pages_link_their_stylesheet(curator_client, editable_cable):
    from django.contrib.staticfiles import finders

    page = curator_client.get(change_url(editable_cable)).content.decode()
    assert "cableroom/css/curation-admin.css" in page
    assert finders.find("cableroom/css/curation-admin.css")


def _note_changes(editable_cable) -> list[tuple]:
    rows = Change.objects.filter(cable=editable_cable, object_repr__startswith="Note on").order_by(
        "id"
    )
    return [(change.field, change.before, change.after, change.user_id) for change in rows]


def test_note_edits_in_the_cable_admin_are_in_the_cables_history(
    curator_client, editable_cable, curator
):
    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data.update({"notes-TOTAL_FORMS": "1", "notes-0-text": "Sent twice.", "notes-0-cable": ""})
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    note = Note.objects.get(cable=editable_cable)
    created = {"text": "Sent twice.", "is_public": False, "paragraph_position": None}
    assert _note_changes(editable_cable) == [("note", None, created, curator.pk)]

    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data.update({"notes-0-text": "Sent twice, once garbled.", "notes-0-is_public": "on"})
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    assert _note_changes(editable_cable)[1:] == [
        ("text", "Sent twice.", "Sent twice, once garbled.", curator.pk),
        ("is_public", False, True, curator.pk),
    ]

    data = change_form_data(curator_client.get(change_url(editable_cable)))
    data["notes-0-DELETE"] = "on"
    assert curator_client.post(change_url(editable_cable), data).status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()
    kept = {"text": "Sent twice, once garbled.", "is_public": True, "paragraph_position": None}
    assert _note_changes(editable_cable)[3:] == [("note", kept, None, curator.pk)]

    history = curator_client.get(
        reverse("admin:cableroom_cable_history", args=[editable_cable.pk])
    )
    assert history.status_code == 200
    assert "Sent twice, once garbled." in history.content.decode()


def test_a_note_edit_can_be_reverted_from_the_history(curator_client, editable_cable, curator):
    note = Note.objects.create(cable=editable_cable, author=curator, text="Draft.")
    note.text = "Final."
    [edit] = curation.save_note(note=note, user=curator)
    revert_url = reverse("admin:cableroom_cable_revert", args=[editable_cable.pk, edit.pk])
    assert curator_client.post(revert_url).status_code == 302
    assert Note.objects.get(pk=note.pk).text == "Draft."
    # Once the note is gone, reverting an edit of it is refused with a message, not a 500.
    curation.delete_note(note=Note.objects.get(pk=note.pk), user=curator)
    [later] = Change.objects.filter(revert_of=edit)
    with pytest.raises(curation.CurationError, match="no longer exists"):
        curation.revert_change(change=later, user=curator)


def test_note_admin_records_its_notes_in_the_cables_history(
    curator_client, editable_cable, curator
):
    url = reverse("admin:cableroom_note_add")
    assert (
        curator_client.post(url, {"cable": editable_cable.pk, "text": "Private."}).status_code
        == 302
    )
    note = Note.objects.get(text="Private.")
    edit_url = reverse("admin:cableroom_note_change", args=[note.pk])
    data = {"text": "Still private.", "paragraph_position": "1"}
    assert curator_client.post(edit_url, data).status_code == 302
    delete_url = reverse("admin:cableroom_note_delete", args=[note.pk])
    assert curator_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert [change[:3] for change in _note_changes(editable_cable)] == [
        ("note", None, {"text": "Private.", "is_public": False, "paragraph_position": None}),
        ("text", "Private.", "Still private."),
        ("paragraph_position", None, 1),
        ("note", {"text": "Still private.", "is_public": False, "paragraph_position": 1}, None),
    ]


def test_the_edit_page_names_every_input_for_screen_readers(curator_client, editable_cable):
    """What the browser test's axe check needs, readable without a browser."""
    import re

    html = curator_client.get(change_url(editable_cable)).content.decode()

    def tag_of(element_id):
        return re.search(rf'<[^>]*id="{element_id}"[^>]*>', html).group(0)

    assert 'aria-label="Date time: date' in tag_of("id_date_time_0")
    assert 'aria-label="Date time: time' in tag_of("id_date_time_1")
    for cell in ("addressees-0-role", "addressees-0-name", "addressees-0-DELETE"):
        assert "aria-label=" in tag_of(f"id_{cell}"), cell
    assert 'aria-label="Marking"' in tag_of("id_paragraphs-0-marking")
    for several in ("id_tag_list", "id_caveats"):
        assert 'data-allow-clear="false"' in tag_of(several), several
    assert "cableroom/js/admin-select2-labels.js" in html
