"""The deployment settings of one clinic (TOML): site, rooms, broker, escalation and phones.

The clinic's IT person writes this file once; a mistake in it gets the same `file:line:col: words`
treatment as content.yaml, and `lantern check lantern.toml` checks it.
"""

from __future__ import annotations

import os
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kiosk.config.tomlsource import read_toml
from kiosk.settingsfile.document import SourceDocument
from kiosk.settingsfile.fields import WORDED, ClockTime, Settings
from kiosk.settingsfile.problems import FileProblems, Problem
from kiosk.wire.broker_url import BrokerUrlError, parse_broker_url, parse_broker_urls
from kiosk.wire.ids import PeerId

CONFIG_ENV = "LANTERN_CONFIG"

Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,32}$")]


def _language_code(code: str) -> str:
    """Worded, so the problem points at the key, where the mistake is."""
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise PydanticCustomError(
            WORDED, f"'{code}' is not a language code: write the code content.yaml uses, like en or es."
        )
    return code


VoiceLanguage = Annotated[str, AfterValidator(_language_code)]


def _piper_voice_file(written: object) -> Path:
    """A voice the clinic installed: the model's full path, its `.onnx.json` beside it. The file itself is
    looked for on the tablet when the kiosk starts (this file may be checked on another machine)."""
    path = Path(written) if isinstance(written, str) else None
    if path is None or not path.is_absolute() or path.suffix != ".onnx":
        raise ValueError(
            "Write the full path of a Piper voice's .onnx file in quotes, like "
            f'"/opt/lantern/voices/en_US-joe-medium.onnx", not {written!r}.'
        )
    return path


PiperVoiceFile = Annotated[Path, BeforeValidator(_piper_voice_file)]


