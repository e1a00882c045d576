"""Decode the content's pictures safely: through QImageReader with a size check and an allocation limit.

A tiny file can claim to be 40000×40000 pixels; decoding it would take gigabytes. Such a picture,
or a missing or corrupt one, becomes a calm solid colour and a line in the log, never a crash.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader
from PySide6.QtQuick import QQuickImageProvider

from kiosk.look.palette import DAY

log = logging.getLogger(__name__)

PROVIDER = "lantern"
ALLOCATION_LIMIT_MB = 64
_FALLBACK_SIZE = QSize(16, 9)


def read_picture(path: Path, wanted: QSize) -> QImage | None:
    """The picture scaled to fit `wanted` (if valid), or None with the reason logged."""
    reader = QImageReader(str(path))
    reader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    size = reader.size()
    if not size.isValid():
        log.warning("Picture %s cannot be read: %s", path, reader.errorString())
        return None
    if size.width() * size.height() * 4 > ALLOCATION_LIMIT_MB * 1024 * 1024:
        log.warning("Picture %s claims %d×%d pixels, too large to show", path, size.width(), size.height())
        return None
    if wanted.isValid() and not wanted.isEmpty():
        reader.setScaledSize(size.scaled(wanted, Qt.AspectRatioMode.KeepAspectRatioByExpanding))
    image = reader.read()
    if image.isNull():
        log.warning("Picture %s cannot be decoded: %s", path, reader.errorString())
        return None
    return image


class PictureProvider(QQuickImageProvider):
    """`image://lantern/<generation>/<file>`: files inside the shown content's folder only."""

    def __init__(self, folder: Path) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._folder = folder
        self._generation = 0

    def set_folder(self, folder: Path) -> None:
        """New content: new URLs too, so QML's image cache never shows an old picture."""
        if folder != self._folder:
            self._folder = folder
            self._generation += 1

    def url(self, file: str) -> str:
        return f"image://{PROVIDER}/{self._generation}/{file}"

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:  # noqa: N802, N803 - Qt's names
        _generation, _, relative = id.partition("/")
        path = (self._folder / relative).resolve()
        image = read_picture(path, requestedSize) if path.is_relative_to(self._folder.resolve()) else None
        if image is None:
            image = QImage(_FALLBACK_SIZE, QImage.Format.Format_RGB32)
            image.fill(QColor(DAY.background))
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
