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
from kiosk.wire.broker_url import BrokerUrl, BrokerUrlError, parse_broker_url

PASSWORD_ENV = "LANTERN_BROKER_PASSWORD"


def command_line_broker(text: str) -> BrokerUrl:
    """`--broker`: an address and a user name, never a password."""
    broker = parse_broker_url(text)
    if broker.password is not None:
        raise BrokerUrlError(
            "Do not put the broker password on the command line: anyone on this machine can read it. "
            f"Set {PASSWORD_ENV}, or password_file under [broker] in lantern.toml."
        )
    return broker


def configured_broker(deployment: Deployment, given: BrokerUrl | None = None) -> BrokerUrl | None:
    """`--broker` when given, else the settings' broker; None means the embedded broker."""
    settings = deployment.broker
    broker = given or (parse_broker_url(settings.url) if settings else None)
    if broker is None:
        return None
    password = _password_from_file(settings.password_file if settings else None) or os.environ.get(
        PASSWORD_ENV
    )
    return replace(broker, password=password) if password else broker


def _password_from_file(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError as error:
        raise BrokerUrlError(f"The broker password file {path} cannot be read: {error.strerror}.") from None