def _splittable_url(url: str) -> str:
    """A phone's address must at least be a URL (Apprise says later whether it knows the service)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as error:
        raise ValueError(f"This is not an address a phone service can have ({error}).") from None
    if not parts.scheme:
        raise ValueError("Write the phone's address as an Apprise URL, like ntfys://ntfy.clinic.lan/topic.")
    return url


class DeploymentError(FileProblems):
    """The deployment settings cannot be used."""


def _broker_url(value: str) -> str:
    try:
        parse_broker_url(value)
    except BrokerUrlError as error:
        raise ValueError(str(error)) from None
    return value


BrokerUrlText = Annotated[str, AfterValidator(_broker_url)]


class BrokerSettings(Settings):
    """The MQTT broker; without this section Lantern uses the embedded broker on this machine.

    `url` names one broker; `urls` the nodes of one cluster, tried in order, the next one taken as soon
    as the one in use cannot be reached or stops answering (docs/deploy.md, "Several brokers")."""

    url: BrokerUrlText | None = None
    urls: tuple[BrokerUrlText, ...] | None = None
    password_file: Path | None = None
    """A file holding the broker password (readable by Lantern's user only), instead of in `url`."""

    @field_validator("urls")
    @classmethod
    def _one_cluster(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None:
            try:
                parse_broker_urls(value)
            except BrokerUrlError as error:
                raise ValueError(str(error)) from None
        return value

    @model_validator(mode="after")
    def _url_or_urls(self) -> BrokerSettings:
        if (self.url is None) == (self.urls is None):
            raise ValueError(
                'Write either url = "mqtts://…" (one broker) or urls = ["mqtts://…", …] (the nodes of '
                "one cluster, tried in order) under [broker], not both and not neither."
            )
        return self

    def addresses(self) -> tuple[str, ...]:
        return (self.url,) if self.url is not None else self.urls or ()


class RelaySettings(Settings):
    """The room's own nurse call, closed by the tablet while one of its calls waits unanswered.

    `driver = "gpio"`: a relay HAT on the tablet, on line `line` of `chip`. `driver = "mqtt"`: a
    networked relay (`flavour` tasmota, or shelly for Gen2 and newer) on the tablet's broker, whose
    device topic is `topic` (default: the tablet's relay login, `<room>-relay`, or `<site>-<room>-relay`
    on RabbitMQ, which the broker's permissions tie to the room). `relay`: which of the device's relays (Tasmota counts from 1, Shelly from 0).
    """

    driver: Literal["gpio", "mqtt"]
    kinds: list[Literal["now", "check"]] = Field(default=["now"], min_length=1)
    """The calls that close the relay: "now" (help now), "check" (check on me), or both."""
    confirm_seconds: float = Field(default=3, ge=0.5, le=30)
    """The relay must confirm each change within this long, or the console shows a fault."""
    reassert_seconds: int = Field(default=30, ge=5, le=600)
    """The wanted state is sent (and confirmed) again this often, so a relay that restarted is set again."""
    chip: Path = Path("/dev/gpiochip0")
    line: int | None = Field(default=None, ge=0, le=1023)
    active_low: bool = False
    """For a HAT whose relay closes when the line is low."""
    flavour: Literal["tasmota", "shelly"] = "tasmota"
    topic: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    relay: int | None = Field(default=None, ge=0, le=8)


class KioskSettings(Settings):
    room: PeerId | None = None
    content: Path | None = None
    receipt_timeout_seconds: float = Field(default=10, ge=2, le=30)
    pin_hash: Annotated[str, StringConstraints(pattern=r"^\$argon2id\$")] | None = None
    """From `lantern set-pin --print-hash`; when set, it is the staff PIN of every tablet using this file."""
    screen_inches: float | None = Field(default=None, ge=5, le=40)
    """The panel's diagonal, for sizes in real millimetres when the panel reports a wrong one (many do)."""
    max_picture_side: int = Field(default=8192, ge=1024, le=8192)
    """The largest picture side this tablet shows; a published set with a larger picture is refused here."""
    voices: dict[VoiceLanguage, PiperVoiceFile] = Field(default_factory=dict)
    """Piper voices for read-aloud, by language; other languages, and a voice that cannot be loaded, are
    read by espeak-ng through speech-dispatcher."""
    relay: RelaySettings | None = None
    """The room's own nurse call, through a relay (docs/deploy.md, 4.8)."""


class RoomConfig(Settings):
    """A room as the station shows it: an id and a label like "Recovery 3" — never a patient's name."""

    id: PeerId
    label: Annotated[str, StringConstraints(min_length=1, max_length=40)]


class StationSettings(Settings):
    id: PeerId | None = None
    rooms: tuple[RoomConfig, ...] = ()
    shifts: tuple[ClockTime, ...] = (time(7, 0), time(19, 0))
    ring_repeat_seconds: int = Field(default=10, ge=3, le=10)
    fault_repeat_seconds: int = Field(default=30, ge=3, le=600)
    """A fault (a tablet offline, the broker lost …) chimes again this often until staff press "Seen"."""
    offline_after_seconds: int = Field(default=10, ge=5, le=60)
    volume_percent: int = Field(default=100, ge=20, le=100)
    """How loud the console's sounds play, in percent of the files' level; never below 20, so no
    setting can silence the ring (the PC's own volume and mute show on screen instead)."""
    on_way_reminder_seconds: int = Field(default=300, ge=60, le=3600)
    """A call still "on the way" this long after "On my way" chimes softly and its tile asks "still on
    the way?", again this often until the nurse is at the bedside or the call is done."""
    escalate: bool = True
    """Whether this console may page phones. Several consoles of a site may; exactly one does at a time
    (the pager lease, docs/deploy.md), and another takes over within seconds when it goes silent."""


class PhoneTarget(Settings):
    """Where escalations go: any Apprise URL (ntfy, Pushover, an SMS gateway, email, Teams …)."""

    name: PeerId
    """A short word for the phone or the role that carries it ("charge", "floor-1"), shown at every
    console as who took a call. A role, not a person's full name."""
    url: Annotated[str, StringConstraints(min_length=3, max_length=2000), AfterValidator(_splittable_url)]
    tags: list[Tag] = Field(min_length=1)
    call_desk: bool = False
    """Give this phone's pages a "Call the desk" button too (the charge nurse's phone); needs
    `[answers] desk_phone`."""


class AnswerSettings(Settings):
    """How phones answer their pages: a small web endpoint on this console (docs/deploy.md, Phones)."""

    link: Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+$")]
    """The address phones use to reach this console, like "http://192.168.1.20:8765" (no path)."""
    listen: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.:\[\]-]+:[0-9]{1,5}$")] = "0.0.0.0:8765"
    """Where this console listens for the phones' answers: host:port."""
    desk_phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()-]{3,30}$")] | None = None
    """The desk's number, for the "Call the desk" button on phones with `call_desk`."""
    trusted_proxy: Annotated[str, StringConstraints(pattern=r"^[0-9A-Fa-f.:]{2,45}$")] | None = None
    """The address of the clinic's TLS reverse proxy in front of the endpoint, if any: only its
    X-Forwarded-For is believed, so each phone keeps its own budget of refused tokens."""


class EscalationTier(Settings):
    """Unacknowledged for this long → notify the phones with these tags."""

    after_seconds: int = Field(ge=0, le=3600)
    notify: list[Tag] = Field(min_length=1)
    kinds: list[Literal["now", "check"]] = Field(default=["now", "check"], min_length=1)
    """The calls this step is for: "now" (help now), "check" (check on me), or both. Test calls never
    reach a phone."""


