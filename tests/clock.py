"""The whole test session on a clock moved ahead, so that no test depends on the day it runs.

``pytest --clock-shift=DAYS`` (or ``NAMUR_TEST_CLOCK_SHIFT_DAYS=DAYS``) starts the session's
clock DAYS days ahead of the real one, ticking (tests/conftest.py). Tests that freeze the clock
themselves (``time_machine.move_to``) still do: their travel stacks on the session's and ends
with the test. The option sets the variable, so pytest-xdist workers shift too.

Processes a test starts run on the real clock. Those that only answer what they are sent
(Chromium, Varnish, Redis, a site without a database) need no shift: they count in durations
(s-maxage, TTLs) and the shift is forward, so the cookies the site sets expire in their future.
A process that shares the test's database (a server, a worker) must see the same time: start
it as ``[sys.executable, "-m", "tests.clock", "manage.py", ...]`` and keep the environment's
NAMUR_TEST_CLOCK_SHIFT_DAYS; without the variable the command runs as it is.
"""

import os
import runpy
import sys
import time

import time_machine

ENVIRONMENT_VARIABLE = "NAMUR_TEST_CLOCK_SHIFT_DAYS"


def shift_days() -> float:
    """Return the shift the environment asks for, in days (0: the real clock)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not value:
        return 0.0
    try:
        days = float(value)
    except ValueError:
        raise ValueError(
            f"{ENVIRONMENT_VARIABLE} must be a number of days, not {value!r}"
        ) from None
    if days < 0:
        # Chromium would drop the cookies the site sets: their expiry would be in its past.
        raise ValueError(f"{ENVIRONMENT_VARIABLE} moves the clock ahead only, not {value!r}")
    return days


def start_shift(days: float) -> time_machine.travel | None:
    """Move this process's clock ``days`` days ahead, still ticking; return the travel to stop."""
    if not days:
        return None
    travel = time_machine.travel(time.time() + days * 86400, tick=True)
    travel.start()
    return travel


def main() -> None:
    """``python -m tests.clock script.py args…``: run the script on the shifted clock."""
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m tests.clock script.py [arguments…]")
    start_shift(shift_days())
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
