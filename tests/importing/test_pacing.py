"""An import's pace (`import_cables --max-rate`): the rate kept over the run, the first
batch never held back, and the command's check of its value."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cableroom.importing.pacing import Pace, paced
from cableroom.models import Cable
from tests.import_inputs import dump_row, write_dump


class FakeClock:
    """A clock that moves only when slept on or told to."""

    def __init__(self):
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_work_is_let_through_at_the_rate_and_the_first_batch_at_once():
    clock = FakeClock()
    pace = Pace(100, clock=clock, sleep=clock.sleep)
    for _ in range(4):
        pace.wait_for(50)  # half a second of work at 100 a second
    assert clock.sleeps == [0.5, 0.5, 0.5]
    assert pace.slept == pytest.approx(1.5)


def test_time_spent_working_counts_towards_the_pace():
    clock = FakeClock()
    pace = Pace(100, clock=clock, sleep=clock.sleep)
    pace.wait_for(50)
    clock.now += 0.3  # the batch took 0.3 s: only 0.2 s more is owed
    pace.wait_for(50)
    clock.now += 2.0  # a slow batch: the next goes at once, and the pace is not lost
    pace.wait_for(50)
    pace.wait_for(50)
    assert clock.sleeps == [0.2]
    clock.now += 0.1
    pace.wait_for(50)  # 200 let through by 102.6 s at 100/s: due at 102.0, none owed
    assert clock.sleeps == [0.2]


def test_paced_yields_every_batch_in_order_and_none_waits_without_a_pace():
    clock = FakeClock()
    pace = Pace(10, clock=clock, sleep=clock.sleep)
    assert list(paced([[1, 2], [3], [4, 5, 6]], pace, len)) == [[1, 2], [3], [4, 5, 6]]
    assert clock.sleeps == [0.2, 0.1]
    assert list(paced(iter([[1], [2]]), None, len)) == [[1], [2]]


@pytest.mark.parametrize("rate", [0, -5, float("nan")])
def test_a_pace_must_be_above_zero(rate):
    with pytest.raises(ValueError, match="above 0"):
        Pace(rate)


@pytest.mark.parametrize("value", ["0", "-1", "fast", "inf"])
def test_the_command_names_a_bad_max_rate(value, tmp_path):
    with pytest.raises(CommandError, match=f"--max-rate: .*not '{value}'"):
        call_command("import_cables", str(tmp_path), "--max-rate", value)


@pytest.mark.django_db
def test_a_paced_import_is_held_back_and_says_so(tmp_path):
    # Three single-cable batches at two cables a second: the second and third are due
    # 0.5 and 1 s after the first, so the run waits unless a batch took half a second.
    path = write_dump(tmp_path / "cables.csv", [dump_row(n) for n in (1, 2, 3)])
    out = io.StringIO()
    call_command(
        "import_cables", str(path), "--workers", "0", "--batch-size", "1",
        "--max-rate", "2", "--no-progress", stdout=out,
    )  # fmt: skip
    assert Cable.objects.count() == 3
    report = out.getvalue()
    assert "read 3, imported 3" in report
    line = next(line for line in report.splitlines() if line.startswith("Paced"))
    held = float(line.split("held back ")[1].split(" s")[0])
    seconds = float(line.split("of the ")[1].split(" s")[0])
    assert 0 < held <= seconds
    assert seconds >= 1.0
