"""The broker address as a typed value, parsed once with errors a person can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias
from urllib.parse import parse_qs, unquote, urlsplit

_DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}


class BrokerUrlError(ValueError):
    """A broker address that cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class BrokerUrl:
    """Where the MQTT broker is and how to log in; `str()` never shows the password."""

    host: str
    port: int
    tls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None

    def __str__(self) -> str:
        user = f"{self.username}@" if self.username else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'mqtts' if self.tls else 'mqtt'}://{user}{host}:{self.port}"


def parse_broker_url(text: str) -> BrokerUrl:
    """Parse `mqtt://[user[:password]@]host[:port]` or `mqtts://…[?cafile=/path/ca.pem]`."""
    parts = urlsplit(text.strip())
    shown = _without_password(text.strip(), parts.password)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise BrokerUrlError(f"The broker address {shown!r} must start with mqtt:// or mqtts://.")
    try:
        port = _DEFAULT_PORTS[scheme] if parts.port is None else parts.port
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise BrokerUrlError(f"The broker address {shown!r} has a port that is not a number from 1 to 65535.")
    if not parts.hostname:
        raise BrokerUrlError(f"The broker address {shown!r} has no host name.")
    if parts.path not in ("", "/") or parts.fragment:
        raise BrokerUrlError(f"The broker address {shown!r} must not have a path after the port.")
    return BrokerUrl(
        host=parts.hostname,
        port=port,
        tls=scheme == "mqtts",
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        ca_file=_ca_file(shown, parts.query, tls=scheme == "mqtts"),
    )


BrokerAddress: TypeAlias = BrokerUrl | tuple[BrokerUrl, ...]
"""One broker, or the nodes of one broker cluster, tried in order (docs/deploy.md, "Several brokers")."""


def broker_list(address: BrokerAddress) -> tuple[BrokerUrl, ...]:
    return address if isinstance(address, tuple) else (address,)


def shown(address: BrokerAddress) -> str:
    """For logs and screens: the addresses in order, without passwords."""
    return ", then ".join(str(broker) for broker in broker_list(address))


def parse_broker_urls(texts: Sequence[str]) -> tuple[BrokerUrl, ...]:
    """Several addresses of one cluster: the same scheme, user and CA file at each, as a client has one
    login and one trust for the whole cluster."""
    brokers = tuple(parse_broker_url(text) for text in texts)
    if not brokers:
        raise BrokerUrlError("The list of broker addresses is empty: give at least one.")
    first = brokers[0]
    for number, broker in enumerate(brokers[1:], start=2):
        if (broker.tls, broker.username, broker.ca_file) != (first.tls, first.username, first.ca_file):
            raise BrokerUrlError(
                f"The broker address number {number} ({broker}) differs from the first ({first}) in its "
                "scheme, user name or cafile: every address of one list must be a node of the same broker."
            )
        if broker.password != first.password:
            raise BrokerUrlError(
                f"The broker address number {number} ({broker}) has another password than the first: "
                "every address of one list logs in the same way."
            )
        if (broker.host, broker.port) in {(other.host, other.port) for other in brokers[: number - 1]}:
            raise BrokerUrlError(f"The broker address number {number} ({broker}) is listed twice.")
    return brokers


def _without_password(text: str, password: str | None) -> str:
    """Error messages end up in logs and on screens; the password must not."""
    return text.replace(f":{password}@", ":***@", 1) if password else text


def _ca_file(shown: str, query: str, *, tls: bool) -> Path | None:
    """The only query setting is `cafile`, for a clinic's own certificate authority."""
    options = parse_qs(query, keep_blank_values=True)
    unknown = sorted(set(options) - {"cafile"})
    if unknown:
        raise BrokerUrlError(f"The broker address {shown!r} has an unknown setting {unknown[0]!r}.")
    if "cafile" not in options:
        return None
    if not tls:
        raise BrokerUrlError(f"The broker address {shown!r} sets a cafile but does not use mqtts://.")
    return Path(options["cafile"][-1]).expanduser()
