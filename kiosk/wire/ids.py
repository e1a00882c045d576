"""Room, site and station ids: one pattern for every peer, because each id becomes a topic segment.

Ids are short plain words ("12", "recovery-3", "desk"), never a person's name.
"""

from __future__ import annotations

import re
import socket
from typing import Annotated

from pydantic import StringConstraints

ID_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"
_ID_RE = re.compile(ID_PATTERN)

PeerId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A room, site or station id in a pydantic model: the settings file and the wire use the same rule."""


def is_id(value: str) -> bool:
    return bool(_ID_RE.fullmatch(value))


def check_id(value: str, what: str) -> str:
    """The value itself when it is a valid id; else ValueError with words for the person who typed it."""
    if not is_id(value):
        raise ValueError(f"The {what} {value!r} must be 1 to 32 letters, digits, '-' or '_'.")
    return value


def host_id(fallback: str) -> str:
    """This machine's host name made into an id, so a fresh machine with no settings is still someone."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:32] or fallback
