"""`lantern call`: send a real help call from a room through the real outbox and transport, for IT.

Exit status: 0 when the station's receipt arrived, 1 when none came within the timeout (the fallback
words are printed, as a patient would see them), 2 when no broker could be used at all.
"""

from __future__ import annotations

import argparse
import logging
import queue
import sys
import time
from datetime import datetime
from typing import TypeVar

from kiosk.config import arguments
from kiosk.config.broker_choice import configured_broker
from kiosk.config.deployment import DeploymentError, load_deployment
from kiosk.config.paths import data_dir
from kiosk.helpcall.states import REACHED_STATES, HelpCallSnapshot, PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.wire.broker import BrokerStartError, ensure_local_broker
from kiosk.wire.protocol import CallKind

T = TypeVar("T")

FALLBACK = "We could not reach the staff. Please call out for help."
_CONNECT_WAIT_S = 2.0
_WORDS = {
    PatientCallState.IDLE: "idle",
    PatientCallState.CALLING: "calling the nurse station …",
    PatientCallState.RECEIVED: "the nurse station has the call",
    PatientCallState.ON_WAY: "a nurse is on the way",
    PatientCallState.HERE: "a nurse is with the patient",
    PatientCallState.DONE: "done",
    PatientCallState.UNREACHABLE: "no answer from the nurse station yet; still sending",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_config(parser)
    arguments.add_id(parser, "--room", "room", required=True, words="room id, e.g. 12")
    parser.add_argument(
        "--kind", choices=[kind.value for kind in CallKind], default=CallKind.TEST.value, help="default: test"
    )
    arguments.add_broker(parser)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the receipt (10)")
    arguments.add_id(parser, "--site", "site", words="default: from --config, else clinic")


def run(args: argparse.Namespace) -> int:
    """The settings file like every other command; only the call asked for now is sent."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    folder = data_dir()
    try:
        deployment = load_deployment(args.config)
        broker = configured_broker(deployment, args.broker)
    except (DeploymentError, ValueError) as error:
        print(error, file=sys.stderr)
        print(FALLBACK)
        return 2
    if broker is None:
        try:
            broker = ensure_local_broker(folder).url
        except BrokerStartError as error:
            print(error, file=sys.stderr)
            print(FALLBACK)
            return 2
        _say(f"using the embedded broker at {broker}")
    tablet = TabletHelpCall(
        args.room,
        folder / "lantern-call",
        broker,
        site=args.site or deployment.site,
        receipt_timeout_s=args.timeout,
        as_kiosk=False,
        stations=frozenset(deployment.stations) or None,
    )
    snapshots: queue.Queue[HelpCallSnapshot] = queue.Queue()
    tablet.add_listener(snapshots.put)
    tablet.start()
    try:
        return _call(tablet, CallKind(args.kind), args.timeout, snapshots)
    finally:
        tablet.stop()


def _call(
    tablet: TabletHelpCall, kind: CallKind, timeout_s: float, snapshots: queue.Queue[HelpCallSnapshot]
) -> int:
    """Press once the link is up (or after a short wait), then report every state until the receipt."""
    ready_by = time.monotonic() + min(_CONNECT_WAIT_S, timeout_s)
    problem: str | None = None
    while not _ready(tablet.snapshot()) and time.monotonic() < ready_by:
        problem = _report_problem(_next(snapshots, ready_by) or tablet.snapshot(), problem)
    pressed = tablet.press(kind)
    _say(f"room {tablet.room} pressed '{kind}' (call {pressed.call_id})")
    deadline = time.monotonic() + timeout_s
    shown: PatientCallState | None = None
    snapshot: HelpCallSnapshot | None = pressed
    while snapshot is not None:
        if snapshot.call_id == pressed.call_id:
            problem = _report_problem(snapshot, problem)
            if snapshot.state is not shown:
                shown = snapshot.state
                _say(_WORDS[snapshot.state])
            if snapshot.state in REACHED_STATES:
                return 0
        snapshot = _next(snapshots, deadline)
    print(FALLBACK)
    print(f"The call is kept in {tablet.outbox_path}; `lantern call` sends only the call it makes now.")
    return 1


def _ready(snapshot: HelpCallSnapshot) -> bool:
    return snapshot.broker_connected and snapshot.station_online


def _next(snapshots: queue.Queue[HelpCallSnapshot], until: float) -> HelpCallSnapshot | None:
    try:
        return snapshots.get(timeout=max(until - time.monotonic(), 0.0))
    except queue.Empty:
        return None


def _report_problem(snapshot: HelpCallSnapshot, shown: str | None) -> str | None:
    if snapshot.staff_problem and snapshot.staff_problem != shown:
        _say(f"staff: {snapshot.staff_problem}")
    return snapshot.staff_problem


def _say(text: str) -> None:
    print(f"{datetime.now():%H:%M:%S.%f}"[:-3] + f"  {text}", flush=True)
