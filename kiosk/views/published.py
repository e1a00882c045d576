"""Hands a content set the station published from the network's thread to the kiosk's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal


class PublishedArrivals(QObject):
    """Emitted on paho's thread; a slot of the kiosk (on the GUI thread) gets it queued."""

    arrived = Signal(str, int)

    def ready(self, path: Path, version: int) -> None:
        self.arrived.emit(str(path), version)
