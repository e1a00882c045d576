"""A small bar chart drawn with QPainter: how long calls took to be answered, room by room."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.console import look
from kiosk.station.board import format_duration
from kiosk.station.report import Times

ROW_PX = 32
LABEL_PX = 190
VALUE_PX = 150
LEGEND_PX = 40
MIN_SCALE_S = 60.0


class BarChart(QWidget):
    """One bar per row: solid to the median, lighter on to the 90th percentile, the values beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Times]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, Times]]) -> None:
        self.rows = rows
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, LEGEND_PX + ROW_PX * max(len(self.rows), 1) + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(look.font("body"))
        light = QColor(look.CALM)
        light.setAlphaF(0.38)
        self._legend(painter, light)
        longest = max((times.p90 or 0.0 for _, times in self.rows), default=0.0)
        scale = max(longest, MIN_SCALE_S)
        span = max(self.width() - LABEL_PX - VALUE_PX, 40)
        if not self.rows:
            painter.setPen(look.QUIET)
            painter.drawText(QRectF(0, LEGEND_PX, self.width(), ROW_PX), "No answered calls in this period.")
        for index, (label, times) in enumerate(self.rows):
            top = LEGEND_PX + index * ROW_PX
            painter.setPen(look.TEXT)
            painter.drawText(QRectF(0, top, LABEL_PX - 12, ROW_PX), _LEFT, label)
            if times.median is None or times.p90 is None:
                painter.setPen(look.QUIET)
                painter.drawText(QRectF(LABEL_PX, top, span, ROW_PX), _LEFT, "not answered yet")
                continue
            bar = QRectF(LABEL_PX, top + 7, span * times.median / scale, ROW_PX - 14)
            painter.fillRect(QRectF(LABEL_PX, bar.top(), span * times.p90 / scale, bar.height()), light)
            painter.fillRect(bar, look.CALM)
            painter.setPen(look.TEXT_SOFT)
            words = f"{format_duration(times.median)} · {format_duration(times.p90)}"
            painter.drawText(QRectF(LABEL_PX + span + 12, top, VALUE_PX - 12, ROW_PX), _LEFT, words)
        painter.end()

    def _legend(self, painter: QPainter, light: QColor) -> None:
        painter.fillRect(QRectF(LABEL_PX, 10, 22, 18), look.CALM)
        painter.fillRect(QRectF(LABEL_PX + 190, 10, 22, 18), light)
        painter.setPen(look.TEXT_SOFT)
        painter.drawText(QRectF(LABEL_PX + 30, 4, 160, 30), _LEFT, "median")
        painter.drawText(QRectF(LABEL_PX + 220, 4, 240, 30), _LEFT, "90th percentile")


_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
