"""The console put together: station core, ring, escalation and window, started and stopped as one.

`lantern console` and the tests build the same object, so what is tested is what runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from kiosk.config.deployment import Deployment
from kiosk.console.alarm import Alarm
from kiosk.console.bridge import Problems, StationBridge
from kiosk.console.paging import Paging
from kiosk.console.sound import SOUNDS_DIR, shared_player
from kiosk.console.speaker import SoundWarning, SpeakerWatch
from kiosk.console.window import ConsoleWindow
from kiosk.station.consoles import no_pager_words
from kiosk.station.core import StationCore, StationSnapshot
from kiosk.station.ringing import Fault


class Console:
    """Needs a core with an alarm gate (`console_core`): a console that rings is what receipts mean."""

    def __init__(
        self,
        deployment: Deployment,
        core: StationCore,
        *,
        sounds: Path = SOUNDS_DIR,
        content_editor: QWidget | None = None,
    ) -> None:
        """`content_editor`: the Content tab (`lantern console` gives it; tests of the rings need none)."""
        assert core.alarm is not None, "a console's core must have an alarm gate"
        self.core = core
        self.problems = Problems()
        self.bridge = StationBridge(core)
        self.player = shared_player(sounds)
        self.player.set_volume(deployment.station.volume_percent)
        self.speaker = SpeakerWatch()
        self.alarm = Alarm(
            deployment.station.ring_repeat_seconds,
            self.player,
            core.alarm,
            {room.id: room.label for room in deployment.station.rooms},
            deployment.station.fault_repeat_seconds,
            deployment.station.on_way_reminder_seconds,
        )
        self.paging = Paging(deployment, core)
        self.window = ConsoleWindow(
            deployment.station,
            self.bridge,
            self.alarm,
            self.speaker,
            self.problems,
            where=f"Site {deployment.site} · station {core.station_id}",
        )
        if content_editor is not None:
            self.window.tabs.addTab(content_editor, "Content")
        self.bridge.changed.connect(self._changed)
        self.paging.problem_changed.connect(self._phones_problem)
        self.player.problem_changed.connect(self._sound_problem)
        self.speaker.changed.connect(self._speaker_problem)
        self._phones_problem(self.paging.problem)
        self._site_pages = bool(deployment.phones and deployment.escalation)
        self._sound_problem(self.player.problem)

    def start(self) -> None:
        self.core.start()
        self.paging.start()
        self.speaker.start()
        self._changed(self.bridge.snapshot)

    def close(self) -> None:
        """Stop the core early, so no snapshot arrives for a window that is going away; the pages
        already going out finish first, while the core can still tell the other consoles."""
        self.bridge.close()
        self.paging.close()
        self.core.stop()
        self.alarm.stop()
        self.player.problem_changed.disconnect(self._sound_problem)
        self.player.drop_queued()
        self.speaker.close()
        self.window.confirm_close = False
        self.window.close()

    def _phones_problem(self, text: str | None) -> None:
        self.problems.set("phones", text)
        self.alarm.set_faults([Fault("phones", text)] if text else [])

    def _sound_problem(self, text: str | None) -> None:
        self.problems.set("sound", text)

    def _speaker_problem(self, warning: SoundWarning | None) -> None:
        self.problems.set("speaker", warning.banner if warning else None)

    def _changed(self, snapshot: StationSnapshot) -> None:
        self.problems.set("station", snapshot.staff_problem)
        self.problems.set("paging", no_pager_words(snapshot) if self._site_pages else None)
        self.alarm.update(snapshot)
        self.paging.update(snapshot)
