"""The content channel (docs/protocol.md, "Content"): how a station publishes a content set and how
each tablet says what it shows. It lives under `<root>/content/`, apart from the help call, so a
large picture never shares a topic, a limit or a queue with a call for help.

- `content/station/<id>/manifest` (retained): a `Manifest`, the set's version and every file's
  SHA-256 and size.
- `content/station/<id>/file/<sha256>` (retained): one file's bytes, named by its digest, so a
  tablet can check each file it gets and never needs a file twice.
- `content/room/<id>-content` (retained): a `ContentReport`, which version the room shows or why
  it refused.
- `content/station/<id>/rollcall` and `content/room/<id>-content/ask` (never retained): a station
  asks which tablets are there, and a tablet asks for a manifest or a file again. Retained messages
  cannot do these jobs on every broker (RabbitMQ 3.x keeps them on one node and never delivers them
  to wildcard subscriptions), so nothing here needs them; they only make a broker that keeps them quicker.

Each device has a second broker login for this channel, its own name with `-content` (`12-content`,
`station-desk-content`), so a content set never queues ahead of a call on the help-call connection.
The topics a device may write carry that login, so the broker's ACL can say: only stations write
under `content/station/`, and a room writes only its own report. A tablet also takes manifests only
from the site's stations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from kiosk.wire.ids import PeerId, is_id
from kiosk.wire.protocol import ProtocolError, Timestamp, Topics, check_envelope

MAX_FILES = 32
MAX_FILE_BYTES = 32 * 1024 * 1024
"""A picture may be up to 30 MB (the content check's limit); content.yaml up to 2 MB."""
MAX_SET_BYTES = 128 * 1024 * 1024
MAX_MANIFEST_BYTES = 7 * 1024
MAX_REPORT_BYTES = 7 * 1024
"""Both fit in one packet under the broker's 8 KB limit (deploy/mosquitto/lantern.conf), topic included."""
MAX_ASK_BYTES = 512
MAX_REPORTED_PROBLEMS = 10
MAX_PROBLEM_CHARS = 300
CONTENT_FILE = "content.yaml"
LOGIN_SUFFIX = "-content"

Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
FileName = Annotated[
    str,
    StringConstraints(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9._ -]{0,99}){0,3}$"
    ),
]
"""A path inside the content folder: no `..`, no leading `/` or `.`, at most four levels."""


M = TypeVar("M", bound="_Message")


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    v: Literal[1] = 1


class FileEntry(_Message):
    sha256: Digest
    size: int = Field(ge=0, le=MAX_FILE_BYTES)


class Manifest(_Message):
    """One published version of the site's content set."""

    station: PeerId
    version: int = Field(ge=1)
    published_at: Timestamp
    summary: Annotated[str, StringConstraints(max_length=500)]
    files: dict[FileName, FileEntry] = Field(min_length=1, max_length=MAX_FILES)

    @model_validator(mode="after")
    def _a_whole_set(self) -> Self:
        if CONTENT_FILE not in self.files:
            raise ValueError(f"the set has no {CONTENT_FILE}")
        if sum(entry.size for entry in self.files.values()) > MAX_SET_BYTES:
            raise ValueError(f"the set is larger than {MAX_SET_BYTES // (1024 * 1024)} MB")
        return self


class ReportState(StrEnum):
    SHOWING = "showing"
    WAITING = "waiting"
    """Received and checked; shown at the next calm moment (no open call, no guided step)."""
    REFUSED = "refused"


class ContentReport(_Message):
    room: PeerId
    version: int = Field(ge=1)
    state: ReportState
    problems: tuple[Annotated[str, StringConstraints(max_length=MAX_PROBLEM_CHARS)], ...] = Field(
        default=(), max_length=MAX_REPORTED_PROBLEMS
    )


