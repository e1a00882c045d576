"""The GPIO relay driver through its interface.

No machine here has a GPIO chip (no /dev/gpiochip*, and no gpio-sim module to make one), so the line
itself is a stand-in that behaves as a requested libgpiod output line does: it holds the value last
written and reads it back, unless the test makes it stick. This is the one place Lantern's tests use
a stand-in for hardware; the real binding is still exercised up to the missing chip (last test), and
the wiring is in docs/deploy.md (4.8).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.relay.gpio import GpioRelay
from kiosk.relay.runner import RelayRunner
from kiosk.wire.protocol import RelayFault
from tests.helpcall.support import Recorder, wait_until


class StandInLine:
    """A requested output line; `stuck` makes it read back that value whatever was written (a welded
    contact on the HAT's driver, a line another program holds)."""

    def __init__(self) -> None:
        self.active = False
        self.writes: Recorder[bool] = Recorder()
        self.stuck: bool | None = None
        self.released = False

    def write(self, active: bool) -> None:
        self.active = active
        self.writes(active)

    def read(self) -> bool:
        return self.active if self.stuck is None else self.stuck

    def release(self) -> None:
        self.released = True


def running(
    request: pytest.FixtureRequest, relay: GpioRelay
) -> tuple[RelayRunner, Recorder[RelayFault | None]]:
    runner = RelayRunner(relay, confirm_s=0.2, reassert_s=0.2)
    faults: Recorder[RelayFault | None] = Recorder()
    runner.add_listener(faults)
    runner.start()
    request.addfinalizer(runner.stop)
    runner.want(False)  # the tablet has read its outbox: no call waits
    return runner, faults


def test_the_line_follows_the_wanted_state_and_is_read_back(request: pytest.FixtureRequest) -> None:
    line = StandInLine()
    runner, faults = running(request, GpioRelay(Path("/dev/gpiochip0"), 17, open_line=lambda: line))

    line.writes.wait_for(lambda active: not active, "the line set inactive (relay open) at start")
    runner.want(True)
    line.writes.wait_for(lambda active: active, "the line set active (relay closed)")
    runner.want(False)
    line.writes.wait_for(lambda active: not active, "the line set inactive again")
    assert faults.seen == [] and runner.fault is None
    runner.stop()
    assert line.released


def test_a_line_that_reads_back_wrong_is_a_fault(request: pytest.FixtureRequest) -> None:
    line = StandInLine()
    line.stuck = False
    runner, faults = running(request, GpioRelay(Path("/dev/gpiochip0"), 17, open_line=lambda: line))

    runner.want(True)
    faults.wait_for(lambda fault: fault is RelayFault.WRONG_STATE, "a fault: the line reads inactive")
    line.stuck = None
    faults.wait_for(lambda fault: fault is None, "confirmed once the line follows again")


def test_a_chip_that_cannot_be_opened_is_a_fault_and_is_tried_again(request: pytest.FixtureRequest) -> None:
    line = StandInLine()
    permitted: list[bool] = []

    def open_line() -> StandInLine:
        if not permitted:
            raise PermissionError(13, "Permission denied", "/dev/gpiochip0")
        return line

    runner, faults = running(request, GpioRelay(Path("/dev/gpiochip0"), 17, open_line=open_line))
    faults.wait_for(lambda fault: fault is RelayFault.UNAVAILABLE, "a fault: no permission on the chip")
    permitted.append(True)  # IT adds the lantern user to the gpio group
    runner.want(True)
    faults.wait_for(lambda fault: fault is None, "the chip opened on a later try")
    wait_until(lambda: line.active, "the relay closed")


def test_the_real_binding_reports_a_missing_chip(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """libgpiod itself (the `gpiod` package, in the test extras), asked for a chip this machine lacks."""
    _runner, faults = running(request, GpioRelay(tmp_path / "gpiochip9", 17))
    faults.wait_for(lambda fault: fault is RelayFault.UNAVAILABLE, "a fault: no such chip")
