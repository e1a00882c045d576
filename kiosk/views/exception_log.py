"""Keep the screen calm whatever goes wrong: every exception and Qt warning goes to the log for staff.

A Python exception in a slot or a QML warning must never reach the patient as a dialog, a blank
window or a crash; the staff menu shows the latest ones.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("lantern")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class StaffLogHandler(logging.Handler):
    """Hands every error-level record to a callback, which shows it in the staff menu."""

    def __init__(self, show: Callable[[str], None]) -> None:
        super().__init__(logging.ERROR)
        self._show = show

    def emit(self, record: logging.LogRecord) -> None:
        self._show(f"{record.name}: {record.getMessage()}")


def install() -> None:
    """Route uncaught exceptions (any thread) and Qt's messages into logging."""
    sys.excepthook = _log_exception
    threading.excepthook = _log_thread_exception
    qInstallMessageHandler(_log_qt_message)


def _log_exception(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    log.error("Unexpected error; the kiosk keeps running", exc_info=(kind, error, trace))


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _log_exception(args.exc_type, args.exc_value, args.exc_traceback)


def _log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.file}:{context.line})" if context.file else ""
    logging.getLogger(f"qt.{context.category or 'default'}").log(
        _QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where
    )
