"""A paging console without its window: a station core that rings (a ThreadAlarm), its pager and
its answer desk, as `Console` puts them together, for tests of the wire and the phones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config.deployment import (
    AnswerSettings,
    Deployment,
    EscalationTier,
    PhoneTarget,
    RoomConfig,
    StationSettings,
)
from kiosk.paging.answer_desk import AnswerDesk
from kiosk.paging.ledger import PageLedger
from kiosk.paging.pager import PhonePager
from kiosk.station.core import StationCore, console_core
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.timing import Timing
from tests.helpcall.support import FAST, Recorder, ThreadAlarm

ROOMS = tuple(RoomConfig(id=str(n), label=f"Recovery {n}") for n in range(1, 9))


def deployment(
    site: str,
    station_id: str,
    phones: tuple[PhoneTarget, ...],
    tiers: tuple[EscalationTier, ...],
    *,
    stations: tuple[str, ...] = (),
    answers: AnswerSettings | None = None,
) -> Deployment:
    return Deployment(
        site=site,
        stations=stations,
        station=StationSettings(id=station_id, rooms=ROOMS),
        phones=phones,
        escalation=tiers,
        answers=answers,
    )


@dataclass
class PagingStation:
    core: StationCore
    pager: PhonePager
    desk: AnswerDesk
    problems: Recorder[str | None]
    alarm: ThreadAlarm

    @classmethod
    def start(
        cls,
        settings: Deployment,
        data_dir: Path,
        broker: BrokerUrl,
        timing: Timing = FAST,
        ledger_dir: Path | None = None,
    ) -> PagingStation:
        """`ledger_dir`: where the pager's record lives, when not beside the call log (a disk to freeze)."""
        core = console_core(settings, data_dir, broker, timing=timing)
        ledger = PageLedger((ledger_dir or data_dir) / "pages.sqlite3")
        problems: Recorder[str | None] = Recorder()
        pager = PhonePager(settings, ledger, core, problems)
        desk_phone = settings.answers.desk_phone if settings.answers else None
        desk = AnswerDesk(ledger, core, settings.station.rooms, settings.phones, desk_phone)
        core.add_listener(pager.update)
        pager.start()
        core.start()
        return cls(core, pager, desk, problems, ThreadAlarm(core))

    def stop(self) -> None:
        self.alarm.stop()
        self.pager.stop()
        self.core.stop()
