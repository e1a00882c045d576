"""`Staff` in QML: the hidden gesture, Lantern's own PIN pad, and the staff menu with the kiosk's health.

Staff words are English and live here, not in content.yaml: they are for the clinic's staff and IT,
not for patients, and a broken content file must never hide them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Property, QEnum, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.source import ShownContent
from kiosk.helpcall.states import OPEN_STATES, HelpCallSnapshot
from kiosk.session.clock import Clock
from kiosk.session.pin import MAX_DIGITS, PinVerdict, StaffPin
from kiosk.session.staff import StaffGesture, staff_entry
from kiosk.views import qml_module
from kiosk.views.qml_module import to_qml

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

WORDS = {
    "menu": "Staff menu",
    "enter_pin": "Enter the staff PIN",
    "ok": "OK",
    "erase": "Erase",
    "close": "Close",
    "reload": "Reload content",
    "test_call": "Send a test call",
    "exit": "Exit the kiosk",
    "nurse_here": "A nurse is here",
    "finish_call": "Finish the call",
    "start_visit": "Start a new visit",
    "end_visit": "End the visit",
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
REMEMBER_S = 180.0
"""After the right PIN, the staff gesture opens the menu without it for this long, at this tablet:
a nurse who said "a nurse is here" can finish the call a few minutes later without typing it again."""
_BEDSIDE = frozenset({"nurse_here", "finish_call"})
"""Menu entries about the open call, shown only while a call is open."""
_CALM_ONLY = frozenset({"test_call", "start_visit"})
"""Menu entries left out while a call is open: a test call, or a fresh screen, would only confuse."""
_CLOSES = _BEDSIDE | {"start_visit", "end_visit"}
"""Entries after which the menu closes, so the patient sees what staff just did."""
_PAD = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "erase", "0", "ok")
"""The PIN pad's keys, row by row; "erase" and "ok" are labelled in WORDS."""


