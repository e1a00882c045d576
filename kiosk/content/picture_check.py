"""Check that a picture file is a real PNG or JPEG of a size the kiosk can show, by reading its header only.

Decoding is the view's job (with an allocation limit); this check lets `lantern check` tell a nurse
about a wrong or huge file without loading any graphics library.
"""

from __future__ import annotations

import struct
from pathlib import Path

MAX_SIDE = 8192
MAX_FILE_BYTES = 30 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def picture_problem(path: Path, named_as: str) -> str | None:
    """Why this picture cannot be shown, in words; None when it looks fine."""
    if Path(named_as).is_absolute() or ".." in Path(named_as).parts:
        return (
            f"Put the picture '{named_as}' in the assets folder next to content.yaml and write it as "
            "'assets/name.jpg', so Lantern can keep a safe copy of it."
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(64 * 1024)
    except FileNotFoundError:
        return f"The picture '{named_as}' was not found. Looked for it at {path.absolute()}."
    except OSError as error:
        return f"The picture '{named_as}' cannot be read: {error.strerror}."
    if size > MAX_FILE_BYTES:
        return f"The picture '{named_as}' is {size / 1_000_000:.0f} MB; please use one under 30 MB (1920×1080 is ideal)."
    dimensions = _png_size(header) or _jpeg_size(header)
    if dimensions is None:
        return f"'{named_as}' is not a picture Lantern can show: it is not a PNG or JPEG file."
    width, height = dimensions
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        return (
            f"The picture '{named_as}' says it is {width}×{height} pixels; the largest Lantern shows is "
            f"{MAX_SIDE}×{MAX_SIDE}. Please resize it (1920×1080 is ideal)."
        )
    return None


def _png_size(header: bytes) -> tuple[int, int] | None:
    if not header.startswith(_PNG_SIGNATURE) or header[12:16] != b"IHDR" or len(header) < 24:
        return None
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def _jpeg_size(header: bytes) -> tuple[int, int] | None:
    if not header.startswith(b"\xff\xd8"):
        return None
    offset = 2
    while offset + 9 <= len(header):
        if header[offset] != 0xFF:
            return None
        marker = header[offset + 1]
        if marker == 0xFF:
            offset += 1
            continue
        (length,) = struct.unpack(">H", header[offset + 2 : offset + 4])
        if marker in _JPEG_FRAME_MARKERS:
            height, width = struct.unpack(">HH", header[offset + 5 : offset + 9])
            return width, height
        offset += 2 + length
    return None
