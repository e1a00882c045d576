"""Paging phones from a console: the pager, and the endpoint where phones answer, started and
stopped with the console; their problems arrive on the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.config.deployment import Deployment
from kiosk.paging.answer_desk import AnswerDesk
from kiosk.paging.ledger import PageLedger
from kiosk.paging.pager import PhonePager
from kiosk.paging.web import AnswerServer
from kiosk.station.core import StationCore, StationSnapshot

log = logging.getLogger(__name__)


class Paging(QObject):
    problem_changed = Signal(object)
    _problem = Signal(object)

    def __init__(self, deployment: Deployment, core: StationCore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problem.connect(self._pager_problem, Qt.ConnectionType.QueuedConnection)
        folder = core.call_log_path.parent
        self.ledger = PageLedger(folder / f"pages-{deployment.site}-{core.station_id}.sqlite3")
        self.pager = PhonePager(deployment, self.ledger, core, self._problem.emit)
        answers = deployment.answers
        self._listen = answers.listen if answers else ""
        self.server = (
            AnswerServer(
                answers.listen,
                AnswerDesk(
                    self.ledger, core, deployment.station.rooms, deployment.phones, answers.desk_phone
                ),
                trusted_proxy=answers.trusted_proxy,
            )
            if answers is not None
            else None
        )

        self._listen_problem: str | None = None

    @property
    def problem(self) -> str | None:
        return " ".join(filter(None, (self.pager.problem, self._listen_problem))) or None

    def start(self) -> None:
        """A port that cannot be had is told to staff; the console and its pages go on without answers."""
        self.pager.start()
        if self.server is None:
            return
        try:
            self.server.start()
        except OSError as error:
            self.server = None
            self._listen_problem = (
                f"Phones cannot answer their pages: this console cannot listen on {self._listen} "
                f"({error.strerror or error}). Free the port or change [answers] listen."
            )
            log.error("%s", self._listen_problem)
            self.problem_changed.emit(self.problem)

    def _pager_problem(self, _words: str | None) -> None:
        self.problem_changed.emit(self.problem)

    def update(self, snapshot: StationSnapshot) -> None:
        self.pager.update(snapshot)

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
        self.pager.stop()
