"""The first frame: the kiosk's own home, kept after one start and shown at the next before anything else
loads, with help buttons that call through the real help call as soon as it exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.views import first_frame
from kiosk.views.assembly import Kiosk
from kiosk.views.first_frame import FirstFrame
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import start_linked, unique_site

from .conftest import KioskFactory, tap


def screen_size() -> tuple[int, int]:
    size = QGuiApplication.primaryScreen().size()
    return size.width(), size.height()


def kept_home(kiosk: Kiosk, qtbot: QtBot, folder: Path) -> dict[str, QRectF]:
    """The kiosk at the screen's size keeps its home, as it does a few seconds after it starts."""
    width, height = screen_size()
    kiosk.window.resize(width, height)

    def settled() -> bool:  # the layout follows the window's new size within an event or two
        places = first_frame.help_places(kiosk.window)
        return set(places) == {"check", "now"} and all(
            place.width() > 0 and place.right() <= width and place.bottom() <= height
            for place in places.values()
        )

    qtbot.waitUntil(settled)
    first_frame.keep(folder, kiosk.window, kiosk.theme.palette.calm).join(10)
    return first_frame.help_places(kiosk.window)


def opened(request: pytest.FixtureRequest, folder: Path) -> FirstFrame:
    first_frame.show(folder)
    frame = first_frame.take()
    assert frame is not None, "no first frame shown"
    request.addfinalizer(frame.close)
    return frame


def tap_at(frame: FirstFrame, place: QRectF) -> None:
    QTest.mouseClick(
        frame, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, place.center().toPoint()
    )


def test_the_kiosk_keeps_its_home_with_both_help_buttons(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    kiosk = make_kiosk()
    assert kiosk.as_it_starts()
    places = kept_home(kiosk, qtbot, tmp_path)

    assert set(places) == {"check", "now"}
    smallest = kiosk.theme.mm * 20  # the help buttons' floor
    assert all(min(place.width(), place.height()) >= smallest for place in places.values()), places
    assert not places["check"].intersects(places["now"])
    frame = opened(request, tmp_path)
    assert frame.isVisible()


def test_a_tap_before_the_help_call_exists_is_kept_and_then_called(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    places = kept_home(make_kiosk(), qtbot, tmp_path)
    frame = opened(request, tmp_path)

    tap_at(frame, places["now"])
    QTest.mouseClick(frame, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(2, 2))
    assert frame.pressed == ["now"], "only a tap on a help button counts"

    handed: list[str] = []
    frame.hand_over(handed.append)
    assert handed == ["now"]
    tap_at(frame, places["check"])
    assert handed == ["now", "check"], "after the hand-over a tap calls at once"


def test_a_tap_on_the_first_frame_reaches_a_real_station(
    make_kiosk: KioskFactory,
    qtbot: QtBot,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    mosquitto: RunningBroker,
) -> None:
    places = kept_home(make_kiosk(), qtbot, tmp_path / "data")
    frame = opened(request, tmp_path / "data")
    tap_at(frame, places["check"])
    _, station_seen, tablet, _ = start_linked(request, mosquitto.url, tmp_path, unique_site())

    frame.hand_over(lambda kind: tablet.press(CallKind(kind)))

    station_seen.wait_for(
        lambda snapshot: [call.kind for call in snapshot.calls] == [CallKind.CHECK], "the check call to ring"
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda folder: (folder / first_frame.LAYOUT).write_text("{not json"), id="broken layout"
        ),
        pytest.param(
            lambda folder: (folder / first_frame.PICTURE).write_bytes(b"\x89PNG half"), id="broken picture"
        ),
        pytest.param(
            lambda folder: (folder / first_frame.LAYOUT).write_text(
                '{"size": [1, 1], "buttons": {}, "ring": "#000"}'
            ),
            id="another screen's size",
        ),
    ],
)
def test_no_first_frame_from_a_damaged_or_foreign_snapshot(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, damage: object
) -> None:
    kept_home(make_kiosk(), qtbot, tmp_path)
    damage(tmp_path)  # type: ignore[operator]
    first_frame.show(tmp_path)
    assert first_frame.take() is None


def test_nothing_is_kept_while_a_call_shows(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk()
    tap(kiosk, "help_check")
    assert not kiosk.as_it_starts()
