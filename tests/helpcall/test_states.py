"""The patient's state is a pure function of the facts; never "received" without the station's receipt."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from kiosk.helpcall.states import (
    STORE_GRACE_S,
    CallRecord,
    Link,
    PatientCallState,
    became_urgent,
    current_call,
    patient_state,
    state_deadline,
)
from kiosk.wire.protocol import CallKind, StationState

UP = Link(broker_connected=True, station_online=True)
TIMEOUT = 10.0
LINGER = 5.0


def call(**changes: object) -> CallRecord:
    fields: dict[str, object] = {
        "id": "a",
        "room": "12",
        "kind": CallKind.CHECK,
        "pressed_at": 100.0,
        "changed_at": 100.0,
        "pressed_mono": 100.0,
    }
    fields.update(changes)
    return CallRecord(**fields)  # type: ignore[arg-type]


def state(record: CallRecord | None, now: float = 101.0, link: Link = UP) -> PatientCallState:
    return patient_state(record, now, link, receipt_timeout_s=TIMEOUT, done_linger_s=LINGER)


def test_no_call_is_idle() -> None:
    assert state(None) is PatientCallState.IDLE


def test_a_stored_call_on_a_good_link_is_calling_until_the_timeout() -> None:
    assert state(call(), now=109.9) is PatientCallState.CALLING
    assert state(call(), now=110.0) is PatientCallState.UNREACHABLE


def test_no_hope_means_unreachable_at_once() -> None:
    assert (
        state(call(), link=Link(broker_connected=False, station_online=True)) is PatientCallState.UNREACHABLE
    )
    assert (
        state(call(), link=Link(broker_connected=True, station_online=False)) is PatientCallState.UNREACHABLE
    )
    assert state(call(committed=False)) is PatientCallState.UNREACHABLE


def test_the_station_decides_received_and_on_way_even_late_and_offline() -> None:
    down = Link(broker_connected=False, station_online=False)
    assert state(call(station_state=StationState.RECEIVED), now=500.0, link=down) is PatientCallState.RECEIVED
    assert state(call(station_state=StationState.ON_WAY, committed=False)) is PatientCallState.ON_WAY


def test_done_shows_for_a_while_then_calm() -> None:
    done = call(station_state=StationState.DONE, changed_at=200.0, finished_mono=200.0)
    assert state(done, now=204.9) is PatientCallState.DONE
    assert state(done, now=205.0) is PatientCallState.IDLE
    cleared = call(cleared_at=300.0, finished_mono=300.0)
    assert state(cleared, now=301.0) is PatientCallState.DONE


def test_the_screen_follows_the_newest_open_call() -> None:
    older = call(id="old", seq=1, station_state=StationState.RECEIVED)
    newer = call(id="new", seq=2)
    finished = call(id="done", seq=3, station_state=StationState.DONE, changed_at=201.0, finished_mono=201.0)
    assert current_call([older, newer, finished], 202.0, LINGER) == newer
    assert current_call([finished], 202.0, LINGER) == finished
    assert current_call([finished], 300.0, LINGER) is None


def test_deadlines_are_when_time_alone_changes_the_state() -> None:
    assert state_deadline(call(), receipt_timeout_s=TIMEOUT, done_linger_s=LINGER) == 110.0
    received = call(station_state=StationState.RECEIVED)
    assert state_deadline(received, receipt_timeout_s=TIMEOUT, done_linger_s=LINGER) is None
    done = call(station_state=StationState.DONE, changed_at=200.0, finished_mono=200.0)
    assert state_deadline(done, receipt_timeout_s=TIMEOUT, done_linger_s=LINGER) == 205.0


def test_the_most_urgent_open_call_is_shown_whatever_the_order_or_the_clock() -> None:
    """An unanswered "help now" is shown over a later "check on me" that was received (the wall
    clock said otherwise once: it had been stepped back)."""
    now_call = call(id="now", kind=CallKind.NOW, seq=1, pressed_at=5000.0)
    check = call(
        id="check", kind=CallKind.CHECK, seq=2, pressed_at=100.0, station_state=StationState.RECEIVED
    )
    assert current_call([now_call, check], 101.0, LINGER) == now_call
    received_now = call(id="now2", kind=CallKind.NOW, seq=3, station_state=StationState.RECEIVED)
    waiting_now = call(id="now3", kind=CallKind.NOW, seq=4)
    assert current_call([waiting_now, received_now], 101.0, LINGER) == waiting_now
    assert current_call([check, call(id="check2", seq=5)], 101.0, LINGER).id == "check2"


def test_a_now_pressed_while_a_check_is_open_says_it_became_urgent() -> None:
    check = call(id="check", kind=CallKind.CHECK, seq=1, station_state=StationState.RECEIVED)
    now_call = call(id="now", kind=CallKind.NOW, seq=2)
    assert became_urgent(now_call, [check, now_call])
    assert not became_urgent(check, [check, now_call])
    assert not became_urgent(now_call, [now_call])
    assert not became_urgent(now_call, [replace(check, station_state=StationState.DONE), now_call])


def test_a_press_the_disk_has_not_taken_is_hopeful_only_for_a_few_seconds() -> None:
    pending = call(committed=None)
    assert state(pending, now=100.0 + STORE_GRACE_S - 0.1) is PatientCallState.CALLING
    assert state(pending, now=100.0 + STORE_GRACE_S) is PatientCallState.UNREACHABLE
    assert state_deadline(pending, receipt_timeout_s=TIMEOUT, done_linger_s=LINGER) == 100.0 + STORE_GRACE_S
    assert (
        state(replace(pending, station_state=StationState.RECEIVED), now=500.0) is PatientCallState.RECEIVED
    )


@given(
    station_state=st.sampled_from([None, *StationState]),
    committed=st.booleans(),
    connected=st.booleans(),
    online=st.booleans(),
    age=st.floats(min_value=-5, max_value=1e6),
)
def test_never_a_false_notified(
    station_state: StationState | None, committed: bool, connected: bool, online: bool, age: float
) -> None:
    record = call(station_state=station_state, committed=committed)
    shown = state(record, now=100.0 + age, link=Link(connected, online))
    if station_state is None:
        assert shown in {PatientCallState.CALLING, PatientCallState.UNREACHABLE}
    if shown is PatientCallState.CALLING:
        assert committed and connected and online and age < TIMEOUT
