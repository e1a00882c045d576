"""The site's other consoles as a charge nurse reads them: which are up, and which went dark and when.

A colleague's console that goes dark rings for nobody, so it is a warning, not a footnote. While
this console has lost the broker it hears nobody, and says nothing about the others: the lost
broker is the news then, not a row of consoles that only look offline.
"""

from __future__ import annotations

from kiosk.station.board import format_duration
from kiosk.station.core import StationSnapshot
from kiosk.wire.presence import PeerStatus


def consoles_words(snapshot: StationSnapshot, now: float) -> str:
    """`other consoles: front online, back OFFLINE 2:10`, or "" with no other console heard."""
    if not snapshot.broker_connected or not snapshot.stations:
        return ""
    return "other consoles: " + ", ".join(_words(station, now) for station in snapshot.stations)


def dark_consoles(snapshot: StationSnapshot, now: float) -> str | None:
    """The warning band's line for the consoles that were heard and are offline now."""
    dark = [station for station in snapshot.stations if not station.online]
    if not snapshot.broker_connected or not dark:
        return None
    which = "Console" if len(dark) == 1 else "Consoles"
    return f"{which} {', '.join(_words(station, now) for station in dark)}: calls do not ring there."


def _words(station: PeerStatus, now: float) -> str:
    """Offline with the time since it was last heard, as a room's tablet shows it."""
    if station.online:
        return f"{station.peer} online"
    return f"{station.peer} OFFLINE {format_duration(now - station.last_heard)}"


def pager_words(snapshot: StationSnapshot, me: str) -> str:
    """`phones paged from this console` / `… from front`, or "" when the site pages no phones."""
    if snapshot.pager is None:
        return "phones: no console pages yet" if snapshot.paging_possible else ""
    return "phones paged from " + ("this console" if snapshot.pager == me else snapshot.pager)


def no_pager_words(snapshot: StationSnapshot) -> str | None:
    """The warning band's line when no console alive may page: a call that waits reaches no phone."""
    if snapshot.paging_possible:
        return None
    return (
        "No console can page phones now: an unanswered call reaches no phone. "
        "Start a console whose settings have escalate = true."
    )
