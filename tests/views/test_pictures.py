"""Pictures are decoded with a size check and an allocation limit: a lying file becomes a calm colour."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from kiosk.look.palette import DAY
from kiosk.views.assembly import Kiosk
from kiosk.views.picture_provider import PictureProvider, read_picture


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
