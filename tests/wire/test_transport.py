"""TLS and passwords on a real Mosquitto, and what staff read when the broker says no."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import start_station, start_tablet, unique_site


@pytest.fixture
def secure_broker(tmp_path: Path, mosquitto_factory: Callable[..., RunningBroker]) -> BrokerUrl:
    """Mosquitto with TLS (a throwaway CA) and one user, `nurse` / `s3cret`."""

    def run(*command: str) -> None:
        subprocess.run(command, cwd=tmp_path, check=True, capture_output=True, timeout=30)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run(
        "openssl",
        "req",
        "-x509",
        *key,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "1",
        "-subj",
        "/CN=Test CA",
    )
    run("openssl", "req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1")
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n")
    run(
        "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.pem", "-days", "1", "-extfile", "san.ext",
    )  # fmt: skip
    run("mosquitto_passwd", "-b", "-c", "passwd", "nurse", "s3cret")
    extra = [f"{name} {tmp_path / file}" for name, file in [("cafile", "ca.pem"), ("certfile", "server.pem")]]
    extra += [f"keyfile {tmp_path / 'server.key'}", f"password_file {tmp_path / 'passwd'}"]
    broker = mosquitto_factory(extra, tls=True, anonymous=False)
    return BrokerUrl(
        "127.0.0.1", broker.port, tls=True, username="nurse", password="s3cret", ca_file=tmp_path / "ca.pem"
    )


def test_a_call_over_tls_with_a_password(
    request: pytest.FixtureRequest, secure_broker: BrokerUrl, tmp_path: Path
) -> None:
    site = unique_site()
    start_station(request, tmp_path / "station", secure_broker, site)
    tablet, seen = start_tablet(request, tmp_path / "tablet", secure_broker, site)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station over TLS")

    tablet.press(CallKind.CHECK)

    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt over TLS")


def test_a_wrong_password_is_told_in_words(
    request: pytest.FixtureRequest, secure_broker: BrokerUrl, tmp_path: Path
) -> None:
    _, seen = start_tablet(request, tmp_path, replace(secure_broker, password="guess"), unique_site())
    refused = seen.wait_for(lambda s: s.staff_problem is not None, "words for staff")
    assert refused.staff_problem == (
        f"The broker at {secure_broker} refused the connection: it did not accept the user name or password (not authorised)."
    )


def test_an_untrusted_certificate_is_told_in_words(
    request: pytest.FixtureRequest, secure_broker: BrokerUrl, tmp_path: Path
) -> None:
    _, seen = start_tablet(request, tmp_path, replace(secure_broker, ca_file=None), unique_site())
    refused = seen.wait_for(lambda s: s.staff_problem is not None, "words for staff")
    assert refused.staff_problem is not None
    assert refused.staff_problem.startswith(
        f"Cannot reach the broker at {secure_broker}: its TLS certificate is not trusted ("
    )
