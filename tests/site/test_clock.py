"""The session's clock: moved ahead on demand (tests/clock.py), with tests free to freeze it."""

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests import clock

ROOT = Path(__file__).resolve().parents[2]
DAY = 86400


def real_time() -> float:
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.time.time()
    return time.time()


def test_the_session_runs_on_the_clock_it_was_asked_for():
    ahead = timezone.now().timestamp() - real_time()

    assert abs(ahead - clock.shift_days() * DAY) < 60


def test_a_test_that_freezes_the_clock_gets_its_moment_then_the_session_s():
    moment = datetime(2027, 1, 4, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    with time_machine.travel(moment, tick=False):
        assert timezone.now() == moment

    ahead = timezone.now().timestamp() - real_time()
    assert abs(ahead - clock.shift_days() * DAY) < 60


def test_a_process_started_through_the_hook_shares_the_shifted_clock(tmp_path):
    script = tmp_path / "show_time.py"
    script.write_text("import sys, time\nprint(time.time(), *sys.argv[1:])\n")
    env = {**os.environ, clock.ENVIRONMENT_VARIABLE: "547"}

    before = real_time()
    result = subprocess.run(
        [sys.executable, "-m", "tests.clock", str(script), "un", "deux"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    shown, *arguments = result.stdout.split()

    assert arguments == ["un", "deux"]
    assert before + 547 * DAY <= float(shown) < real_time() + 547 * DAY


@pytest.mark.parametrize("value", ["-3", "demain"])
def test_a_shift_back_or_not_a_number_is_refused(monkeypatch, value):
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, value)

    with pytest.raises(ValueError, match=clock.ENVIRONMENT_VARIABLE):
        clock.shift_days()


def test_no_shift_asked_means_the_real_clock(monkeypatch):
    monkeypatch.delenv(clock.ENVIRONMENT_VARIABLE, raising=False)

    assert clock.shift_days() == 0
    assert clock.start_shift(0) is None
