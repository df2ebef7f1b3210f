"""What differs between two raw texts: hunks, word marks, trailing spaces ignored."""

from cableroom.reading.diff import Segment, diff_texts, word_diff


def test_identical_texts_have_no_hunks():
    summary = diff_texts("A\nB\n", "A   \nB\n")
    assert summary.identical and summary.removed == summary.added == 0


def test_replaced_line_marks_only_the_changed_words():
    summary = diff_texts("MET JOHN SMITH TODAY\nSAME\n", "MET XXXXXXXXXXXX TODAY\nSAME\n")
    [hunk] = summary.hunks
    removed, added = (line for line in hunk if line.kind != "equal")
    assert removed.old_number == 1 and removed.new_number is None
    assert [segment for segment in removed.segments if segment.changed] == [
        Segment("JOHN SMITH", True)
    ]
    assert [segment.text for segment in added.segments if segment.changed] == ["XXXXXXXXXXXX"]
    assert (summary.removed, summary.added) == (1, 1)


def test_distant_changes_make_separate_hunks_with_context():
    old = "\n".join(f"line {n}" for n in range(30))
    new = old.replace("line 2\n", "line two\n").replace("line 27", "line 27 changed")
    summary = diff_texts(old, new, context=2)
    assert len(summary.hunks) == 2
    assert [line.kind for line in summary.hunks[0]].count("equal") == 4


def test_added_lines_have_only_new_numbers():
    summary = diff_texts("A\n", "A\nB\nC\n")
    added = [line for hunk in summary.hunks for line in hunk if line.kind == "added"]
    assert [(line.new_number, line.text) for line in added] == [(2, "B"), (3, "C")]


def test_word_diff_keeps_all_text():
    old, new = word_diff("a b c", "a x c")
    assert "".join(segment.text for segment in old) == "a b c"
    assert "".join(segment.text for segment in new) == "a x c"
