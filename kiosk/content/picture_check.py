"""Check that each picture is a whole PNG or JPEG of a size the kiosk can show, by decoding all of it.

Reading the header is not enough: a picture whose copy stopped halfway, or whose data is damaged,
has a good header, and the kiosk would show a grey band or nothing at all. Pillow decodes every
byte (JPEGs at an eighth of their size, which still reads the whole file and takes a fifth of the
time), with its decoded size bounded so a hostile file cannot fill the memory.

Decoding the clinic's pictures takes longer than the rest of the check together, and they rarely
change, so the digest of each picture that decoded whole is remembered (`pictures-ok.txt` in the
cache folder). A changed or replaced picture has another digest and is decoded again.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from collections.abc import Iterable
from pathlib import Path

from kiosk.config.paths import cache_dir
from kiosk.settingsfile.document import Location

MAX_SIDE = 8192
MAX_FILE_BYTES = 30 * 1024 * 1024
FORMATS = ("PNG", "JPEG")
RESIZE = "Please resize it (1920×1080 is ideal)."
VERDICTS = "pictures-ok.txt"
MAX_REMEMBERED = 500


def picture_problems(
    folder: Path, named: Iterable[tuple[Location, str]], max_side: int = MAX_SIDE
) -> list[tuple[Location, str]]:
    """Why each named picture cannot be shown, in words, with where it is named. `max_side`: the
    largest side this machine's kiosk shows (a small tablet's decoder may take less than 8192)."""
    known_good = _remembered()
    newly_good: list[str] = []
    problems = []
    for location, name in named:
        reason, digest = _problem(folder / name, name, known_good, max_side)
        if reason is not None:
            problems.append((location, reason))
        elif digest not in known_good:
            newly_good.append(digest)
    if newly_good:
        _remember(known_good, newly_good)
    return problems


def _problem(path: Path, named_as: str, known_good: dict[str, None], max_side: int) -> tuple[str | None, str]:
    if Path(named_as).is_absolute() or ".." in Path(named_as).parts:
        return (
            f"Put the picture '{named_as}' in the assets folder next to content.yaml and write it as "
            "'assets/name.jpg', so Lantern can keep a safe copy of it.",
            "",
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return (
                f"The picture '{named_as}' is {size / 1_000_000:.0f} MB; please use one under 30 MB. {RESIZE}",
                "",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return f"The picture '{named_as}' was not found. Looked for it at {path.absolute()}.", ""
    except IsADirectoryError:
        return f"'{named_as}' is a folder, not a picture. Write the name of a picture file inside it.", ""
    except OSError as error:
        return f"The picture '{named_as}' cannot be read: {error.strerror}.", ""
    digest = f"{hashlib.blake2b(data, digest_size=16).hexdigest()}:{max_side}"  # good up to this size
    if digest in known_good:
        return None, digest
    return _decode_problem(data, named_as, max_side), digest


def _remembered() -> dict[str, None]:
    """The digests of pictures that decoded whole, oldest first."""
    try:
        return dict.fromkeys((cache_dir() / VERDICTS).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return {}


def _remember(known_good: dict[str, None], newly_good: list[str]) -> None:
    """Add to the pictures known to decode; a cache that cannot be written only costs time."""
    digests = [*known_good, *newly_good][-MAX_REMEMBERED:]
    path = cache_dir() / VERDICTS
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text("\n".join(digests) + "\n", encoding="ascii")
        temporary.replace(path)
    except OSError:
        pass


def _decode_problem(data: bytes, named_as: str, max_side: int) -> str | None:
    from PIL import Image, UnidentifiedImageError  # only when a picture is new or changed

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as picture:
                width, height = picture.size
                if not (0 < width <= max_side and 0 < height <= max_side):
                    return _too_large(named_as, max_side)
                picture.draft("RGB", (width // 8, height // 8))
                picture.load()
    except UnidentifiedImageError:
        return f"'{named_as}' is not a picture Lantern can show: it is not a PNG or JPEG file."
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return _too_large(named_as, max_side)
    except (OSError, SyntaxError, ValueError) as error:
        if "truncated" in str(error):
            return (
                f"The picture '{named_as}' is cut short: the file ends before the picture does (a copy "
                "that did not finish?). Copy it again from the original."
            )
        return (
            f"The picture '{named_as}' is damaged: its first bytes are a picture, but the rest cannot be "
            "read. Copy it again from the original, or save it again as a JPEG."
        )
    return None


def _too_large(named_as: str, max_side: int) -> str:
    return f"The picture '{named_as}' is too large: it has more than {max_side}×{max_side} pixels. {RESIZE}"
