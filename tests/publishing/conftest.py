"""The station's side of publishing, on a real Mosquitto, for every test here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.versions import VersionStore
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S

SITE = "clinic"


@pytest.fixture
def station(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> tuple[VersionStore, StationPublisher]:
    store = VersionStore(tmp_path / "station" / "content-versions")
    publisher = StationPublisher(mosquitto.url, SITE, "desk")
    publisher.start()
    request.addfinalizer(publisher.stop)
    request.addfinalizer(store.close)
    assert publisher.wait_connected(WAIT_S)
    return store, publisher
