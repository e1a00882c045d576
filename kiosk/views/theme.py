"""The kiosk's look for QML: the palette of the hour, sizes in millimetres, type in points.

QML reads it through `ThemeModel`; tests read the same palettes (`kiosk.look.palette`) to measure
contrast, so what is measured is what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.look.palette import DAY, NIGHT, Palette
from kiosk.views import qml_module

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

MM_PER_POINT = 25.4 / 72
LARGER_TEXT = 1.3


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
    "help_column": 42.0,
    "control": 34.0,
}
"""Lengths in mm: targets are 16 mm (15 mm is the floor), the help button 27 mm (20 mm is the floor), 4 mm
between targets (3 mm is the floor). `control` is the narrowest a shared button may be before the row wraps."""

COMPACT_BELOW_MM = 115.0
"""A window whose short side is under this (an 8-inch panel or smaller) gets the compact layout: one
column, the shared buttons in a row, smaller type and spacing. At 10.1 inches the short side is 136 mm."""

COMPACT_TYPE = 0.8
"""Compact type is 16 pt body text: with the help buttons and the shared row on a 90 mm tall screen,
20 pt leaves room for four lines. The deploy guide says so."""

COMPACT_SIZES_MM = {"help": 20.0, "gap": 3.0, "margin": 3.0, "pad": 3.5, "control": 24.0}

MOTION_MS = {"page": 700, "drift_home": 2500, "status": 900, "dim": 3000, "scroll": 900}
"""Durations: everything moves slowly; the pictures' crossfade comes from content.yaml."""


@QmlNamedElement("Theme")
@QmlSingleton
class ThemeModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Theme` in QML: colours for the time of day, and pixel sizes for this screen's real millimetres."""

    changed = Signal()

    def __init__(self, px_per_mm: float, *, still: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._px_per_mm = px_per_mm
        self._motion_scale = 0 if still else 1
        self._night = False
        self._larger = False
        self._size = (0, 0)
        # Thousands of bindings read these maps; each is built once per change, not once per binding.
        self._built: dict[str, dict[str, Any]] = {}

    @staticmethod
    def create(engine: QQmlEngine) -> ThemeModel:
        return qml_module.instance(ThemeModel, engine)

    def set_px_per_mm(self, px_per_mm: float) -> None:
        """For a window moved to another screen, and for audits that try every panel in one kiosk."""
        if px_per_mm != self._px_per_mm:
            self._px_per_mm = px_per_mm
            self._change()

    def fit(self, width_px: int, height_px: int) -> None:
        """The window's size decides the layout: compact below COMPACT_BELOW_MM, portrait when taller than wide."""
        before = (self._compact, self._portrait)
        self._size = (width_px, height_px)
        if (self._compact, self._portrait) != before:
            self._change()

    @property
    def _compact(self) -> bool:
        return min(self._size) / self._px_per_mm < COMPACT_BELOW_MM

    @property
    def _portrait(self) -> bool:
        return self._size[1] > self._size[0]

    def set_night(self, night: bool) -> None:
        if night != self._night:
            self._night = night
            self._change()

    def set_larger_text(self, larger: bool) -> None:
        if larger != self._larger:
            self._larger = larger
            self._change()

    @property
    def palette(self) -> Palette:
        return NIGHT if self._night else DAY

    def px(self, mm: float) -> float:
        return round(mm * self._px_per_mm, 1)

    @Property(float, notify=changed)
    def mm(self) -> float:
        return self._px_per_mm

    @Property(bool, notify=changed)
    def compact(self) -> bool:
        return self._compact

    @Property(bool, notify=changed)
    def portrait(self) -> bool:
        return self._portrait

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def color(self) -> dict[str, Any]:
        return self._once("color", lambda: asdict(self.palette))

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def font(self) -> dict[str, Any]:
        return self._once("font", self._font)

    def _font(self) -> dict[str, Any]:
        grow = LARGER_TEXT if self._larger else 1.0
        scale = COMPACT_TYPE if self._compact else 1.0
        return {
            name: round(
                points
                * scale
                * MM_PER_POINT
                * self._px_per_mm
                * (grow if name in GROWS_WITH_LARGER_TEXT else 1.0)
            )
            for name, points in TYPE_POINTS.items()
        } | {"family": "Noto Sans"}

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def size(self) -> dict[str, Any]:
        sizes = SIZES_MM | COMPACT_SIZES_MM if self._compact else SIZES_MM
        return self._once("size", lambda: {name: self.px(mm) for name, mm in sizes.items()})

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def motion(self) -> dict[str, Any]:
        """Durations in ms, and `scale` for durations that come from elsewhere (0 when `still`, for screenshots)."""
        return self._once(
            "motion",
            lambda: (
                {name: ms * self._motion_scale for name, ms in MOTION_MS.items()}
                | {"scale": self._motion_scale}
            ),
        )

    def _change(self) -> None:
        """Forget the built maps, then tell QML (which re-reads them inside the emit, before any slot)."""
        self._built.clear()
        self.changed.emit()

    def _once(self, name: str, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        if name not in self._built:
            self._built[name] = build()
        return self._built[name]
