"""What the relay keeper needs from a relay, whatever it is wired through (a GPIO line, MQTT)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Heard = Callable[[bool], None]
"""Told what the relay itself says it is: True closed, False open (from any thread)."""


class RelayError(Exception):
    """The relay could not be told at all; the words say why, for the log."""


class RelayDriver(Protocol):
    """Every call but `start`'s callback comes from the keeper's own thread, never the UI's."""

    def start(self, heard: Heard) -> None: ...
    def set(self, closed: bool) -> None:
        """Ask for a state; raise RelayError when the relay cannot be reached. What the relay then
        says of itself comes through `heard` (at once for a GPIO line read back, later over MQTT)."""
        ...

    def stop(self) -> None: ...
