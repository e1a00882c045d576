"""How often things happen on the wire; the defaults are the protocol's, tests shorten them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Intervals shared by tablets and stations (docs/protocol.md)."""

    heartbeat_s: float = 2.0
    silence_s: float = 10.0
    resend_first_s: float = 1.0
    resend_max_s: float = 15.0
    done_linger_s: float = 10.0
    keepalive_s: int = 3
    """No byte from the broker for this long: ping it; none for twice this long: take the next broker.
    A frozen broker (SIGSTOP, a hung VM) still completes TCP handshakes, so only silence shows it."""
    connect_timeout_s: float = 3.0
    """A broker whose host does not answer a TCP connect within this long is given up for the next."""
    connack_timeout_s: float = 2.0
    """With several brokers, one that has taken the connection but not answered its CONNECT within
    this long is left for the next: a frozen node still completes TCP handshakes, and a healthy one
    answers in milliseconds while another node of its cluster is frozen."""
    reconnect_first_s: float = 0.25
    """The wait before the first try after a lost connection, doubled on each failure up to the next:
    with several brokers that first try goes to the next node, and every second counts for a call."""
    reconnect_max_s: int = 1  # a refused try costs nothing; a late one keeps calls waiting (<= 2 s goal)
    stale_after_s: float = 60.0
    """A presence written longer ago than this by its sender's clock is stale (presence.Freshness)."""
    quiet_log_s: float = 60.0  # the same reason for a rejection is logged at most once in this long
    room_burst: int = 10  # new calls a station takes from one room at once ...
    room_refill_s: float = 6.0  # ... and one more every this long (a flood cannot drown the others)

    def resend_delay(self, attempts: int) -> float:
        """Back off 1, 2, 4 … seconds after each send, capped, so a broken link is not flooded."""
        return float(min(self.resend_first_s * 2 ** max(attempts - 1, 0), self.resend_max_s))


DEFAULT_TIMING = Timing()
