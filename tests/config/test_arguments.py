"""Every command reads --broker and ids the same way, and a mistake gets Lantern's sentence, not argparse's."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from kiosk import cli
from kiosk.station import __main__ as headless_station

BROKER_WORDS = "The broker address 'http://x' must start with mqtt:// or mqtts://."

COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "lantern kiosk": lambda extra: cli.main(["kiosk", *extra]),
    "lantern console": lambda extra: cli.main(["console", *extra]),
    "lantern call": lambda extra: cli.main(["call", "--room", "12", *extra]),
    "python -m kiosk.station": headless_station.main,
}


@pytest.mark.parametrize("command", COMMANDS)
def test_a_wrong_broker_address_is_told_in_words_by_every_command(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        COMMANDS[command](["--broker", "http://x"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert BROKER_WORDS in error
    assert "invalid" not in error


@pytest.mark.parametrize(
    ("command", "flag", "what"),
    [
        ("lantern kiosk", "--room", "room"),
        ("lantern console", "--station-id", "station id"),
        ("lantern call", "--site", "site"),
        ("python -m kiosk.station", "--station-id", "station id"),
    ],
)
def test_a_wrong_id_is_told_in_words(
    command: str, flag: str, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        COMMANDS[command]([flag, "Room 12"])
    assert f"The {what} 'Room 12' must be 1 to 32 letters, digits, '-' or '_'." in capsys.readouterr().err
