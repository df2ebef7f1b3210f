"""The histogram labels every n-th bar so that its labels never overlap."""

from cableroom.browse.histogram import LABEL_CHAR_WIDTH, WIDTH, label_step


def test_short_labels_keep_up_to_twelve():
    assert label_step(12, 4) == 1
    assert label_step(38, 4) == 3
    assert label_step(5, 4) == 1


def test_long_labels_are_spaced_so_they_fit():
    for bars in (10, 37, 120, 300):
        every = label_step(bars, len("28 Nov 2010"))
        shown = -(-bars // every)
        # Each shown label has at least its own width of chart before the next one.
        assert shown * len("28 Nov 2010") * LABEL_CHAR_WIDTH <= WIDTH
    assert label_step(120, 11) > label_step(120, 4)