class ContentAsk(_Message):
    """A tablet, when it connects and when a station calls the roll: "I am here and have `has`"
    (0: nothing yet), which a station answers with its manifest if it has a newer one. With `file`, a
    file of `station`'s manifest whose chunks did not come: that station sends them again."""

    room: PeerId
    has: int = Field(default=0, ge=0)
    station: PeerId | None = None
    file: Digest | None = None


class ContentRollCall(_Message):
    """A station, when it connects to publish: every tablet answers with a `ContentAsk`."""

    station: PeerId


@dataclass(frozen=True)
class ContentTopics:
    """The content channel's topic names for one site."""

    topics: Topics

    @property
    def root(self) -> str:
        return f"{self.topics.root}/content"

    def manifest(self, station: str) -> str:
        return f"{self.root}/station/{station}/manifest"

    def file(self, station: str, sha256: str) -> str:
        return f"{self.root}/station/{station}/file/{sha256}"

    def report(self, room: str) -> str:
        return f"{self.root}/room/{room}{LOGIN_SUFFIX}"

    def ask(self, room: str) -> str:
        return f"{self.report(room)}/ask"

    def roll_call(self, station: str) -> str:
        return f"{self.root}/station/{station}/rollcall"

    @property
    def every_ask(self) -> str:
        return f"{self.root}/room/+/ask"

    @property
    def every_roll_call(self) -> str:
        return f"{self.root}/station/+/rollcall"

    @property
    def every_manifest(self) -> str:
        return f"{self.root}/station/+/manifest"

    @property
    def every_report(self) -> str:
        return f"{self.root}/room/+"

    def sender(self, topic: str) -> tuple[str, str, str] | None:
        """(scope, id, rest) of a content topic: ("station", "desk", "manifest"), ("room", "12", "")."""
        if not topic.startswith(self.root + "/"):
            return None
        parts = topic[len(self.root) + 1 :].split("/")
        if len(parts) < 2 or parts[0] not in ("station", "room"):
            return None
        name = parts[1].removesuffix(LOGIN_SUFFIX) if parts[0] == "room" else parts[1]
        if parts[0] == "room" and name == parts[1]:
            return None
        return (parts[0], name, "/".join(parts[2:])) if is_id(name) else None


def parse_manifest(payload: bytes, sender: str) -> Manifest:
    manifest = _parse_from(sender, Manifest, payload, MAX_MANIFEST_BYTES)
    if any(PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts for name in manifest.files):
        raise ProtocolError("a file name leaves the content folder")
    return manifest


def parse_report(payload: bytes, sender: str) -> ContentReport:
    return _parse_from(sender, ContentReport, payload, MAX_REPORT_BYTES)


def parse_ask(payload: bytes, sender: str) -> ContentAsk:
    return _parse_from(sender, ContentAsk, payload, MAX_ASK_BYTES)


def parse_roll_call(payload: bytes, sender: str) -> ContentRollCall:
    return _parse_from(sender, ContentRollCall, payload, MAX_ASK_BYTES)


_SENDERS: dict[type[_Message], tuple[str, str]] = {
    Manifest: ("manifest", "station"),
    ContentReport: ("report", "room"),
    ContentAsk: ("ask", "room"),
    ContentRollCall: ("roll call", "station"),
}
"""Each message's name in words, and its field naming the sender, which must be the topic's: nobody
speaks for another."""


def _parse_from(sender: str, model: type[M], payload: bytes, limit: int) -> M:
    message = _parse(model, payload, limit)
    what, field = _SENDERS[model]
    said = getattr(message, field)
    if said != sender:
        raise ProtocolError(f"the {what} says {field} {said!r} but the topic says {sender!r}")
    return message


def encode(message: _Message) -> bytes:
    return message.model_dump_json().encode()


def _parse(model: type[M], payload: bytes, limit: int) -> M:
    check_envelope(payload, limit)
    try:
        return model.model_validate_json(payload, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        raise ProtocolError(f"field {where!r}: {first['msg']}") from None
