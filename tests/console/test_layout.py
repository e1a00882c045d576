"""Every room on screen at the sizes nurse stations have, urgency told apart without colour, and the
rooms brought back over anything else when a call comes."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import RoomConfig
from kiosk.console.tiles import MIN_SCALE, RoomTileView
from kiosk.console.window import REPORT_TAB, ROOMS_TAB, ConsoleWindow
from kiosk.station.board import RoomTile
from kiosk.station.calllog import StationCall
from kiosk.wire.protocol import CallKind, StationState, Topics
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING

SCREENS = [(1366, 768), (1280, 1024), (1920, 1080)]


def rooms(count: int) -> tuple[RoomConfig, ...]:
    return tuple(RoomConfig(id=str(number), label=f"Recovery {number}") for number in range(1, count + 1))


def on_screen(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def off_screen(window: ConsoleWindow) -> list[str]:
    viewport = on_screen(window.grid.viewport(), window)
    return [
        room for room, tile in window.grid.views.items() if not viewport.contains(on_screen(tile, window))
    ]


@pytest.mark.parametrize("count", [4, 8, 12, 20])
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_room_and_the_calling_one_are_on_screen(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, width: int, height: int, count: int
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, rooms=rooms(count))
    window = console.window
    window.resize(width, height)
    last = str(count)
    for room, kind in ((last, "check"), ("2", "now")):  # two waiting: the headline is at its longest
        call = call_json(str(uuid.uuid4()), room=room, kind=kind)
        mosquitto_pub(mosquitto, Topics(site).room(room, "call"), "-m", call)
    view = window.grid.views[last]
    qtbot.waitUntil(lambda: view.kind.text() == "Check on me", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.size().width() == width, timeout=WAIT_MS)

    viewport = on_screen(window.grid.viewport(), window)
    assert window.rect().contains(viewport)
    qtbot.waitUntil(lambda: not off_screen(window), timeout=WAIT_MS)  # the layout settles after a resize
    for room, tile in window.grid.views.items():
        needs = tile.needs()
        assert needs.height() <= tile.height() and needs.width() <= tile.width(), f"room {room} is clipped"
    assert on_screen(view.answer_button, window).height() >= 28, "On my way is too small to hit"
    assert window.grid.shape.scale >= MIN_SCALE
    assert window.minimumSizeHint().width() <= width and window.minimumSizeHint().height() <= height


def test_the_report_tab_never_makes_the_window_wider_than_the_screen(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, rooms=rooms(7))
    window = console.window
    window.resize(1366, 768)
    for room in ("3", "7"):
        mosquitto_pub(
            mosquitto, Topics(site).room(room, "call"), "-m", call_json(str(uuid.uuid4()), room=room)
        )
    qtbot.waitUntil(lambda: len(console.bridge.snapshot.calls) == 2, timeout=WAIT_MS)

    window.tabs.setCurrentIndex(REPORT_TAB)
    qtbot.waitUntil(lambda: window.report.history.rowCount() == 2, timeout=WAIT_MS)

    assert window.minimumSizeHint().width() <= 1366
    assert window.width() == 1366
    assert window.rect().contains(on_screen(window.clock, window)), "the clock was pushed off screen"


def test_a_new_call_closes_the_csv_dialog_and_brings_the_rooms_back(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, rooms=rooms(7))
    window = console.window
    window.tabs.setCurrentIndex(REPORT_TAB)
    dialogs: list[QWidget] = []

    def call_while_the_dialog_is_open() -> None:
        dialogs.extend(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()
        )
        mosquitto_pub(mosquitto, Topics(site).room("7", "call"), "-m", call_json(str(uuid.uuid4()), room="7"))

    QTimer.singleShot(0, window.report.export_button.click)
    QTimer.singleShot(300, call_while_the_dialog_is_open)
    qtbot.waitUntil(lambda: window.grid.views["7"].kind.text() == "Help now", timeout=WAIT_MS)

    assert dialogs, "the CSV dialog was not open when the call came"
    qtbot.waitUntil(
        lambda: not any(isinstance(w, QFileDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
        timeout=WAIT_MS,
    )
    assert window.tabs.currentIndex() == ROOMS_TAB


def test_help_now_comes_first_and_its_buttons_wait_a_moment_after_moving(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, rooms=rooms(8))
    grid = console.window.grid
    mosquitto_pub(
        mosquitto, Topics(site).room("6", "call"), "-m", call_json(str(uuid.uuid4()), room="6", kind="check")
    )
    qtbot.waitUntil(lambda: grid.views["6"].answer_button.isVisible(), timeout=WAIT_MS)
    assert list(grid.views)[5] == "6", "a check call moved its room"

    mosquitto_pub(mosquitto, Topics(site).room("8", "call"), "-m", call_json(str(uuid.uuid4()), room="8"))
    qtbot.waitUntil(lambda: next(iter(grid.views)) == "8", timeout=WAIT_MS)

    assert list(grid.views) == ["8", "1", "2", "3", "4", "5", "6", "7"]
    assert not grid.views["6"].answer_button.isEnabled(), "a moved tile took a click at once"
    qtbot.waitUntil(grid.views["6"].answer_button.isEnabled, timeout=WAIT_MS)


def grey(colour: QColor) -> float:
    """Relative luminance (WCAG), from sRGB."""
    return luminance(colour.redF(), colour.greenF(), colour.blueF())


def luminance(red: float, green: float, blue: float) -> float:
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def linear(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


MACHADO = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}
"""Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB."""


def seen_by(kind: str, colour: QColor) -> float:
    rgb = [linear(part) for part in (colour.redF(), colour.greenF(), colour.blueF())]
    red, green, blue = (max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))) for row in MACHADO[kind])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def fill_of(image: QImage) -> QColor:
    """The tile's most common pixel: its fill, whatever its words."""
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    return QColor.fromRgb(max(counts, key=counts.__getitem__))


