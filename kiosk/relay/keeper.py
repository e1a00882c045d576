"""When to tell the relay, and whether it did as told: pure, so the rules run on a made-up clock.

The wanted state goes out at once when it changes and again every `reassert_s`, never before the
last command's window has ended (a relay that lost power or was switched by hand is set again). After each command the relay has `confirm_s` to say it
is in that state; at the end of that window the last thing it said decides: nothing is NO_ANSWER,
the opposite is WRONG_STATE. A command that could not go out at all is UNAVAILABLE and is tried
again after `confirm_s`. A fault stays until the relay confirms a command. Every `now` is
`time.monotonic()`.
"""

from __future__ import annotations

from kiosk.wire.protocol import RelayFault


class RelayKeeper:
    """Not thread-safe: its owner holds a lock."""

    def __init__(self, confirm_s: float, reassert_s: float) -> None:
        self._confirm_s = confirm_s
        self._reassert_s = reassert_s
        self.wanted = False
        """Open until a call waits: a tablet that starts puts its relay in a known state."""
        self.fault: RelayFault | None = None
        self._send_at: float = 0.0
        self._sent: bool | None = None
        self._sent_at: float | None = None
        self._heard: tuple[bool, float] | None = None
        self._checked = True

    def want(self, closed: bool, now: float) -> None:
        if closed != self.wanted:
            self.wanted = closed
            self._send_at = now

    def command_due(self, now: float) -> bool:
        return now >= self._send_at

    def sending(self, now: float) -> bool:
        """The wanted state goes out now; returns it. Called before the driver acts, so a reply that
        comes back at once (a GPIO line read back) counts."""
        self._sent, self._sent_at, self._checked = self.wanted, now, False
        self._send_at = now + max(self._reassert_s, self._confirm_s)
        return self.wanted

    def unreachable(self, now: float) -> None:
        self.fault = RelayFault.UNAVAILABLE
        self._sent_at, self._checked = None, True
        self._send_at = now + self._confirm_s

    def heard(self, closed: bool, now: float) -> None:
        """The relay said what it is. A confirmation clears a fault even when it comes late; the
        opposite, outside a command's window, means the relay changed by itself: tell it again."""
        self._heard = (closed, now)
        if self._sent_at is None:
            return
        if closed == self._sent == self.wanted:
            self.fault = None
        elif closed != self.wanted and self._checked:
            self._send_at = now

    def check(self, now: float) -> None:
        """At the end of a command's window, decide whether the relay did as told."""
        if self._checked or self._sent_at is None or now < self._sent_at + self._confirm_s:
            return
        self._checked = True
        heard = self._heard if self._heard is not None and self._heard[1] >= self._sent_at else None
        if heard is None:
            self.fault = RelayFault.NO_ANSWER
        elif heard[0] != self._sent:
            self.fault = RelayFault.WRONG_STATE
        else:
            self.fault = None

    def next_at(self) -> float:
        """When to look again: the next command, or the end of the open window."""
        window = None if self._checked or self._sent_at is None else self._sent_at + self._confirm_s
        return min(self._send_at, window) if window is not None else self._send_at
