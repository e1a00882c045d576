"""The words and the one small page a phone sees for a call: room and kind only, never a patient.

Staff open it on a phone in a pocket, often one-handed and in a hurry, so it is one column of big
type with a single big button, dark when the phone is set dark (night shifts), and it works with no
JavaScript at all (the CSP forbids scripts).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape

from kiosk.paging.answers import CallView, Refusal
from kiosk.wire.protocol import CallKind, StationState

KIND_WORDS = {CallKind.NOW: "Help now", CallKind.CHECK: "Check on me", CallKind.TEST: "Test call"}

REFUSAL_WORDS = {
    Refusal.UNKNOWN: (
        "This link does not work",
        "Ask at the desk, or open the newest message about this call.",
    ),
    Refusal.ENDED: ("This call is over", "Nothing more to do from this phone."),
    Refusal.USED: ("This link was already used", "Open the newest message about this call."),
}

STYLE = """
:root { color-scheme: light dark; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f1ec; color: #1a1d21;
  font: 400 1.25rem/1.4 system-ui, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 32rem; margin: 0 auto; padding: 1.5rem 1.25rem 2rem; }
.kind { display: inline-block; margin: 0; padding: .3rem .9rem; border-radius: 999px;
  font-weight: 700; font-size: 1.1rem; background: #dfe6ee; color: #1d3b5a; }
.kind.now { background: #b3261e; color: #fff; }
h1 { margin: .6rem 0 .2rem; font-size: 2.6rem; line-height: 1.1; }
.waited { margin: 0 0 1.5rem; font-size: 1.35rem; color: #3d444c; font-variant-numeric: tabular-nums; }
form { margin: 0 0 1rem; }
button, .desk { display: flex; align-items: center; justify-content: center; width: 100%;
  min-height: 4.5rem; border-radius: .9rem; font: inherit; font-weight: 700; text-decoration: none; }
button { border: 0; background: #17324d; color: #fff; font-size: 1.6rem; }
button:active { background: #0d2236; }
.desk { border: 2px solid #17324d; color: #17324d; background: #fff; font-size: 1.3rem; min-height: 3.75rem; }
.status { margin: 0 0 1rem; padding: 1.1rem 1.2rem; border-radius: .9rem; background: #fff;
  border-left: .5rem solid #5c6670; }
.status.yours { border-left-color: #1e6b43; }
.status h2 { margin: 0 0 .3rem; font-size: 1.6rem; line-height: 1.2; }
.status p { margin: 0; }
.refresh { display: inline-block; margin-top: 1.5rem; padding: .6rem 0; min-height: 2.75rem;
  color: #17324d; font-weight: 600; }
@media (prefers-color-scheme: dark) {
  body { background: #15191e; color: #eef0f2; }
  .kind { background: #2a3a4c; color: #dce8f5; }
  .waited { color: #b9c0c8; }
  button { background: #d9e6f2; color: #10202f; }
  button:active { background: #b8cde0; }
  .desk { background: transparent; border-color: #d9e6f2; color: #d9e6f2; }
  .status { background: #222a33; border-left-color: #8b96a1; }
  .status.yours { border-left-color: #4fb37c; }
  .refresh { color: #d9e6f2; }
}
"""

CSP = (
    "default-src 'none'; "
    f"style-src 'sha256-{base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()}'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Status:
    """Where a call stands, in the words a nurse reads on the page and in a push's reply."""

    heading: str
    detail: str
    yours: bool = False


def minutes(seconds: float) -> str:
    """m:ss, as a nurse reads a wait at a glance (65:00 past an hour, never a negative time)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def is_open(view: CallView) -> bool:
    """Whether "On my way" is still worth offering: nobody has taken the call yet."""
    return view.state is StationState.RECEIVED and view.taken_by is None


def status(view: CallView) -> Status | None:
    """What has happened to an answered or finished call; None while it is open."""
    room = view.room_label
    if view.state is StationState.DONE:
        return Status("This call is over", f"{room} needs nothing more.")
    if view.state is StationState.HERE:
        return Status(f"A nurse is with {room}", "Nobody else needs to go.")
    if view.yours:
        return Status("You have it", f"{room} sees that a nurse is on the way.", yours=True)
    if view.taken_by is not None:
        return Status(f"Taken by {view.taken_by}", f"{room} sees that a nurse is on the way.")
    if view.state is StationState.ON_WAY:
        return Status("A nurse is on the way", f"{room} sees that a nurse is on the way.")
    return None


def reply_text(view: CallView) -> str:
    """The one line an ntfy action button gets back, shown on the phone after a press."""
    if view.yours:
        return f"On the way: {view.room_label}"
    now = status(view)
    return f"{now.heading}: {view.room_label}" if now else f"Not taken yet: {view.room_label}"


def refusal_text(refusal: Refusal) -> str:
    heading, _ = REFUSAL_WORDS[refusal]
    return f"{heading}."


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def call_page(view: CallView, token: str) -> str:
    """The page for one call; its form posts to the action beside it (a path relative to the page)."""
    kind = KIND_WORDS[view.kind]
    room = escape(view.room_label)
    now = status(view)
    waited = minutes(view.waited_s)
    parts = [
        f'<p class="kind{" now" if view.kind is CallKind.NOW else ""}">{escape(kind)}</p>',
        f"<h1>{room}</h1>",
        f'<p class="waited">{"Waiting" if now is None else "Called"} {waited}{"" if now is None else " ago"}</p>',
    ]
    if now is None:
        parts.append(
            f'<form method="post" action="{escape(token)}/on-my-way"><button type="submit">On my way</button></form>'
        )
    else:
        parts.append(
            f'<div class="status{" yours" if now.yours else ""}"><h2>{escape(now.heading)}</h2>'
            f"<p>{escape(now.detail)}</p></div>"
        )
    if view.desk_phone:
        parts.append(f'<a class="desk" href="tel:{escape(view.desk_phone)}">Call the desk</a>')
    parts.append(f'<a class="refresh" href="{escape(token)}">Refresh</a>')
    return _document(f"{kind} · {view.room_label}", "".join(parts))


def refusal_page(refusal: Refusal) -> str:
    heading, detail = REFUSAL_WORDS[refusal]
    return _document(heading, f'<div class="status"><h2>{escape(heading)}</h2><p>{escape(detail)}</p></div>')