@QmlNamedElement("Staff")
@QmlSingleton
class StaffModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Staff` in QML."""

    @QEnum
    class Panel(IntEnum):
        """What covers the page for staff: nothing, or one of `kiosk.session.staff.StaffEntry`."""

        Closed = 0
        Pin = 1
        Menu = 2
        SetPinFirst = 3

    @QEnum
    class Action(IntEnum):
        """The staff menu's buttons."""

        Reload = 0
        TestCall = 1
        Exit = 2
        NurseHere = 3
        FinishCall = 4
        StartVisit = 5
        EndVisit = 6

    changed = Signal()
    _logged_line = Signal(str)
    _checked = Signal(object)

    def __init__(
        self,
        pin: StaffPin,
        clock: Clock,
        *,
        windowed: bool,
        reload: Callable[[], object],
        test_call: Callable[[], object],
        exit_kiosk: Callable[[], object],
        nurse_here: Callable[[], object],
        finish_call: Callable[[], object],
        start_visit: Callable[[], object],
        end_visit: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._pin = pin
        self._clock = clock
        self._gesture = StaffGesture(clock)
        self._windowed = windowed
        self._actions = {
            StaffModel.Action.NurseHere: ("nurse_here", nurse_here),
            StaffModel.Action.FinishCall: ("finish_call", finish_call),
            StaffModel.Action.StartVisit: ("start_visit", start_visit),
            StaffModel.Action.EndVisit: ("end_visit", end_visit),
            StaffModel.Action.Reload: ("reload", reload),
            StaffModel.Action.TestCall: ("test_call", test_call),
            StaffModel.Action.Exit: ("exit", exit_kiosk),
        }
        self._call_open = False
        self._visiting = False
        self._unlocked_until: float | None = None
        self._panel = StaffModel.Panel.Closed
        self._entered = ""
        self._message = ""
        self._content_lines: list[str] = []
        self._call_lines: list[str] = []
        self._logged: list[str] = []
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_wait)
        self._logged_line.connect(self._add_logged, Qt.ConnectionType.QueuedConnection)
        self._checking = False
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staff-pin")
        self._checked.connect(self._apply, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def create(engine: QQmlEngine) -> StaffModel:
        return qml_module.instance(StaffModel, engine)

    def set_content(self, shown: ShownContent) -> None:
        origin = _ORIGIN[shown.origin] if shown.check.errors else _PASSED
        lines = [origin.format(path=shown.check.path)]
        lines += [str(problem) for problem in shown.check.problems]
        self._update("_content_lines", lines)

    def set_call(self, snapshot: HelpCallSnapshot) -> None:
        call_open = snapshot.state in OPEN_STATES
        if call_open != self._call_open:
            self._call_open = call_open
            self.changed.emit()
        lines = [
            f"Broker: {'connected' if snapshot.broker_connected else 'NOT connected'}",
            f"Nurse station: {'online' if snapshot.station_online else 'NOT heard from'}",
            f"Patient sees: {snapshot.state.value}"
            + (f" ({snapshot.kind.value} call)" if snapshot.kind else ""),
        ]
        if snapshot.staff_problem:
            lines.append(f"Problem: {snapshot.staff_problem}")
        self._update("_call_lines", lines)

    def set_visiting(self, visiting: bool) -> None:
        """One visit entry at a time: "Start a new visit" between visits, "End the visit" during one."""
        if visiting != self._visiting:
            self._visiting = visiting
            self.changed.emit()

    def log_line(self, line: str) -> None:
        """A problem logged at error level (from any thread), so staff see it without reading log files."""
        self._logged_line.emit(line)

    @Slot(str)
    def _add_logged(self, line: str) -> None:
        self._update("_logged", [*self._logged[-4:], line])

    @Slot()
    def corner_tapped(self) -> None:
        if self._panel is not StaffModel.Panel.Closed or not self._gesture.tap():
            return
        if self._unlocked_until is not None and self._clock() < self._unlocked_until:
            self._open(StaffModel.Panel.Menu)
            return
        self._open(to_qml(StaffModel.Panel, staff_entry(pin_set=self._pin.is_set, windowed=self._windowed)))
        self._show_wait()

    @Slot(str)
    def key(self, key: str) -> None:
        """A key of the PIN pad: a digit, "erase" or "ok"."""
        if key == "erase":
            self._entered = self._entered[:-1]
            self.changed.emit()
        elif key == "ok":
            self._submit()
        elif len(self._entered) < MAX_DIGITS and key.isdecimal():
            self._entered += key
            self.changed.emit()

    def _submit(self) -> None:
        """The PIN is checked on a thread of its own: the check writes the lockout to disk (fsync), and
        a stalled disk must not hold up the patient's help buttons beside the PIN pad."""
        if self._checking:
            return
        entered, self._entered = self._entered, ""
        self._checking = True
        self.changed.emit()
        self._checker.submit(lambda: self._checked.emit(self._pin.check(entered)))

    @Slot(object)
    def _apply(self, verdict: PinVerdict) -> None:
        self._checking = False
        if verdict.accepted:
            self._unlocked_until = self._clock() + REMEMBER_S
            self._open(StaffModel.Panel.Menu)
            return
        self._message = "That PIN is not right."
        self._show_wait()
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        self._open(StaffModel.Panel.Closed)

    @Slot(int)
    def act(self, action: int) -> None:
        """A staff menu button; only from the open menu."""
        if self._panel is StaffModel.Panel.Menu:
            name, run = self._actions[StaffModel.Action(action)]
            run()
            if name in _CLOSES:
                self.close()

    def _open(self, panel: StaffModel.Panel) -> None:
        self._panel = panel
        self._entered = ""
        self._message = ""
        self.changed.emit()

    def _show_wait(self) -> None:
        wait = self._pin.wait_s() if self._panel is StaffModel.Panel.Pin else 0.0
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

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def words(self) -> dict[str, str]:
        return WORDS

    def closed(self) -> bool:
        return self._panel is StaffModel.Panel.Closed

    @Property(int, notify=changed)
    def panel(self) -> int:
        return self._panel

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def actions(self) -> list[dict[str, Any]]:
        """The menu's buttons while the menu is open; `name` is for tests and the words."""
        if self._panel is not StaffModel.Panel.Menu:
            return []
        return [
            {"action": int(action), "name": name, "label": WORDS[name]}
            for action, (name, _run) in self._actions.items()
            if name not in (_CALM_ONLY if self._call_open else _BEDSIDE)
            and name != ("start_visit" if self._visiting else "end_visit")
        ]

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def pad(self) -> list[dict[str, str]]:
        return [{"key": key, "label": WORDS.get(key, key)} for key in _PAD]

    @Property(int, notify=changed)
    def entered_count(self) -> int:
        return len(self._entered)

    @Property(str, notify=changed)
    def message(self) -> str:
        return self._message

    @Property(bool, notify=changed)
    def locked(self) -> bool:
        """The pad takes no digits: a lockout runs, or the last PIN is being checked."""
        return self._tick.isActive() or self._checking

    @property
    def checking(self) -> bool:
        return self._checking

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def content_lines(self) -> list[str]:
        return self._content_lines

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def call_lines(self) -> list[str]:
        return self._call_lines

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def logged(self) -> list[str]:
        return self._logged
