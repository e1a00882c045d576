"""Pictures are decoded with a size check and an allocation limit: a lying file becomes a calm colour."""

from __future__ import annotations

import struct
import threading
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from kiosk.look.palette import DAY
from kiosk.views import picture_provider
from kiosk.views.assembly import Kiosk
from kiosk.views.picture_provider import PictureProvider, read_picture
from tests.helpcall.support import wait_until


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny, valid-looking PNG whose header claims a huge size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)
    return path


def test_a_png_claiming_40000_by_40000_is_refused(tmp_path: Path) -> None:
    bomb = png_claiming(tmp_path / "bomb.png", 40000, 40000)
    assert bomb.stat().st_size < 300

    assert read_picture(bomb, QSize(1280, 800)) is None


@pytest.mark.qt_log_ignore("JPEG")  # libjpeg's own complaint about the broken file, which is the point
def test_a_refused_missing_or_outside_picture_shows_a_calm_colour(tmp_path: Path) -> None:
    png_claiming(tmp_path / "bomb.png", 40000, 40000)
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    provider = PictureProvider(tmp_path)

    for name in ("0/bomb.png", "0/broken.jpg", "0/missing.jpg", "0/../../etc/passwd"):
        image = provider.requestImage(name, QSize(), QSize(640, 400))
        assert not image.isNull(), name
        assert image.pixelColor(0, 0).name().upper() == DAY.background


def test_a_real_picture_is_decoded_at_the_size_asked_for(kiosk: Kiosk) -> None:
    shown = kiosk.watch.shown
    assert shown is not None
    image = read_picture(shown.folder / shown.content.imagery.day[0].file, QSize(640, 360))
    assert image is not None and (image.width(), image.height()) == (640, 360)


def test_the_next_picture_is_decoded_ahead_off_the_gui_thread(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture change must not decode on the GUI thread: a big PNG takes a quarter of a second."""
    decoded_on: list[str] = []
    real = picture_provider.read_picture

    def watched(path: Path, wanted: QSize) -> QImage | None:
        decoded_on.append(threading.current_thread().name)
        return real(path, wanted)

    monkeypatch.setattr(picture_provider, "read_picture", watched)
    kiosk.window.grabWindow()
    pictures = [picture.file for picture in kiosk.words.content.imagery.day]

    for change in range(1, 3):
        wait_until(
            lambda change=change: kiosk.provider.ready(pictures[change]), "the next picture decoded ahead"
        )
        kiosk.imagery.next_picture()
        kiosk.window.grabWindow()

    wait_until(lambda: kiosk.provider.ready(pictures[3]), "the picture after that decoded ahead")
    assert decoded_on and set(decoded_on) == {"pictures_0"}, "a picture change decoded on the GUI thread"
