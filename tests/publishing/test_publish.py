"""A station publishes the site's content set over a real Mosquitto; real tablets' content links
gather it, check it, keep it and report back, and the station hears every room."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from kiosk.publishing.contentset import ContentSet, SetError
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.tablet_link import TabletContentLink
from kiosk.publishing.versions import VersionStore
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.content_protocol import ContentReport, ReportState
from tests.content.conftest import REAL_CONTENT
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, Recorder, wait_until

SITE = "clinic"
NEW_PHONE = "(555) 010-0777"


def content_folder(tmp_path: Path, name: str, edit: Callable[[str], str] = lambda text: text) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "content.yaml").write_text(edit(REAL_CONTENT.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(REAL_CONTENT.parent / "assets", folder / "assets")
    return folder / "content.yaml"


def new_phone(text: str) -> str:
    assert '  phone: "(555) 010-0199"' in text
    return text.replace('  phone: "(555) 010-0199"', f'  phone: "{NEW_PHONE}"', 1)


class Tablet:
    """A room's content link, as the kiosk runs it, showing each checked set at once."""

    def __init__(
        self,
        request: pytest.FixtureRequest,
        folder: Path,
        broker: BrokerUrl,
        room: str,
        max_picture_side: int = 8192,
    ) -> None:
        self.ready: Recorder[tuple[Path, int]] = Recorder()
        self.link = TabletContentLink(
            broker,
            SITE,
            room,
            folder,
            stations=frozenset({"desk"}),
            on_ready=self._ready,
            max_picture_side=max_picture_side,
        )
        self.link.start()
        request.addfinalizer(self.link.stop)

    def _ready(self, path: Path, version: int) -> None:
        self.ready((path, version))
        self.link.showing(version)

    def shows(self, version: int) -> Path:
        path, _ = self.ready.wait_for(lambda arrived: arrived[1] == version, f"version {version}")
        return path


def publish(station: tuple[VersionStore, StationPublisher], path: Path) -> int:
    store, publisher = station
    manifest = store.add(ContentSet.read(path), "desk")
    assert publisher.send(manifest, store.read(manifest), WAIT_S)
    return manifest.version


def all_show(publisher: StationPublisher, rooms: set[str], version: int) -> dict[str, ContentReport]:
    assert publisher.wait_for(
        lambda reports: all(
            room in reports
            and reports[room].version == version
            and reports[room].state is ReportState.SHOWING
            for room in rooms
        ),
        WAIT_S,
    ), publisher.reports()
    return publisher.reports()


