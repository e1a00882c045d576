"""`Staff` in QML: the hidden gesture, Lantern's own PIN pad, and the staff menu with the kiosk's health.

Staff words are English and live here, not in content.yaml: they are for the clinic's staff and IT,
not for patients, and a broken content file must never hide them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot

from kiosk.content.source import ShownContent
from kiosk.helpcall.states import HelpCallSnapshot
from kiosk.session.clock import Clock
from kiosk.session.pin import MAX_DIGITS, StaffPin
from kiosk.session.staff import StaffEntry, StaffGesture, staff_entry

WORDS = {
    "menu": "Staff menu",
    "enter_pin": "Enter the staff PIN",
    "ok": "OK",
    "erase": "Erase",
    "close": "Close",
    "reload": "Reload content",
    "test_call": "Send a test call",
    "exit": "Exit the kiosk",
    "set_pin_first": (
        "No staff PIN is set on this kiosk, so the staff menu stays closed. "
        "Set one on this tablet with the command: lantern set-pin"
    ),
    "content": "Content",
    "help_call": "Help call",
    "logged": "Logged problems",
}

_ORIGIN = {
    "file": "{path} has problems; patients still see its last version that passed the check.",
    "last_good": "{path} cannot be shown; patients see the last good copy.",
    "built_in": "{path} cannot be shown and there is no good copy; patients see Lantern's built-in content.",
}
_PASSED = "Showing {path}: it passed the check."
_PANELS = {"", "pin", "menu", "set_pin_first"}


class StaffModel(QObject):
    changed = Signal()
    _logged_line = Signal(str)

    def __init__(
        self,
        pin: StaffPin,
        clock: Clock,
        *,
        windowed: bool,
        reload: Callable[[], object],
        test_call: Callable[[], object],
        exit_kiosk: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pin = pin
        self._gesture = StaffGesture(clock)
        self._windowed = windowed
        self._actions = {"reload": reload, "test_call": test_call, "exit": exit_kiosk}
        self._panel = ""
        self._entered = ""
        self._message = ""
        self._content_lines: list[str] = []
        self._call_lines: list[str] = []
        self._logged: list[str] = []
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_wait)
        self._logged_line.connect(self._add_logged, Qt.ConnectionType.QueuedConnection)

    @property
    def panel(self) -> str:
        return self._panel

    def set_content(self, shown: ShownContent) -> None:
        origin = _ORIGIN[shown.origin] if shown.check.errors else _PASSED
        lines = [origin.format(path=shown.check.path)]
        lines += [str(problem) for problem in shown.check.problems]
        self._update("_content_lines", lines)

    def set_call(self, snapshot: HelpCallSnapshot) -> None:
        lines = [
            f"Broker: {'connected' if snapshot.broker_connected else 'NOT connected'}",
            f"Nurse station: {'online' if snapshot.station_online else 'NOT heard from'}",
            f"Patient sees: {snapshot.state.value}"
            + (f" ({snapshot.kind.value} call)" if snapshot.kind else ""),
        ]
        if snapshot.staff_problem:
            lines.append(f"Problem: {snapshot.staff_problem}")
        self._update("_call_lines", lines)

    def log_line(self, line: str) -> None:
        """A problem logged at error level (from any thread), so staff see it without reading log files."""
        self._logged_line.emit(line)

    @Slot(str)
    def _add_logged(self, line: str) -> None:
        self._update("_logged", [*self._logged[-4:], line])

    @Slot()
    def corner_tapped(self) -> None:
        if self._panel or not self._gesture.tap():
            return
        entry = staff_entry(pin_set=self._pin.is_set, windowed=self._windowed)
        self._open("menu" if entry is StaffEntry.MENU else entry.value)
        self._show_wait()

    @Slot(str)
    def digit(self, digit: str) -> None:
        if len(self._entered) < MAX_DIGITS and digit.isdecimal():
            self._entered += digit
            self.changed.emit()

    @Slot()
    def erase(self) -> None:
        self._entered = self._entered[:-1]
        self.changed.emit()

    @Slot()
    def submit(self) -> None:
        verdict = self._pin.check(self._entered)
        self._entered = ""
        if verdict.accepted:
            self._open("menu")
            return
        self._message = "That PIN is not right."
        self._show_wait()
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        self._open("")

    @Slot(str)
    def act(self, action: str) -> None:
        """A staff menu button: reload, test_call or exit; only from the open menu."""
        if self._panel == "menu":
            self._actions[action]()

    def _open(self, panel: str) -> None:
        assert panel in _PANELS
        self._panel = panel
        self._entered = ""
        self._message = ""
        self.changed.emit()

    def _show_wait(self) -> None:
        wait = self._pin.wait_s() if self._panel == "pin" else 0.0
        if wait > 0:
            self._message = f"Too many wrong PINs. You can try again in {math.ceil(wait)} s."
            self._tick.start()
        else:
            if self._tick.isActive():
                self._message = ""
            self._tick.stop()
        self.changed.emit()

    def _update(self, name: str, lines: list[str]) -> None:
        if getattr(self, name) != lines:
            setattr(self, name, lines)
            self.changed.emit()

    words = Property(dict, lambda self: WORDS, constant=True)
    panel_name = Property(str, lambda self: self._panel, notify=changed)
    entered_count = Property(int, lambda self: len(self._entered), notify=changed)
    message = Property(str, lambda self: self._message, notify=changed)
    locked = Property(bool, lambda self: self._tick.isActive(), notify=changed)
    content_lines = Property(list, lambda self: self._content_lines, notify=changed)
    call_lines = Property(list, lambda self: self._call_lines, notify=changed)
    logged = Property(list, lambda self: self._logged, notify=changed)
