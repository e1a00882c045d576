"""Decode the content's pictures safely: through QImageReader with a size check and an allocation limit.

A tiny file can claim to be 40000×40000 pixels; decoding it would take gigabytes. Such a picture,
or a missing or corrupt one, becomes a calm solid colour and a line in the log, never a crash.

Decoding a big picture takes a while (a 29 MB PNG: 0.28 s), and Qt asks for it on the GUI thread. So
the next picture is decoded ahead, on a thread of its own, at the size the screen last asked for;
only the very first picture of a content is decoded while Qt waits.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QImageReader
from PySide6.QtQuick import QQuickImageProvider

from kiosk.look.palette import DAY

log = logging.getLogger(__name__)

PROVIDER = "lantern"
ALLOCATION_LIMIT_MB = 64
_FALLBACK_SIZE = QSize(16, 9)
_KEPT = 3
"""Decoded pictures kept: the one on screen, the one fading out, the next one."""

_Key = tuple[int, str, int, int]


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
        self._lock = threading.Lock()
        self._decoded: OrderedDict[_Key, QImage] = OrderedDict()
        self._size = QSize()
        self._ahead: str | None = None
        """The picture asked for ahead before the screen's size was known: decoded once it is."""
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pictures")

    def set_folder(self, folder: Path) -> None:
        """New content: new URLs too, so QML's image cache never shows an old picture."""
        if folder != self._folder:
            self._folder = folder
            self._generation += 1

    def url(self, file: str) -> str:
        return f"image://{PROVIDER}/{self._generation}/{file}"

    def file_url(self, file: str) -> str:
        """A section's picture, for an asynchronous Image: decoded on Qt's loader thread at its own size,
        without disturbing the backdrop's decode-ahead (which keeps one screen size)."""
        path = (self._folder / file).resolve()
        return QUrl.fromLocalFile(str(path)).toString() if path.is_relative_to(self._folder.resolve()) else ""

    def prefetch(self, file: str) -> None:
        """Decode `file` ahead, off the GUI thread, at the size the screen last asked for."""
        with self._lock:
            self._ahead = file
            key = (self._generation, file, self._size.width(), self._size.height())
            if key in self._decoded or self._size.isEmpty():
                return
        self._decoder.submit(self._decode, key)

    def ready(self, file: str) -> bool:
        """Whether `file` is decoded at the screen's size, so showing it costs the GUI thread nothing."""
        with self._lock:
            return (self._generation, file, self._size.width(), self._size.height()) in self._decoded

    def close(self) -> None:
        self._decoder.shutdown(wait=False, cancel_futures=True)

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:  # noqa: N802, N803 - Qt's names
        generation, _, relative = id.partition("/")
        with self._lock:
            resized, self._size = requestedSize != self._size, QSize(requestedSize)
            key = (int(generation or 0), relative, requestedSize.width(), requestedSize.height())
            image = self._decoded.get(key)
            ahead = self._ahead
        if image is None:
            image = self._decode(key)
        if resized and ahead is not None:
            self.prefetch(ahead)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image

    def _decode(self, key: _Key) -> QImage:
        """The picture (or the calm colour in its place), kept for when Qt asks for it."""
        _generation, relative, width, height = key
        path = (self._folder / relative).resolve()
        inside = path.is_relative_to(self._folder.resolve())
        image = read_picture(path, QSize(width, height)) if inside else None
        if image is None:
            image = QImage(_FALLBACK_SIZE, QImage.Format.Format_RGB32)
            image.fill(QColor(DAY.background))
        with self._lock:
            self._decoded[key] = image
            while len(self._decoded) > _KEPT:
                self._decoded.popitem(last=False)
        return image