def test_a_publish_reaches_every_tablet_whole_and_each_reports_it(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    tablets = {
        room: Tablet(request, tmp_path / f"tablet-{room}", mosquitto.url, room) for room in ("11", "12", "14")
    }
    version = publish(station, content_folder(tmp_path, "edited", new_phone))

    for tablet in tablets.values():
        shown = tablet.shows(version)
        assert NEW_PHONE in shown.read_text(encoding="utf-8")
        assert sorted(path.name for path in (shown.parent / "assets").iterdir()) == sorted(
            path.name for path in (REAL_CONTENT.parent / "assets").glob("*.jpg")
        )
    all_show(station[1], set(tablets), version)


def test_a_tablet_that_was_off_gets_the_version_when_it_starts(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    version = publish(station, content_folder(tmp_path, "edited", new_phone))

    late = Tablet(request, tmp_path / "tablet-late", mosquitto.url, "15")

    assert NEW_PHONE in late.shows(version).read_text(encoding="utf-8")


def test_a_broken_set_is_refused_before_anything_is_kept_or_sent(
    tmp_path: Path, station: tuple[VersionStore, StationPublisher]
) -> None:
    broken = content_folder(
        tmp_path, "broken", lambda text: text.replace("{clinic_phone}", "{clinic phone}", 2)
    )

    with pytest.raises(SetError) as refused:
        ContentSet.read(broken)

    assert "'{clinic phone}' is not something Lantern can fill in" in str(refused.value)
    assert station[0].history() == []


def test_a_set_a_tablet_cannot_show_is_refused_there_and_reported_and_it_keeps_the_last(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    """A 5000-pixel-wide picture passes the station's check (8192) but not a small tablet's (4096)."""
    small = Tablet(request, tmp_path / "tablet-12", mosquitto.url, "12", max_picture_side=4096)
    large = Tablet(request, tmp_path / "tablet-14", mosquitto.url, "14")
    first = publish(station, content_folder(tmp_path, "first"))
    small.shows(first)
    wait_until(lambda: small.link.sets.shown() is not None, "room 12 to record what it shows")
    wide = content_folder(
        tmp_path, "wide", lambda text: text.replace("file: assets/day-hills.jpg", "file: assets/wide.jpg", 1)
    )
    Image.new("RGB", (5000, 2000), (70, 90, 110)).save(wide.parent / "assets" / "wide.jpg", quality=60)

    second = publish(station, wide)

    assert large.shows(second)
    _store, publisher = station
    assert publisher.wait_for(lambda reports: "12" in reports and reports["12"].version == second, WAIT_S)
    report = publisher.reports()["12"]
    assert report.state is ReportState.REFUSED
    assert any(
        "'assets/wide.jpg' is too large: it has more than 4096×4096 pixels" in problem
        for problem in report.problems
    )
    assert small.link.sets.shown() == (first, tmp_path / "tablet-12" / "sets" / f"v{first}" / "content.yaml")
    assert publisher.wait_for(
        lambda reports: "14" in reports and reports["14"].state is ReportState.SHOWING, WAIT_S
    ), "the other tablet shows it"


def test_rollback_is_a_new_version_with_the_old_words_everywhere(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    tablets = [Tablet(request, tmp_path / f"tablet-{room}", mosquitto.url, room) for room in ("11", "12")]
    original = content_folder(tmp_path, "original")
    first = publish(station, original)
    second = publish(station, content_folder(tmp_path, "edited", new_phone))
    for tablet in tablets:
        tablet.shows(second)
    store, publisher = station

    back = store.roll_back_to(first, "desk")
    assert publisher.send(back, store.read(back), WAIT_S)

    for tablet in tablets:
        assert tablet.shows(back.version).read_bytes() == original.read_bytes()
    assert [manifest.version for manifest in store.history()] == [1, 2, 3]
    assert store.history()[2].summary.startswith("Back to version 1")
    assert store.history()[1].summary == "content.yaml: 1 line changed"


def test_a_manifest_from_a_station_the_site_does_not_know_is_ignored(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    tablet = Tablet(request, tmp_path / "tablet-12", mosquitto.url, "12")
    stranger_store = VersionStore(tmp_path / "stranger")
    request.addfinalizer(stranger_store.close)
    stranger = StationPublisher(mosquitto.url, SITE, "stranger")
    stranger.start()
    request.addfinalizer(stranger.stop)
    assert stranger.wait_connected(WAIT_S)
    forged = stranger_store.add(ContentSet.read(content_folder(tmp_path, "forged", new_phone)), "stranger")
    assert stranger.send(forged, stranger_store.read(forged), WAIT_S)
    honest = publish(station, content_folder(tmp_path, "honest"))

    shown = tablet.shows(honest)

    assert NEW_PHONE not in shown.read_text(encoding="utf-8")
    assert [version for _path, version in tablet.ready.seen] == [honest]


def test_a_tablet_keeps_only_the_files_of_the_version_it_shows(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    station: tuple[VersionStore, StationPublisher],
) -> None:
    tablet = Tablet(request, tmp_path / "tablet-12", mosquitto.url, "12")
    tablet.shows(publish(station, content_folder(tmp_path, "first")))
    second = content_folder(tmp_path, "second")
    Image.new("RGB", (1600, 900), (90, 110, 130)).save(second.parent / "assets" / "day-hills.jpg", quality=70)

    version = publish(station, second)

    tablet.shows(version)
    kept = {entry.sha256 for entry in station[0].latest().files.values()}  # type: ignore[union-attr]
    blobs = tmp_path / "tablet-12" / "blobs"
    wait_until(lambda: {path.name for path in blobs.iterdir()} == kept, "the old picture to be deleted")
    assert [path.name for path in (tmp_path / "tablet-12" / "sets").iterdir()] == [f"v{version}"]
