"""The other consoles' words: plain, short, and silent while this console itself hears nobody."""

from __future__ import annotations

from kiosk.station.consoles import consoles_words, dark_consoles
from kiosk.station.core import StationSnapshot
from kiosk.wire.presence import PeerStatus

NOW = 1000.0


def snapshot(*stations: PeerStatus, connected: bool = True) -> StationSnapshot:
    return StationSnapshot(
        calls=(), tablets=(), broker_connected=connected, staff_problem=None, stations=stations
    )


def test_each_console_online_or_offline_since_it_was_last_heard() -> None:
    seen = snapshot(PeerStatus("back", False, NOW - 130), PeerStatus("front", True, NOW - 0.2))

    assert consoles_words(seen, NOW) == "other consoles: back OFFLINE 2:10, front online"
    assert dark_consoles(seen, NOW) == "Console back OFFLINE 2:10: calls do not ring there."


def test_several_dark_consoles_make_one_line() -> None:
    seen = snapshot(PeerStatus("back", False, NOW - 130), PeerStatus("hall", False, NOW - 40))

    assert (
        dark_consoles(seen, NOW) == "Consoles back OFFLINE 2:10, hall OFFLINE 0:40: calls do not ring there."
    )


def test_nothing_to_say_alone_or_while_the_broker_is_lost() -> None:
    assert consoles_words(snapshot(), NOW) == "" and dark_consoles(snapshot(), NOW) is None
    lost = snapshot(PeerStatus("back", False, NOW - 30), connected=False)
    assert consoles_words(lost, NOW) == "" and dark_consoles(lost, NOW) is None
    assert dark_consoles(snapshot(PeerStatus("back", True, NOW)), NOW) is None
