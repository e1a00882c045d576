"""The phone's endpoint over real HTTP on loopback, as an ntfy button, a browser and a guesser would use it."""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass

import pytest

from kiosk.paging.page import minutes
from kiosk.paging.throttle import RefusalThrottle
from kiosk.paging.web import AnswerServer

from .stand_in import OneCall

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    text: str


def ask(
    server: AnswerServer,
    method: str,
    path: str,
    accept: str = "*/*",
    body: bytes = b"",
    source: str = "127.0.0.1",
) -> Reply:
    """One request, redirects not followed, from `source` (another loopback address is another client)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={"Accept": accept})
        response = connection.getresponse()
        return Reply(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        )
    finally:
        connection.close()


def page(token: str) -> str:
    return f"/c/{token}"


def action(token: str) -> str:
    return f"/c/{token}/on-my-way"


def test_opening_the_link_shows_the_call_and_never_answers_it(server: AnswerServer, call: OneCall) -> None:
    """SMS apps and chat previews fetch links by themselves: a GET must never take the call."""
    for _ in range(3):
        shown = ask(server, "GET", page(call.token("Phone A")), accept=BROWSER)
        assert shown.status == 200
        assert shown.headers["content-type"] == "text/html; charset=utf-8"

    assert call.taken_by is None and not call.answered
    assert "<h1>Recovery 3</h1>" in shown.text
    assert "Help now" in shown.text and "Waiting 1:05" in shown.text
    assert '<button type="submit">On my way</button>' in shown.text


def test_the_ntfy_button_answers_once_and_a_replay_is_refused(server: AnswerServer, call: OneCall) -> None:
    token = call.token("Phone A")

    first = ask(server, "POST", action(token))
    replay = ask(server, "POST", action(token))

    assert (first.status, first.text) == (200, "On the way: Recovery 3")
    assert first.headers["content-type"] == "text/plain; charset=utf-8"
    assert call.taken_by == "Phone A"
    assert (replay.status, replay.text) == (409, "This link was already used.")


def test_the_second_phone_hears_who_took_it(server: AnswerServer, call: OneCall) -> None:
    ask(server, "POST", action(call.token("Phone A")))

    second = ask(server, "POST", action(call.token("Phone B")))
    seen = ask(server, "GET", page(call.token("Phone B")), accept=BROWSER)

    assert (second.status, second.text) == (409, "Taken by Phone A: Recovery 3")
    assert call.taken_by == "Phone A"
    assert "Taken by Phone A" in seen.text and "On my way</button>" not in seen.text


def test_a_browser_form_is_sent_back_to_the_page_which_says_it_is_yours(
    server: AnswerServer, call: OneCall
) -> None:
    token = call.token("Phone A")

    pressed = ask(server, "POST", action(token), accept=BROWSER)
    shown = ask(server, "GET", pressed.headers["location"], accept=BROWSER)

    assert pressed.status == 303 and pressed.headers["location"] == page(token)
    assert call.taken_by == "Phone A"
    assert "You have it" in shown.text and "Recovery 3 sees that a nurse is on the way." in shown.text
    assert "On my way</button>" not in shown.text


def test_an_unknown_token_is_404_and_an_ended_call_410(server: AnswerServer, call: OneCall) -> None:
    forged = "A" * 22

    assert ask(server, "GET", page(forged)).status == 404
    assert (ask(server, "POST", action(forged)).status, ask(server, "POST", action(forged)).text) == (
        404,
        "This link does not work.",
    )
    call.ended = True
    over = ask(server, "GET", page(call.token("Phone A")), accept=BROWSER)
    pressed = ask(server, "POST", action(call.token("Phone A")))
    assert over.status == 410 and "This call is over" in over.text
    assert (pressed.status, pressed.text) == (410, "This call is over.")
    assert call.taken_by is None


@pytest.mark.parametrize(
    "token",
    [
        "short",
        "A" * 19,
        "A" * 65,
        "A" * 21 + ".",
        "A" * 21 + "%3Cscript%3E",
        "A" * 21 + "%0D%0ASet-Cookie:x",
        "A" * 21 + "==",
    ],
)
def test_a_token_of_the_wrong_shape_never_reaches_the_paging_core(
    server: AnswerServer, call: OneCall, token: str
) -> None:
    assert ask(server, "GET", page(token)).status == 404
    assert ask(server, "POST", action(token), accept=BROWSER).status == 404
    assert call.asked == []


def test_guessing_is_stopped_after_20_unknown_tokens_a_minute_even_for_a_right_one(
    server: AnswerServer, call: OneCall
) -> None:
    statuses = [ask(server, "GET", page(f"guess{n:017d}")).status for n in range(21)]
    asked_before = len(call.asked)

    right = ask(server, "POST", action(call.token("Phone A")))
    elsewhere = ask(server, "GET", page(call.token("Phone B")), source="127.0.0.2")

    assert statuses == [404] * 21
    assert right.status == 429 and 0 < int(right.headers["retry-after"]) <= 60
    assert len(call.asked) == asked_before + 1 and call.taken_by is None
    assert elsewhere.status == 200


def test_a_nurse_reopening_a_finished_call_is_never_locked_out(server: AnswerServer, call: OneCall) -> None:
    call.ended = True

    statuses = {ask(server, "GET", page(call.token("Phone A"))).status for _ in range(30)}

    assert statuses == {410}


def test_the_budget_comes_back_after_a_minute() -> None:
    now = [0.0]
    throttle = RefusalThrottle(limit=2, window_s=60.0, clock=lambda: now[0])

    over = [throttle.refused("phone") for _ in range(3)]
    blocked = throttle.wait_s("phone")
    now[0] = 60.5

    assert over == [False, False, True]
    assert blocked == 60
    assert throttle.wait_s("phone") == 0 and throttle.wait_s("another") == 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/c/{a}", 200),
        ("POST", "/c/{a}/on-my-way", 200),
        ("GET", "/c/{a}/on-my-way", 405),
        ("POST", "/c/{a}", 405),
        ("PUT", "/c/{a}/on-my-way", 405),
        ("GET", "/", 404),
        ("GET", "/c/", 404),
        ("GET", "/c/{a}/other", 404),
        ("GET", "/c/" + "A" * 22, 404),
    ],
)
def test_every_answer_carries_the_safety_headers(
    server: AnswerServer, call: OneCall, method: str, path: str, status: int
) -> None:
    reply = ask(server, method, path.format(a=call.token("Phone A")))

    assert reply.status == status
    assert reply.headers["cache-control"] == "no-store"
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert reply.headers["x-content-type-options"] == "nosniff"
    csp = reply.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert call.taken_by == ("Phone A" if method == "POST" and status == 200 else None)


def test_names_and_labels_are_escaped(server: AnswerServer, call: OneCall) -> None:
    call.room_label = '<img src=x onerror="alert(1)"> & Co'
    call.desk_phone = '+1"><script>'
    call.taken_by = "<b>Phone A</b>"

    shown = ask(server, "GET", page(call.token("Phone B"))).text

    assert "<img" not in shown and "<script>" not in shown and "<b>" not in shown
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co" in shown
    assert 'href="tel:+1&quot;&gt;&lt;script&gt;"' in shown


def test_the_desk_link_only_for_phones_allowed_it(server: AnswerServer, call: OneCall) -> None:
    assert "Call the desk" not in ask(server, "GET", page(call.token("Phone A"))).text

    call.desk_phone = "+15550100"

    assert (
        '<a class="desk" href="tel:+15550100">Call the desk</a>'
        in ask(server, "GET", page(call.token("Phone A"))).text
    )


def test_a_large_body_is_refused_before_the_paging_core(server: AnswerServer, call: OneCall) -> None:
    reply = ask(server, "POST", action(call.token("Phone A")), body=b"x" * 100_000)

    assert reply.status == 413
    assert call.asked == []


def test_a_failing_paging_core_gives_words_to_act_on(server: AnswerServer, call: OneCall) -> None:
    def broken(token: str) -> None:
        raise OSError("disk I/O error")

    call.view = broken  # type: ignore[method-assign,assignment]

    reply = ask(server, "GET", page(call.token("Phone A")))

    assert (reply.status, reply.text) == (503, "The station could not answer. Call the desk.")


def test_stop_returns_at_once_with_a_phone_still_connected(call: OneCall) -> None:
    running = AnswerServer("127.0.0.1:0", call)
    running.start()
    port = running.port
    idle = socket.create_connection(("127.0.0.1", port))

    started = time.monotonic()
    running.stop()
    took = time.monotonic() - started

    idle.close()
    assert took < 0.5
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (5.9, "0:05"), (65, "1:05"), (3600, "60:00"), (-3, "0:00")]
)
def test_waiting_time_reads_as_minutes_and_seconds(seconds: float, shown: str) -> None:
    assert minutes(seconds) == shown


def test_behind_a_trusted_proxy_each_phone_keeps_its_own_budget(call: OneCall) -> None:
    """Only the named proxy's X-Forwarded-For is believed: a phone cannot claim another address."""
    running = AnswerServer("127.0.0.1:0", call, trusted_proxy="127.0.0.1")
    running.start()
    try:

        def get(token: str, forwarded_for: str, source: str = "127.0.0.1") -> int:
            connection = http.client.HTTPConnection(
                "127.0.0.1", running.port, timeout=5, source_address=(source, 0)
            )
            try:
                connection.request("GET", page(token), headers={"X-Forwarded-For": forwarded_for})
                return connection.getresponse().status
            finally:
                connection.close()

        guesses = {get(f"guess{n:017d}", "10.9.9.1", source="127.0.0.1") for n in range(21)}
        spoofed = {get(f"guess{n:017d}", f"10.9.9.{n}", source="127.0.0.2") for n in range(21)}

        assert guesses == {404} and spoofed == {404}
        assert get(call.token("Phone A"), "10.9.9.1") == 429
        assert get(call.token("Phone A"), "10.9.9.2") == 200
        assert get(call.token("Phone A"), "10.9.9.3", source="127.0.0.2") == 429
    finally:
        running.stop()
