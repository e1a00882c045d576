"""The station's small HTTP endpoint that staff phones call: a call's page, and its "On my way".

`GET /c/<token>` only looks (SMS apps and chat previews fetch links on their own), and
`POST /c/<token>/on-my-way` acts. An ntfy action button posts there and wants one line of text
back; a browser's form wants the page again (post/redirect/get). Served by waitress, whose fixed
pool of threads bounds what a flood of requests can cost the station.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from waitress import wasyncore
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server
from waitress.trigger import trigger

from kiosk.paging import page
from kiosk.paging.answers import CallView, PhoneAnswers, Refusal
from kiosk.paging.throttle import RefusalThrottle

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
"""What the paging core's tokens look like (URL-safe base64); nothing else reaches it."""

ROUTE = re.compile(r"/c/(?P<token>[^/]*)(?P<action>/on-my-way)?")

HEADERS = [
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("Content-Security-Policy", page.CSP),
    ("X-Content-Type-Options", "nosniff"),
]

STATUS_OF = {
    Refusal.UNKNOWN: "404 Not Found",
    Refusal.ENDED: "410 Gone",
    Refusal.USED: "409 Conflict",
}


def _respond(
    start_response: StartResponse,
    status: str,
    body: str,
    html: bool = False,
    extra: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    data = body.encode("utf-8")
    kind = "text/html" if html else "text/plain"
    start_response(
        status,
        [*HEADERS, ("Content-Type", f"{kind}; charset=utf-8"), ("Content-Length", str(len(data))), *extra],
    )
    return [data]


def _reply(start_response: StartResponse, result: CallView | Refusal, token: str, act: bool) -> list[bytes]:
    """One line of text for an ntfy button (its status says whether it worked), else the call's page."""
    if isinstance(result, Refusal):
        if act:
            return _respond(start_response, STATUS_OF[result], page.refusal_text(result))
        return _respond(start_response, STATUS_OF[result], page.refusal_page(result), html=True)
    if act:
        return _respond(start_response, "200 OK" if result.yours else "409 Conflict", page.reply_text(result))
    return _respond(start_response, "200 OK", page.call_page(result, token), html=True)


def answer_app(answers: PhoneAnswers, throttle: RefusalThrottle | None = None) -> WSGIApplication:
    """The endpoint as a WSGI app. `answers` is only ever handed tokens of the right shape, and is
    called from the server's worker threads, several at once: first answer wins must be atomic there."""
    refusals = throttle or RefusalThrottle()

    def ask(address: str, token: str, act: bool) -> CallView | Refusal:
        result: CallView | Refusal = Refusal.UNKNOWN
        if TOKEN.fullmatch(token):
            result = answers.on_my_way(token) if act else answers.view(token)
        if result is Refusal.UNKNOWN and refusals.refused(address):
            log.warning("phone answers: too many unknown links from %s; refusing it for a while", address)
        return result

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        route = ROUTE.fullmatch(environ.get("PATH_INFO", ""))
        if route is None:
            return _respond(start_response, "404 Not Found", "Not found.")
        token, act = route["token"], route["action"] is not None
        allowed = "POST" if act else "GET"
        if method != allowed:
            return _respond(
                start_response, "405 Method Not Allowed", "Not allowed.", extra=[("Allow", allowed)]
            )
        address = environ.get("REMOTE_ADDR", "")
        wait_s = refusals.wait_s(address)
        if wait_s:
            return _respond(
                start_response,
                "429 Too Many Requests",
                "Too many links that do not work from this phone. Try again in a minute.",
                extra=[("Retry-After", str(wait_s))],
            )
        try:
            result = ask(address, token, act)
        except Exception:
            log.exception("phone answers: the paging core failed to answer")
            return _respond(
                start_response, "503 Service Unavailable", "The station could not answer. Call the desk."
            )
        if act and TOKEN.fullmatch(token) and "text/html" in environ.get("HTTP_ACCEPT", ""):
            page_path = f"{environ.get('SCRIPT_NAME', '')}/c/{token}"
            return _respond(
                start_response, "303 See Other", "See the call's page.", extra=[("Location", page_path)]
            )
        return _reply(start_response, result, token, act)

    return app


class AnswerServer:
    """Serves `answer_app` with waitress on a thread of its own, on `listen` ("host:port"; port 0 picks one)."""

    def __init__(
        self, listen: str, answers: PhoneAnswers, threads: int = 4, trusted_proxy: str | None = None
    ) -> None:
        """`trusted_proxy`: the address of a TLS proxy in front, whose X-Forwarded-For alone is believed,
        so each phone keeps its own budget of unknown tokens instead of all sharing the proxy's."""
        self._listen = listen
        self._proxy = (
            {"trusted_proxy": trusted_proxy, "trusted_proxy_headers": {"x-forwarded-for"}}
            if trusted_proxy
            else {}
        )
        self._app = answer_app(answers)
        self._threads = threads
        self._map: dict[int, wasyncore.dispatcher] = {}
        self._server: BaseWSGIServer | MultiSocketServer | None = None
        self._running: tuple[threading.Thread, trigger] | None = None

    def start(self) -> None:
        """Binds now, so a port in use raises OSError here, where the caller can say so to staff."""
        self._server = create_server(
            self._app,
            map=self._map,
            listen=self._listen,
            threads=self._threads,
            connection_limit=64,
            channel_timeout=10,  # an idle socket is dropped soon: 64 held open would lock the phones out
            max_request_header_size=16 * 1024,
            max_request_body_size=4 * 1024,
            ident="lantern",
            **self._proxy,
        )
        thread = threading.Thread(target=self._server.run, name="phone-answers", daemon=True)
        self._running = (thread, trigger(self._map))
        thread.start()

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """Where it listens, as (host, port), with the port the system chose for port 0."""
        if isinstance(self._server, MultiSocketServer):
            return [(str(host), int(port)) for host, port in self._server.effective_listen]
        if isinstance(self._server, BaseWSGIServer):
            return [(str(self._server.effective_host), int(self._server.effective_port))]
        return []

    @property
    def port(self) -> int:
        return self.addresses[0][1]

    def stop(self) -> None:
        """Closes every socket from the server's own loop (woken at once), then ends its threads."""
        if self._server is None or self._running is None:
            return
        thread, waker = self._running
        waker.pull_trigger(lambda: wasyncore.close_all(self._map))
        thread.join(timeout=5)
        self._server.task_dispatcher.shutdown(timeout=5)
        self._server, self._running = None, None
