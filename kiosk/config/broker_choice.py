"""Which broker a program uses, and where its password comes from: never from the command line.

A password on the command line can be read by anyone on the machine (`ps`), so `--broker` refuses
one. It comes from `password_file` under `[broker]` in lantern.toml, else the environment
(LANTERN_BROKER_PASSWORD, for systemd's `EnvironmentFile=` or credentials), else the settings' URL.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from kiosk.config.deployment import Deployment
from kiosk.wire.broker_url import (
    BrokerAddress,
    BrokerUrlError,
    broker_list,
    parse_broker_url,
    parse_broker_urls,
)

PASSWORD_ENV = "LANTERN_BROKER_PASSWORD"


def command_line_broker(text: str) -> BrokerAddress:
    """`--broker`: an address and a user name, never a password; several, comma-separated, for the
    nodes of one cluster (tried in order)."""
    texts = [part for part in text.split(",") if part.strip()] or [text]
    if any(parse_broker_url(part).password is not None for part in texts):
        raise BrokerUrlError(
            "Do not put the broker password on the command line: anyone on this machine can read it. "
            f"Set {PASSWORD_ENV}, or password_file under [broker] in lantern.toml."
        )
    return parse_broker_urls(texts) if len(texts) > 1 else parse_broker_url(texts[0])


def configured_broker(deployment: Deployment, given: BrokerAddress | None = None) -> BrokerAddress | None:
    """`--broker` when given, else the settings' broker (one, or a cluster's nodes in order); None
    means the embedded broker."""
    settings = deployment.broker
    if given is None and settings is not None:
        addresses = settings.addresses()
        given = parse_broker_url(addresses[0]) if settings.url is not None else parse_broker_urls(addresses)
    if given is None:
        return None
    password = _password_from_file(settings.password_file if settings else None) or os.environ.get(
        PASSWORD_ENV
    )
    if not password:
        return given
    brokers = tuple(replace(broker, password=password) for broker in broker_list(given))
    return brokers if isinstance(given, tuple) else brokers[0]


def _password_from_file(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError as error:
        raise BrokerUrlError(f"The broker password file {path} cannot be read: {error.strerror}.") from None
