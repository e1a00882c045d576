"""Whether this console can be heard: an audio device, not muted, not turned right down.

Qt says which device the sounds go to (QMediaDevices) but not whether the PC muted it or turned it
down, and it misses a device that vanishes; PulseAudio (and PipeWire's pulse server) says all of
that through `pactl`. Every `pactl` runs as a QProcess, so a stuck sound server never holds up the
GUI thread: `pactl subscribe` says when a sink changed, `pactl list sinks` then how it is now.
Without pactl the console knows only whether Qt sees a device.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal
from PySide6.QtMultimedia import QMediaDevices

log = logging.getLogger(__name__)

QUIET_BELOW_PERCENT = 20
ASK_TIMEOUT_MS = 5000
"""A `pactl list` that takes longer is killed: the sound server is stuck, and the next change asks again."""
RETRY_MS = 5000
"""How soon to listen again after `pactl subscribe` ended (a restarted sound server ends it)."""
_SINK_EVENT = re.compile(rb"'\w+' on (sink|server) #")
"""Not `sink-input`: the console's own sounds come and go as sink inputs."""


@dataclass(frozen=True)
class Output:
    """The default audio output; `muted` and `volume_percent` are None when nobody could tell."""

    present: bool
    muted: bool | None = None
    volume_percent: int | None = None


@dataclass(frozen=True)
class SoundWarning:
    """`footer` stands where "sound on" would; `banner` goes in the warning band."""

    footer: str
    banner: str


def sound_warning(output: Output) -> SoundWarning | None:
    """What staff must know about the sound, or None when the calls can be heard."""
    if not output.present:
        return SoundWarning(
            "NO SOUND: no audio device",
            "NO SOUND: this PC has no audio device. Calls show on screen but ring for nobody.",
        )
    if output.muted:
        return SoundWarning(
            "SOUND MUTED on this PC", "SOUND MUTED on this PC: unmute it, or calls ring for nobody."
        )
    volume = output.volume_percent
    if volume is not None and volume < QUIET_BELOW_PERCENT:
        return SoundWarning(
            f"sound quiet (volume {volume} %)",
            f"Sound quiet on this PC (volume {volume} %): turn it up, or calls may go unheard.",
        )
    return None


def pulse_output(listing: bytes, device: str) -> Output | None:
    """The sink named `device` (else the only one) in `pactl --format=json list sinks`; None when
    the listing does not say."""
    try:
        sinks = json.loads(listing)
        if not sinks:
            return Output(present=False)
        sink = next((sink for sink in sinks if sink["name"] == device), sinks[0] if len(sinks) == 1 else None)
        if sink is None:
            return None
        percents = [int(channel["value_percent"].rstrip("%")) for channel in sink["volume"].values()]
        return Output(present=True, muted=bool(sink["mute"]), volume_percent=max(percents))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("Could not read pactl's list of sinks: %r", listing[:200])
        return None


class SpeakerWatch(QObject):
    """`changed` carries the new SoundWarning (or None) each time it changes; `close()` ends pactl."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._ask)
        self._pulse: Output | None = None
        self._warning: SoundWarning | None = None
        self._again = False
        self._no_pactl = False
        self._listing = self._pactl("--format=json", "list", "sinks")
        self._listing.finished.connect(self._listed)
        self._events = self._pactl("subscribe")
        self._events.readyReadStandardOutput.connect(self._heard)
        self._deadline = QTimer(self, singleShot=True, interval=ASK_TIMEOUT_MS)
        self._deadline.timeout.connect(self._listing.kill)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.start)
        self._events.finished.connect(self._events_ended)

    @property
    def warning(self) -> SoundWarning | None:
        return self._warning

    def start(self) -> None:
        if not self._no_pactl:
            self._events.start()
        self._ask()

    def close(self) -> None:
        """Kill pactl and wait the moment it takes: a QProcess deleted while it runs is a Qt warning."""
        self._retry.stop()
        self._deadline.stop()
        for process in (self._events, self._listing):
            process.blockSignals(True)
            process.kill()
            process.waitForFinished(ASK_TIMEOUT_MS)

    def _pactl(self, *args: str) -> QProcess:
        process = QProcess(self)
        process.setProgram("pactl")
        process.setArguments(list(args))
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("LC_ALL", "C")  # pactl's numbers and words, whatever the PC's language
        process.setProcessEnvironment(environment)
        process.errorOccurred.connect(self._failed)
        return process

    def _ask(self) -> None:
        """List the sinks, once more after the running listing if one runs: it may predate the change."""
        self._update()
        if self._no_pactl:
            return
        if self._listing.state() is not QProcess.ProcessState.NotRunning:
            self._again = True
            return
        self._listing.start()
        self._deadline.start()

    def _heard(self) -> None:
        if _SINK_EVENT.search(self._events.readAllStandardOutput().data()):
            self._ask()

    def _events_ended(self) -> None:
        log.info("pactl subscribe ended; listening again in %d s", RETRY_MS // 1000)
        self._retry.start()

    def _listed(self, code: int, status: QProcess.ExitStatus) -> None:
        self._deadline.stop()
        listing = bytes(self._listing.readAllStandardOutput().data())
        normal = status is QProcess.ExitStatus.NormalExit and code == 0
        self._pulse = pulse_output(listing, _device_id()) if normal else None
        if self._again:
            self._again = False
            self._ask()
        else:
            self._update()

    def _failed(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart and not self._no_pactl:
            self._no_pactl = True
            log.warning("pactl is not installed: the console cannot tell whether the PC's sound is muted")

    def _update(self) -> None:
        present = not QMediaDevices.defaultAudioOutput().isNull()
        pulse = self._pulse
        if pulse is not None:
            output = Output(present and pulse.present, pulse.muted, pulse.volume_percent)
        else:
            output = Output(present)
        warning = sound_warning(output)
        if warning != self._warning:
            self._warning = warning
            if warning is not None:
                log.warning("%s", warning.banner)
            self.changed.emit(warning)


def _device_id() -> str:
    """The sink Qt plays to: PulseAudio's (or PipeWire's) name for it."""
    return bytes(QMediaDevices.defaultAudioOutput().id().data()).decode(errors="replace")