class Deployment(Settings):
    site: PeerId = "clinic"
    stations: tuple[PeerId, ...] = ()
    """The ids of this site's nurse-station consoles. Tablets and consoles take statuses only from
    these; empty means any station, which suits only the built-in single-machine set-up."""
    broker: BrokerSettings | None = None
    kiosk: KioskSettings = KioskSettings()
    station: StationSettings = StationSettings()
    phones: tuple[PhoneTarget, ...] = ()
    escalation: tuple[EscalationTier, ...] = ()
    answers: AnswerSettings | None = None

    @property
    def pages_phones(self) -> bool:
        """This console stands for the pager lease: it may page, and there is something to page."""
        return self.station.escalate and bool(self.phones) and bool(self.escalation)


def default_config_path() -> Path:
    """`LANTERN_CONFIG` when set, else lantern.toml in the platform's config folder (it may not exist)."""
    configured = os.environ.get(CONFIG_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_config_path("lantern", appauthor=False) / "lantern.toml"


def load_deployment(path: Path | None) -> Deployment:
    """The settings in `path`; the built-in defaults only when no file is named anywhere.

    A file named on the command line or in LANTERN_CONFIG must exist: a typo there must not
    quietly turn a tablet into "room <host name>" on the embedded broker.
    """
    if path is None:
        path = default_config_path()
        if not path.is_file() and not os.environ.get(CONFIG_ENV, "").strip():
            return Deployment()
    return check_deployment(path, file=str(path))


def check_deployment(path: Path, file: str) -> Deployment:
    """The settings in a file, or DeploymentError with every problem at its line and column."""
    try:
        document = read_toml(path, file)
    except FileProblems as error:
        raise DeploymentError(error.problems) from None
    try:
        deployment = Deployment.model_validate(document.data)
    except ValidationError as error:
        from kiosk.settingsfile.wording import validation_problems

        raise DeploymentError(sorted(validation_problems(error, document, Deployment))) from None
    problems = _cross_checks(deployment, document)
    if problems:
        raise DeploymentError(problems)
    return deployment


def _cross_checks(deployment: Deployment, document: SourceDocument) -> list[Problem]:
    """What one section alone cannot know: tags that no phone has, rooms listed twice."""
    problems = []
    known_tags = {tag for phone in deployment.phones for tag in phone.tags}
    for index, tier in enumerate(deployment.escalation):
        for tag in tier.notify:
            if tag not in known_tags:
                line, column = document.position_of(("escalation", index, "notify"))
                problems.append(
                    Problem(
                        line,
                        column,
                        f"No phone has the tag '{tag}', so this step would reach nobody.",
                        document.file,
                    )
                )
    names: set[str] = set()
    for index, phone in enumerate(deployment.phones):
        clash = (
            "is given to two phones"
            if phone.name in names
            else "is also a station's id"
            if phone.name in deployment.stations or phone.name == deployment.station.id
            else None
        )
        if clash:
            line, column = document.position_of(("phones", index, "name"))
            problems.append(
                Problem(
                    line,
                    column,
                    f"The name '{phone.name}' {clash}: every console shows it as who took a call.",
                    document.file,
                )
            )
        names.add(phone.name)
        if phone.call_desk and (deployment.answers is None or deployment.answers.desk_phone is None):
            line, column = document.position_of(("phones", index, "call_desk"))
            problems.append(
                Problem(
                    line,
                    column,
                    'This phone would get a "Call the desk" button, but [answers] has no desk_phone.',
                    document.file,
                )
            )
    relay = deployment.kiosk.relay
    if relay is not None and relay.driver == "gpio" and relay.line is None:
        line, column = document.position_of(("kiosk", "relay", "driver"))
        problems.append(
            Problem(line, column, "A GPIO relay needs `line`: the line's offset on the chip.", document.file)
        )
    if relay is not None and relay.driver == "mqtt" and relay.flavour == "tasmota" and relay.relay == 0:
        line, column = document.position_of(("kiosk", "relay", "relay"))
        problems.append(Problem(line, column, "Tasmota counts its relays from 1 (POWER1).", document.file))
    station = deployment.station.id
    if deployment.stations and station is not None and station not in deployment.stations:
        line, column = document.position_of(("station", "id"))
        problems.append(
            Problem(
                line,
                column,
                f"This console's id '{station}' is not in `stations`, so the site's tablets would ignore it.",
                document.file,
            )
        )
    seen: set[str] = set()
    for index, room in enumerate(deployment.station.rooms):
        if room.id in seen:
            line, column = document.position_of(("station", "rooms", index, "id"))
            problems.append(Problem(line, column, f"The room '{room.id}' is listed twice.", document.file))
        seen.add(room.id)
    return problems
