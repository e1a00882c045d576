"""Whether the room's nurse-call relay should be closed: a pure rule over the tablet's own calls.

It follows the tablet's calls, not the station: the room's wired nurse call is the backup for when
the station, or the network to it, is down, so a press closes the relay whether or not anyone
received it, and only an answer (on the way, a nurse here, done, or cleared at the bedside) opens it.
"""

from __future__ import annotations

from collections.abc import Collection

from kiosk.wire.protocol import CallKind


def wanted_closed(unanswered: Collection[CallKind], kinds: Collection[CallKind]) -> bool:
    """Closed while a call of one of the configured kinds waits for an answer."""
    return any(kind in kinds for kind in unanswered)
