"""Lantern's look in one place: colours for day and night, sizes in millimetres, type in points.

QML reads it through `ThemeModel`; tests read the same palettes to measure contrast, so what is
measured is what is shown. Only the help button uses the `alert*` colours.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import Property, QObject, Signal

MM_PER_POINT = 25.4 / 72
LARGER_TEXT = 1.3


@dataclass(frozen=True)
class Palette:
    """Dark and calm; text is warm off-white (never pure white); the alert colours belong to the help button."""

    background: str
    surface: str
    raised: str
    raised_on: str
    line: str
    text: str
    text_soft: str
    calm: str
    scrim: str
    scrim_opacity: float
    alert: str
    alert_ring: str
    alert_soft: str
    alert_text: str


DAY = Palette(
    background="#1B2633",
    surface="#243244",
    raised="#2E3F55",
    raised_on="#33465F",
    line="#4A5E78",
    text="#F3EBDD",
    text_soft="#DDD4C6",
    calm="#8EC3BA",
    scrim="#16202B",
    scrim_opacity=0.86,
    alert="#8A2F12",
    alert_ring="#E98A55",
    alert_soft="#3B2620",
    alert_text="#FFF1E4",
)

NIGHT = Palette(
    background="#11161D",
    surface="#171E27",
    raised="#1F2935",
    raised_on="#2A394B",
    line="#34404F",
    text="#E6D8C4",
    text_soft="#CDBFAB",
    calm="#6E9E96",
    scrim="#0E1319",
    scrim_opacity=0.88,
    alert="#7A2A10",
    alert_ring="#C97646",
    alert_soft="#2E1E19",
    alert_text="#F3E2CF",
)

TEXT_ON = {
    "text": ("background", "surface", "raised", "raised_on"),
    "text_soft": ("background", "surface"),
    "alert_text": ("alert", "alert_soft"),
}
"""Every text colour with every fill it is drawn on (the scrim over pictures is measured separately)."""

TYPE_POINTS = {
    "small": 16,
    "label": 18,
    "action": 20,
    "call": 22,
    "body": 20,
    "heading": 22,
    "status": 24,
    "title": 26,
    "display": 30,
}
"""Type sizes in points; body text is 20 pt and nothing a patient reads is under 16 pt. Buttons ("label",
"action", "call") keep their size when the patient asks for larger text, so every button stays on screen."""

GROWS_WITH_LARGER_TEXT = ("body", "heading", "status", "title", "display")

SIZES_MM = {
    "target": 16.0,
    "help": 27.0,
    "gap": 4.0,
    "margin": 5.0,
    "pad": 5.0,
    "radius": 3.0,
    "ring": 1.2,
    "rail": 42.0,
}
"""Lengths in mm: targets are 16 mm (15 mm is the floor), the help button 27 mm (25 mm is the floor)."""

MOTION_MS = {"page": 700, "drift_home": 2500, "status": 900, "dim": 3000, "scroll": 900}
"""Durations: everything moves slowly; the pictures' crossfade comes from content.yaml."""


class ThemeModel(QObject):
    """The theme for QML: colours for the time of day, and pixel sizes for this screen's real millimetres."""

    changed = Signal()

    def __init__(self, px_per_mm: float, *, still: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._px_per_mm = px_per_mm
        self._motion_scale = 0 if still else 1
        self._night = False
        self._larger = False

    def set_night(self, night: bool) -> None:
        if night != self._night:
            self._night = night
            self.changed.emit()

    def set_larger_text(self, larger: bool) -> None:
        if larger != self._larger:
            self._larger = larger
            self.changed.emit()

    def set_px_per_mm(self, px_per_mm: float) -> None:
        if px_per_mm != self._px_per_mm:
            self._px_per_mm = px_per_mm
            self.changed.emit()

    @property
    def palette(self) -> Palette:
        return NIGHT if self._night else DAY

    def px(self, mm: float) -> float:
        return round(mm * self._px_per_mm, 1)

    def _get_mm(self) -> float:
        return self._px_per_mm

    def _get_color(self) -> dict[str, Any]:
        return asdict(self.palette)

    def _get_font(self) -> dict[str, Any]:
        grow = LARGER_TEXT if self._larger else 1.0
        return {
            name: round(
                points * MM_PER_POINT * self._px_per_mm * (grow if name in GROWS_WITH_LARGER_TEXT else 1.0)
            )
            for name, points in TYPE_POINTS.items()
        } | {"family": "Noto Sans"}

    def _get_size(self) -> dict[str, Any]:
        return {name: self.px(mm) for name, mm in SIZES_MM.items()}

    def _get_motion(self) -> dict[str, Any]:
        """Durations in ms, and `scale` for durations that come from elsewhere (0 when `still`, for screenshots)."""
        return {name: ms * self._motion_scale for name, ms in MOTION_MS.items()} | {
            "scale": self._motion_scale
        }

    mm = Property(float, _get_mm, notify=changed)
    color = Property(dict, _get_color, notify=changed)
    font = Property(dict, _get_font, notify=changed)
    size = Property(dict, _get_size, notify=changed)
    motion = Property(dict, _get_motion, notify=changed)
