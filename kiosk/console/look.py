"""The console's look in one place: Lantern's calm day palette plus one warm colour per kind of call.

Sizes are for reading from across a nurse station (about 3 m): a room's name and a call's waiting time
are the largest things on screen. Nothing flashes; a call that waits glows slowly.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

from kiosk.look.palette import DAY
from kiosk.wire.protocol import CallKind

FAMILY = "Noto Sans"

BACKGROUND = QColor(DAY.background)
SURFACE = QColor(DAY.surface)
RAISED = QColor(DAY.raised)
LINE = QColor(DAY.line)
TEXT = QColor(DAY.text)
TEXT_SOFT = QColor(DAY.text_soft)
CALM = QColor(DAY.calm)
QUIET = QColor("#9AA7B8")
"""Words about a room that needs nothing: readable, but they step back."""
OFFLINE = QColor("#E7B36A")
"""A tablet that cannot call: amber words, never a fill, so it never looks like a call."""
PROBLEM = QColor("#5C4217")
LOST = QColor(DAY.alert)

# kind -> (fill, ring): a call fills its tile. The fills step down in lightness as urgency does
# ("help now" the lightest, then "check on me", a test, "on the way"), so the order holds in grayscale
# and for red-green colour blindness, not by hue alone; tests/console/test_layout.py measures the pixels.
CALL_FILL = {
    CallKind.NOW: (QColor("#A8361A"), QColor(DAY.alert_ring)),
    CallKind.CHECK: (QColor("#5C4414"), QColor("#E9B44C")),
    CallKind.TEST: (QColor("#2E3A50"), QColor("#A9B8E0")),
}
ON_WAY_FILL = (QColor("#1A3B39"), QColor(DAY.calm))

PULSE_MS = 3200
"""One slow breath of the glow on a waiting call: far below anything that could read as flashing."""

POINTS = {
    "small": 13,
    "body": 16,
    "button": 18,
    "kind": 24,
    "urgent": 30,
    "room": 28,
    "wait": 40,
    "banner": 20,
}
SMALLEST_POINTS = 10
"""Tiles shrink to keep every room on screen, but no words get smaller than this."""


def font(size: str, *, bold: bool = False, scale: float = 1.0) -> QFont:
    made = QFont(FAMILY)
    made.setPointSize(points(size, scale))
    made.setBold(bold)
    return made


def points(size: str, scale: float = 1.0) -> int:
    return max(SMALLEST_POINTS, round(POINTS[size] * scale))


def css(color: QColor) -> str:
    return color.name(QColor.NameFormat.HexRgb)


STYLE = f"""
QWidget {{ background: {css(BACKGROUND)}; color: {css(TEXT)}; font-family: "{FAMILY}"; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{
    background: {css(SURFACE)}; color: {css(TEXT_SOFT)}; padding: 6px 24px; margin-right: 4px;
    border-top-left-radius: 8px; border-top-right-radius: 8px; font-size: {POINTS["body"]}pt;
}}
QTabBar::tab:selected {{ background: {css(RAISED)}; color: {css(TEXT)}; }}
QPushButton {{
    background: {css(RAISED)}; color: {css(TEXT)}; border: 2px solid {css(LINE)}; border-radius: 10px;
    padding: 8px 20px; font-size: {POINTS["button"]}pt; font-weight: 600; min-height: 44px;
}}
QPushButton:hover {{ border-color: {css(TEXT_SOFT)}; }}
QPushButton:disabled {{ color: {css(QUIET)}; border-color: {css(SURFACE)}; background: {css(SURFACE)}; }}
QPushButton[role="answer"] {{ background: {css(TEXT)}; color: {css(BACKGROUND)}; border-color: {css(TEXT)}; }}
QPushButton[role="done"] {{ background: transparent; border-color: {css(TEXT)}; }}
QPushButton[role="silence"]:enabled {{ border-color: {css(CALL_FILL[CallKind.CHECK][1])}; }}
QTableView {{
    background: {css(SURFACE)}; gridline-color: {css(LINE)}; border: none; font-size: {POINTS["body"]}pt;
    selection-background-color: {css(RAISED)}; selection-color: {css(TEXT)};
}}
QHeaderView::section {{
    background: {css(RAISED)}; color: {css(TEXT)}; border: none; padding: 6px 10px;
    font-size: {POINTS["body"]}pt; font-weight: 600;
}}
QComboBox {{
    background: {css(RAISED)}; border: 2px solid {css(LINE)}; border-radius: 8px; padding: 6px 12px;
    font-size: {POINTS["body"]}pt;
}}
QScrollArea {{ border: none; }}
QPlainTextEdit[role="handover"] {{
    background: {css(SURFACE)}; border: none; border-radius: 8px; padding: 12px; font-size: {POINTS["body"]}pt;
}}
QLabel[role="heading"] {{ font-size: {POINTS["kind"]}pt; font-weight: 600; }}
QLabel[role="field"] {{ font-size: {POINTS["body"]}pt; }}
QLabel[role="soft"] {{ color: {css(TEXT_SOFT)}; font-size: {POINTS["body"]}pt; }}
"""