def test_urgency_holds_its_order_in_lightness_on_real_pixels(qtbot: QtBot) -> None:
    """Grayscale, protanopia, deuteranopia: "help now" stays the lightest tile, a calm room the darkest."""

    def tile(kind: CallKind | None, state: StationState = StationState.RECEIVED) -> RoomTile:
        calls = ()
        if kind is not None:
            calls = (StationCall(str(uuid.uuid4()), "1", kind, 0.0, 0.0, state, 0.0, heard_mono=0.0),)
        return RoomTile("1", "Recovery 1", True, None, calls)

    order = {
        "help now": tile(CallKind.NOW),
        "check on me": tile(CallKind.CHECK),
        "test": tile(CallKind.TEST),
        "on the way": tile(CallKind.NOW, StationState.ON_WAY),
        "calm": tile(None),
    }
    fills = {}
    for name, room in order.items():
        view = RoomTileView()
        qtbot.addWidget(view)
        view.setFixedSize(340, 250)
        view.show_tile(room, 1.0)
        fills[name] = fill_of(view.grab().toImage())
    for seeing in (grey, lambda c: seen_by("protanopia", c), lambda c: seen_by("deuteranopia", c)):
        lightness = [seeing(colour) for colour in fills.values()]
        assert lightness == sorted(lightness, reverse=True), {
            n: round(v, 4) for n, v in zip(fills, lightness, strict=True)
        }
    assert len({colour.name() for colour in fills.values()}) == len(fills)


def test_a_big_ward_scrolls_to_the_room_that_calls(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, rooms=rooms(60))
    window = console.window
    window.resize(1366, 768)
    qtbot.waitUntil(
        lambda: window.grid.shape.rows * window.grid.shape.height > window.grid.viewport().height(),
        timeout=WAIT_MS,
    )
    mosquitto_pub(
        mosquitto,
        Topics(site).room("58", "call"),
        "-m",
        call_json(str(uuid.uuid4()), room="58", kind="check"),
    )
    view = window.grid.views["58"]
    qtbot.waitUntil(lambda: view.answer_button.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: on_screen(window.grid.viewport(), window).contains(on_screen(view, window)), timeout=WAIT_MS
    )
