"""The station core and the console's problems, brought onto Qt's thread as signals."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.station.core import StationCore, StationSnapshot


class StationBridge(QObject):
    """The core calls listeners from its own threads; `changed` brings each snapshot to the GUI thread.

    Every snapshot takes the queue, even one made on the GUI thread itself (the window asks the core
    for a fresh snapshot every second): delivered at once, it would overtake older ones still queued
    from paho's thread, and the alarm would see a ringing call vanish and come back.
    """

    changed = Signal(object)
    _arrived = Signal(object)

    def __init__(self, core: StationCore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.core = core
        self._arrived.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        core.add_listener(self._arrived.emit)
        self._staff = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staff-actions")

    @property
    def snapshot(self) -> StationSnapshot:
        """Asked of the core each time: heartbeat ages move on without a new snapshot being announced."""
        return self.core.snapshot()

    def acknowledge(self, call_ids: list[str]) -> None:
        """One nurse goes to the room, so "On my way" answers every unanswered call in it. The core
        writes its call log (fsync) for each; that runs on a thread of its own, never on the GUI's,
        and the new state comes back as a snapshot like any other."""
        self._staff.submit(lambda: [self.core.acknowledge(call_id) for call_id in call_ids])

    def clear(self, call_ids: list[str]) -> None:
        self._staff.submit(lambda: [self.core.clear(call_id) for call_id in call_ids])

    def order_visit(self, room: str, start: bool) -> None:
        """Off the GUI thread, like every other word staff send to the network."""
        self._staff.submit(lambda: self.core.order_visit(room, start=start))

    def close(self) -> None:
        """Let a click just made reach the call log."""
        self._staff.shutdown(wait=True)


class Problems(QObject):
    """Everything staff should know is wrong, from every source at once, in a stable order."""

    changed = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._by_source: dict[str, str] = {}

    @property
    def texts(self) -> list[str]:
        return list(self._by_source.values())

    def set(self, source: str, text: str | None) -> None:
        before = self.texts
        if text:
            self._by_source[source] = text
        else:
            self._by_source.pop(source, None)
        if self.texts != before:
            self.changed.emit(self.texts)
