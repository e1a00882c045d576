"""When to tell the relay, and whether it did as told: pure, so the rules run on a made-up clock.

The wanted state goes out at once when it changes and again every `reassert_s`, never before the
last command's window has ended (a relay that lost power or was switched by hand is set again).
Each command opens a window of `confirm_s` for the relay to say it is in that state; a command that
could not go out at all (no link yet, no chip) is tried again within the window. At the window's end
the last word decides: the state asked for is fine, the opposite is WRONG_STATE, nothing is
NO_ANSWER, and a command that never went out is UNAVAILABLE. So a link that comes up a moment after
the kiosk starts is no fault. A fault stays until the relay confirms. Every `now` is
`time.monotonic()`.
"""

from __future__ import annotations

from kiosk.wire.protocol import RelayFault

RETRY_S = 0.5
"""A command that could not go out is tried again this soon (sooner with a short window, so a window
always holds a few tries)."""


class RelayKeeper:
    """Not thread-safe: its owner holds a lock."""

    def __init__(self, confirm_s: float, reassert_s: float) -> None:
        self._confirm_s = confirm_s
        self._reassert_s = reassert_s
        self.wanted: bool | None = None
        """None until the tablet has read its open calls after a start: a relay closed for a call
        that waits across a kiosk restart must not be opened while the outbox is still being read."""
        self.fault: RelayFault | None = None
        self._send_at = 0.0
        self._sent: bool | None = None
        self._window: float | None = None
        """When the open window began; None while no window is open."""
        self._failed = False
        self._heard: tuple[bool, float] | None = None

    def want(self, closed: bool, now: float) -> None:
        if closed != self.wanted:
            self.wanted = closed
            self._send_at = now

    def command_due(self, now: float) -> bool:
        return self.wanted is not None and now >= self._send_at

    def sending(self, now: float) -> bool:
        """The wanted state goes out now; returns it. Called before the driver acts, so a reply that
        comes back at once (a GPIO line read back) counts. A retry keeps its window open."""
        if self._window is None or self._sent != self.wanted:
            self._window = now
        assert self.wanted is not None, "command_due says when"
        self._sent, self._failed = self.wanted, False
        self._send_at = self._window + max(self._reassert_s, self._confirm_s)
        return self.wanted

    def unreachable(self, now: float) -> None:
        self._failed = True
        self._send_at = now + min(RETRY_S, self._confirm_s / 4)

    def heard(self, closed: bool, now: float) -> None:
        """The relay said what it is. A confirmation clears a fault even when it comes late; the
        opposite, outside a command's window, means the relay changed by itself: tell it again."""
        self._heard = (closed, now)
        if closed == self._sent == self.wanted:
            self.fault = None
        elif closed != self.wanted and self._window is None and self._sent is not None:
            self._send_at = now

    def check(self, now: float) -> None:
        """At the end of a command's window, decide whether the relay did as told."""
        if self._window is None or now < self._window + self._confirm_s:
            return
        began, self._window = self._window, None
        heard = self._heard if self._heard is not None and self._heard[1] >= began else None
        if heard is not None and heard[0] == self._sent:
            self.fault = None
        elif self._failed:
            self.fault = RelayFault.UNAVAILABLE
        elif heard is not None:
            self.fault = RelayFault.WRONG_STATE
        else:
            self.fault = RelayFault.NO_ANSWER

    def next_at(self) -> float:
        """When to look again: the next command, or the end of the open window."""
        if self._window is None:
            return self._send_at
        return min(self._send_at, self._window + self._confirm_s)
