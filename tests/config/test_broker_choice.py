"""Where the broker password comes from: the settings' password_file, else the environment, else the
settings' URL; never the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.broker_choice import PASSWORD_ENV, command_line_broker, configured_broker
from kiosk.config.deployment import BrokerSettings, Deployment
from kiosk.wire.broker_url import BrokerUrlError, parse_broker_url


def deployment(url: str, password_file: Path | None = None) -> Deployment:
    return Deployment(broker=BrokerSettings(url=url, password_file=password_file))


def test_the_password_file_wins_then_the_environment_then_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "broker-password"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv(PASSWORD_ENV, "from-the-environment")

    assert configured_broker(deployment("mqtts://12:in-url@b:8883", secret)).password == "from-the-file"  # type: ignore[union-attr]
    assert configured_broker(deployment("mqtts://12:in-url@b:8883")).password == "from-the-environment"  # type: ignore[union-attr]
    monkeypatch.delenv(PASSWORD_ENV)
    assert configured_broker(deployment("mqtts://12:in-url@b:8883")).password == "in-url"  # type: ignore[union-attr]
    assert configured_broker(Deployment()) is None


def test_a_command_line_broker_takes_its_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "secret")

    given = command_line_broker("mqtts://12@b:8883")

    assert configured_broker(Deployment(), given) == parse_broker_url("mqtts://12:secret@b:8883")


def test_a_password_on_the_command_line_or_a_missing_file_is_told_in_words(tmp_path: Path) -> None:
    with pytest.raises(BrokerUrlError, match="Do not put the broker password on the command line"):
        command_line_broker("mqtts://12:secret@b:8883")
    with pytest.raises(
        BrokerUrlError, match=r"The broker password file .*missing.* cannot be read: No such file"
    ):
        configured_broker(deployment("mqtts://12@b:8883", tmp_path / "missing"))


def test_several_brokers_on_the_command_line_or_in_the_settings_share_one_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "secret")
    nodes = (parse_broker_url("mqtts://12@a:8883"), parse_broker_url("mqtts://12@b:8883"))

    given = command_line_broker("mqtts://12@a:8883,mqtts://12@b:8883")
    configured = Deployment(broker=BrokerSettings(urls=("mqtts://12@a:8883", "mqtts://12@b:8883")))

    assert given == nodes
    assert configured_broker(Deployment(), given) == configured_broker(configured)
    assert [broker.password for broker in configured_broker(configured)] == ["secret", "secret"]  # type: ignore[union-attr]
    with pytest.raises(BrokerUrlError, match="Do not put the broker password"):
        command_line_broker("mqtts://12@a:8883,mqtts://12:pw@b:8883")
