"""The staff PIN: argon2id at OWASP's parameters in a 0600 file, three free tries, then doubling waits that
survive a restart and a clock that jumped."""

from __future__ import annotations

import argparse
import io
import stat
from pathlib import Path

import pytest

from kiosk.config.deployment import DeploymentError, check_deployment
from kiosk.session import pincmd
from kiosk.session.pin import LOCKOUT_FILE, StaffPin, lockout_delay, pin_problem


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_pin_is_stored_hashed_with_owasp_parameters_readable_only_by_its_owner(tmp_path: Path) -> None:
    pin = StaffPin(tmp_path / "data")
    pin.set("482913")

    stored = pin.pin_path.read_text()
    assert "482913" not in stored
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    for path in (pin.pin_path, tmp_path / "data" / LOCKOUT_FILE):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pin.check("482913").accepted


def test_delays_grow_after_three_failures_and_are_capped() -> None:
    assert [lockout_delay(n) for n in range(1, 8)] == [0, 0, 30, 60, 120, 240, 480]
    assert lockout_delay(40) == 900


def test_a_lockout_holds_until_its_time_and_survives_a_restart(tmp_path: Path) -> None:
    clock = Clock()
    StaffPin(tmp_path, clock).set("2468")
    pin = StaffPin(tmp_path, clock)
    assert [pin.check("0000").wait_s for _ in range(3)] == [0, 0, 30]

    restarted = StaffPin(tmp_path, clock)
    clock.now += 29
    locked = restarted.check("2468")
    assert not locked.accepted and locked.wait_s == pytest.approx(1)
    clock.now += 1
    assert restarted.check("1111").wait_s == 60
    clock.now += 60
    assert restarted.check("2468").accepted
    assert restarted.check("0000").wait_s == 0


def test_a_clock_that_jumps_back_never_locks_longer_than_the_longest_wait(tmp_path: Path) -> None:
    clock = Clock()
    pin = StaffPin(tmp_path, clock)
    pin.set("2468")
    for _ in range(3):
        pin.check("0000")
    clock.now -= 86_400
    assert pin.wait_s() == 900


def test_setting_a_new_pin_forgets_old_failures(tmp_path: Path) -> None:
    clock = Clock()
    pin = StaffPin(tmp_path, clock)
    pin.set("2468")
    for _ in range(3):
        pin.check("0000")
    pin.set("1357")
    assert pin.wait_s() == 0 and pin.check("1357").accepted


def test_unusable_pins_are_refused_in_words() -> None:
    assert pin_problem("12a4") == "The PIN must be made of digits only (0 to 9)."
    assert pin_problem("123") == "The PIN must have 4 to 12 digits."
    assert pin_problem("١٢٣٤") is not None
    assert pin_problem("0042") is None


def test_set_pin_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANTERN_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("90210\n"))

    assert pincmd.run(argparse.Namespace(pin_stdin=True, print_hash=False)) == 0

    assert "The staff PIN is set" in capsys.readouterr().out
    assert StaffPin(tmp_path).check("90210").accepted


def test_set_pin_asks_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANTERN_DATA_DIR", str(tmp_path))
    answers = iter(["1234", "1243"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))

    assert pincmd.run(argparse.Namespace(pin_stdin=False, print_hash=False)) == 1

    assert "differ" in capsys.readouterr().err
    assert not StaffPin(tmp_path).is_set


def test_a_pin_hash_from_the_settings_is_the_pin_and_wins_over_the_local_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("8642\n"))
    assert pincmd.run(argparse.Namespace(pin_stdin=True, print_hash=True)) == 0
    line = capsys.readouterr().out.strip()
    settings = tmp_path / "lantern.toml"
    settings.write_text(f'[kiosk]\nroom = "12"\n{line}\n')
    local = StaffPin(tmp_path)
    local.set("1111")

    pin = StaffPin(tmp_path, configured_hash=check_deployment(settings, file="lantern.toml").kiosk.pin_hash)

    assert pin.check("8642").accepted
    assert not pin.check("1111").accepted


def test_a_pin_hash_that_is_not_argon2id_is_refused_at_its_line(tmp_path: Path) -> None:
    settings = tmp_path / "lantern.toml"
    settings.write_text('[kiosk]\npin_hash = "1234"\n')

    with pytest.raises(DeploymentError) as raised:
        check_deployment(settings, file="lantern.toml")

    assert str(raised.value.problems[0]).startswith("lantern.toml:2:12:")
