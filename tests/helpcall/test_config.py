"""Broker addresses and the data folder: typed values, and words a person can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.paths import DATA_DIR_ENV, data_dir
from kiosk.wire.broker_url import BrokerUrl, BrokerUrlError, parse_broker_url


def test_plain_and_tls_addresses() -> None:
    assert parse_broker_url("mqtt://broker.local") == BrokerUrl("broker.local", 1883)
    parsed = parse_broker_url("mqtts://nurse%40ward:s3cr%3At@10.0.0.5:8884?cafile=/etc/lantern/ca.pem")
    assert parsed == BrokerUrl("10.0.0.5", 8884, True, "nurse@ward", "s3cr:t", Path("/etc/lantern/ca.pem"))
    assert str(parsed) == "mqtts://nurse@ward@10.0.0.5:8884"
    assert "s3cr" not in repr(parsed)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("http://broker", "must start with mqtt:// or mqtts://"),
        ("broker:1883", "must start with mqtt:// or mqtts://"),
        ("mqtt://:1883", "has no host name"),
        ("mqtt://broker:99999", "port that is not a number from 1 to 65535"),
        ("mqtt://broker:0", "port that is not a number from 1 to 65535"),
        ("mqtt://broker:abc", "port that is not a number from 1 to 65535"),
        ("mqtt://broker/topic", "must not have a path"),
        ("mqtt://broker?cafile=/x", "sets a cafile but does not use mqtts://"),
        ("mqtts://broker?ca=/x", "unknown setting 'ca'"),
    ],
)
def test_bad_addresses_say_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(BrokerUrlError, match=words.replace("?", r"\?")):
        parse_broker_url(text)


def test_the_data_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv(DATA_DIR_ENV)
    assert data_dir().name == "lantern"


def test_a_broker_address_error_never_shows_the_password() -> None:
    with pytest.raises(BrokerUrlError) as raised:
        parse_broker_url("http://room12:s3cret-word@broker.local:8883")

    assert "s3cret-word" not in str(raised.value)
    assert "room12:***@broker.local" in str(raised.value)
