"""Pixels per millimetre, so targets and type are sized in real millimetres on the patient's tablet.

Panels often report a made-up size (X servers say 96 dpi, some panels say 0 mm), so a reported size is
used only when it is plausible; a size given by whoever installs the kiosk always wins.
"""

from __future__ import annotations

import math

MM_PER_INCH = 25.4
SMALL_PANEL_INCHES = 12.1
"""A 1280×800 bedside panel: about 4.9 pixels per mm (a 10.1-inch one still works; its pages scroll sooner)."""
LARGE_PANEL_INCHES = 15.6
"""A 1920×1080 panel: about 5.6 pixels per mm."""

_PLAUSIBLE_PX_PER_MM = (2.4, 16.0)
_PLAUSIBLE_INCHES = (5.0, 40.0)


def pixels_per_mm(
    width_px: int,
    height_px: int,
    reported_mm: tuple[float, float] | None,
    diagonal_inches: float | None = None,
) -> float:
    """Pixels per mm from the installer's diagonal, else a plausible reported size, else the reference panel."""
    diagonal_px = math.hypot(width_px, height_px)
    if diagonal_inches is not None and diagonal_inches > 0:
        return diagonal_px / (diagonal_inches * MM_PER_INCH)
    if reported_mm is not None and _plausible(width_px, height_px, reported_mm):
        return diagonal_px / math.hypot(*reported_mm)
    return diagonal_px / (reference_inches(width_px, height_px) * MM_PER_INCH)


def reference_inches(width_px: int, height_px: int) -> float:
    """The panel Lantern assumes when nothing better is known: small panels up to 1366 px, else large."""
    return SMALL_PANEL_INCHES if max(width_px, height_px) <= 1366 else LARGE_PANEL_INCHES


def _plausible(width_px: int, height_px: int, reported_mm: tuple[float, float]) -> bool:
    width_mm, height_mm = reported_mm
    if width_mm <= 0 or height_mm <= 0:
        return False
    across, down = width_px / width_mm, height_px / height_mm
    inches = math.hypot(width_mm, height_mm) / MM_PER_INCH
    low, high = _PLAUSIBLE_PX_PER_MM
    square = abs(across - down) <= 0.15 * max(across, down)
    return (
        low <= across <= high
        and low <= down <= high
        and square
        and _PLAUSIBLE_INCHES[0] <= inches <= _PLAUSIBLE_INCHES[1]
    )
