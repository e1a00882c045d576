#!/usr/bin/env python3
"""What a RabbitMQ cluster needs for Lantern, applied with rabbitmqctl (docs/deploy.md, section 7).

    lantern-rabbitmq.py cluster
        once per cluster: the `lantern` vhost and its policies (sessions expire, queues are bounded)
    lantern-rabbitmq.py site clinicA --rooms 11 12 13 --stations desk [--relays 11 12] [--passwords FILE]
        per site, again whenever a room or console is added: one user per device (and its -content
        login), and topic permissions that keep a tablet to its own room, the equivalent of
        deploy/mosquitto/lantern.acl; for each room in --relays, the tablet's relay login
        (clinicA-11-relay, with the tablet's password, as the kiosk logs in with it) and the relay
        device's own (clinicA-11-relay-device, which must also be the device's MQTT client id), tied
        to the device topic clinicA-11-relay
    lantern-rabbitmq.py head-office USER [--passwords FILE]
        a login that reads every site's presence, heartbeats and calls, and sends nothing but its own
        roll call (`lantern sites --watch-id USER`)

Safe to run again: it sets what is already there to the same. A new user gets a random password,
appended to --passwords (mode 0600) as "user password"; an existing user keeps its own. Standard
library only, so it runs on a broker node with no Lantern installed. Run as root on a node, or pass
--node and --rabbitmqctl.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

VHOST = "lantern"
EXCHANGE = "amq.topic"
ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
"""Sites, rooms and stations, as docs/protocol.md names them."""

DAY_MS = 24 * 60 * 60 * 1000
POLICIES = {
    # A session's QoS 0 queue lives only while its client is connected (RabbitMQ keeps none for an
    # offline session); it holds heartbeats a busy client has not read yet: the newest 1000 will do.
    "lantern-qos0": (
        r"^mqtt-subscription-.*qos0$",
        1,
        {"expires": DAY_MS, "max-length": 1000, "overflow": "drop-head"},
    ),
    # A session's QoS 1 queue holds calls and statuses (and, until heartbeats are subscribed at QoS 0,
    # heartbeats): bounded too, so a flooding tablet or an abandoned session cannot fill the nodes'
    # disks and a station that comes back replays at most 5000 old messages, not a night's worth.
    # Tablets re-send every call until a station's receipt comes back, so a dropped copy is sent again.
    "lantern-sessions": (
        r"^mqtt-subscription-",
        0,
        {"expires": DAY_MS, "max-length": 5000, "overflow": "drop-head"},
    ),
}


def topic(*parts: str) -> str:
    """An MQTT topic as RabbitMQ checks it: levels joined by '.', each escaped for a regex.

    '*' stands for MQTT's '+' in a subscription, which is what read permissions see."""
    return r"\.".join(
        r"\*" if part == "+" else part if part.startswith("(") else re.escape(part) for part in parts
    )


def anchored(*alternatives: str) -> str:
    return "^(" + "|".join(alternatives) + ")$"


def queues(*client_ids: str) -> str:
    """The session queues of these client ids (RabbitMQ names them mqtt-subscription-ID + qos0/qos1);
    a client given several nodes goes by ID.N on the node N of its list (kiosk/wire/transport.py)."""
    return anchored(*(rf"mqtt-subscription-{client_id}(\.[0-9]+)?qos[01]" for client_id in client_ids))


def resources(*client_ids: str) -> tuple[str, str, str]:
    """configure, write, read: its own session queues, and the topic exchange to publish and bind."""
    own = queues(*client_ids)
    with_exchange = own[:-2] + "|" + re.escape(EXCHANGE) + ")$"
    return own, with_exchange, with_exchange


class Rabbitmqctl:
    def __init__(self, command: str, node: str | None) -> None:
        self._base = [command, *(["-n", node] if node else [])]

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*self._base, *args], capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise SystemExit(f"rabbitmqctl {' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}")
        return done

    def users(self) -> set[str]:
        listed = self("list_users", "--formatter", "json", "--quiet")
        return {user["user"] for user in json.loads(listed.stdout or "[]")}


class Passwords:
    """New users' passwords, appended to a file only root reads. A `-content` login gets its device's
    password: Lantern logs in to both with the one password it is given (docs/deploy.md 3.2)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._made: dict[str, str] = {}

    def of(self, user: str) -> str | None:
        """A password this run made, or one the file holds."""
        if user in self._made:
            return self._made[user]
        lines = self._path.read_text().splitlines() if self._path and self._path.exists() else []
        return next((line.split()[1] for line in lines if line.split()[:1] == [user]), None)

    def new(self, user: str, password: str | None = None) -> str:
        device = user.removesuffix("-content")
        if password is None and device != user:
            password = self.of(device)
            if password is None:
                print(
                    f"{user}: set its password to {device}'s (rabbitmqctl change_password)", file=sys.stderr
                )
        password = password or secrets.token_hex(16)
        self._made[user] = password
        if self._path is None:
            print(f"{user} {password}")
        else:
            self._path.touch(mode=0o600, exist_ok=True)
            with self._path.open("a") as file:
                file.write(f"{user} {password}\n")
        return password


def grant(
    ctl: Rabbitmqctl,
    passwords: Passwords,
    known: set[str],
    user: str,
    client_ids: Sequence[str],
    write: str,
    read: str,
    password: str | None = None,
) -> None:
    if user not in known:
        ctl("add_user", user, passwords.new(user, password))
        known.add(user)
    ctl("set_permissions", "-p", VHOST, user, *resources(*client_ids))
    ctl("set_topic_permissions", "-p", VHOST, user, EXCHANGE, write, read)


def apply_cluster(ctl: Rabbitmqctl) -> None:
    ctl("add_vhost", VHOST, check=False)  # refused when it exists, which is fine
    ctl("list_vhosts")  # and now it must exist
    for name, (pattern, priority, definition) in POLICIES.items():
        ctl(
            "set_policy", "-p", VHOST, "--apply-to", "queues", "--priority", str(priority),
            name, pattern, json.dumps(definition),
        )  # fmt: skip
    ctl("clear_permissions", "-p", VHOST, "guest", check=False)
    print(f"vhost {VHOST}: policies {', '.join(POLICIES)} set")


RESERVED_SUFFIXES = ("-content", "-relay", "-device")
"""Login names add these to a room's; a room id ending in one would share another login's name."""


# Content on a cluster (docs/protocol.md, "Content"). RabbitMQ 3.x keeps a retained message on one
# node and gives none to a wildcard subscription, so tablets answer a station's content roll call and
# ask for a manifest or a file again on `content/room/<room>-content/ask`, and each console's content
# server (its own client id) answers them. Added to the -content logins' permissions below.
class ContentOnCluster:
    def __init__(self, site: str) -> None:
        self._root = ("lantern", "v1", site, "content")
        self._site = site

    def room_write(self, room: str) -> str:
        return topic(*self._root, "room", f"{room}-content", "ask")

    def room_read(self) -> str:
        return topic(*self._root, "station", "+", "rollcall")

    def station_client_id(self, station: str) -> str:
        return f"lantern-content-{self._site}-station-{station}-server"

    def station_read(self) -> str:
        return topic(*self._root, "room", "+", "ask")


def apply_site(
    ctl: Rabbitmqctl,
    passwords: Passwords,
    site: str,
    rooms: Sequence[str],
    stations: Sequence[str],
    relays: Sequence[str] = (),
) -> None:
    if clash := [room for room in rooms if room.endswith(RESERVED_SUFFIXES)]:
        raise SystemExit(f"room ids may not end in {', '.join(RESERVED_SUFFIXES)}: {', '.join(clash)}")
    if stray := sorted(set(relays) - set(rooms)):
        raise SystemExit(f"--relays names rooms that are not in --rooms: {', '.join(stray)}")
    root = ("lantern", "v1", site)
    known = ctl.users()
    content = ContentOnCluster(site)
    for room in rooms:
        grant(
            ctl, passwords, known, f"{site}-{room}",
            [f"lantern-tablet-{site}-{room}", rf"lantern-call-{site}-[0-9a-f]{{12}}"],
            write=anchored(
                topic(*root, "room", room, "(call|clear|here|presence|heartbeat|visit|checkin|rollcall)")
            ),
            read=anchored(
                topic(*root, "room", room, "(status|order)"),
                topic(*root, "station", "+", "(presence|heartbeat|rollcall)"),
                # a head-office view's roll call, which the tablet answers with its presence
                topic(*root, "watch", "+", "rollcall"),
            ),
        )  # fmt: skip
        grant(
            ctl, passwords, known, f"{site}-{room}-content",
            [f"lantern-content-{site}-room-{room}"],
            write=anchored(topic(*root, "content", "room", f"{room}-content"), content.room_write(room)),
            read=anchored(
                topic(*root, "content", "station", "+", "manifest"),
                topic(*root, "content", "station", "([^.]+)", "file", r"([^.]+|\*)", "(.+)"),
                content.room_read(),
            ),
        )  # fmt: skip
    for room in relays:
        apply_relay(ctl, passwords, known, site, room)
    for station in stations:
        grant(
            ctl, passwords, known, f"{site}-station-{station}",
            [f"lantern-station-{site}-{station}"],
            write=anchored(
                topic(*root, "room", "([^.]+)", "(status|order)"),
                # presence, heartbeat, logged, paged, rollcall
                topic(*root, "station", station, "([^.]+)"),
            ),
            read=anchored(
                topic(*root, "room", "([^.]+)", "([^.]+)"),
                topic(*root, "station", "([^.]+)", "([^.]+)"),
                topic(*root, "watch", "+", "rollcall"),
                # and which published content each room shows (the room tiles say so)
                topic(*root, "content", "room", "+"),
                topic(*root, "content", "station", "+", "manifest"),
            ),
        )  # fmt: skip
        grant(
            ctl, passwords, known, f"{site}-station-{station}-content",
            [f"lantern-content-{site}-station-{station}", content.station_client_id(station)],
            write=anchored(topic(*root, "content", "station", station, "(.+)")),
            read=anchored(
                topic(*root, "content", "station", station, "(.+)"),
                topic(*root, "content", "room", "+"),
                topic(*root, "room", "+", "presence"),
                content.station_read(),
            ),
        )  # fmt: skip
    print(
        f"site {site}: {len(rooms)} rooms and {len(stations)} stations, each with a -content login; "
        f"{len(relays)} relays"
    )


def apply_relay(ctl: Rabbitmqctl, passwords: Passwords, known: set[str], site: str, room: str) -> None:
    """The room's networked relay (docs/deploy.md 4.8): its device topic is the tablet's relay login,
    `SITE-ROOM-relay`; that login may only switch it, and the device's own login may only answer.
    Topics outside lantern/v1/SITE are shared by every site of the vhost, hence the site in the name.
    Tasmota: cmnd/T/POWERn, stat/T/POWERn, stat/T/RESULT (and tele/T/...); Shelly Gen2+: T/rpc, its
    answer on T/lantern/rpc and its switch's status on T/status/switch:n."""
    relay = f"{site}-{room}-relay"
    if relay not in known and passwords.of(f"{site}-{room}") is None:
        raise SystemExit(
            f"{relay} logs in with {site}-{room}'s password, which is not in --passwords: give {relay} that password "
            f"with `rabbitmqctl add_user {relay} PASSWORD` first, then run this again"
        )
    grant(
        ctl, passwords, known, relay,
        [f"lantern-relay-{site}-{room}"],
        write=anchored(topic("cmnd", relay, "(POWER[0-9]*)"), topic(relay, "rpc")),
        read=anchored(
            topic("stat", relay, "(POWER[0-9]*|RESULT)"),
            topic(relay, "lantern", "rpc"),
            topic(relay, "status", "(switch:[0-9]+)"),
        ),
        password=passwords.of(f"{site}-{room}"),
    )  # fmt: skip
    grant(
        ctl, passwords, known, f"{relay}-device",
        [f"{relay}-device"],
        write=anchored(topic("(stat|tele)", relay, "(.+)"), topic(relay, "(.+)")),
        read=anchored(topic("cmnd", relay, "(.+)"), topic(relay, "(rpc|#)")),
    )  # fmt: skip


def apply_head_office(ctl: Rabbitmqctl, passwords: Passwords, user: str) -> None:
    """`lantern sites --watch-id USER`: its client ids are lantern-watch-USER- and 8 hex digits."""
    every_site = r"(\*|[^.]+)"
    grant(
        ctl, passwords, ctl.users(), user,
        [rf"lantern-watch-{re.escape(user)}-[0-9a-f]{{8}}"],
        write=anchored(topic("lantern", "v1", r"([^.]+)", "watch", user, "rollcall")),
        read=anchored(
            topic("lantern", "v1", every_site, "room", "+", "(call|clear|here|status|presence|heartbeat)"),
            topic("lantern", "v1", every_site, "station", "+", "(presence|heartbeat)"),
        ),
    )  # fmt: skip
    print(f"{user}: reads every site, sends nothing but its own roll call")


def ids(text: str) -> str:
    if not ID.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a Lantern id (letters, digits, '-', '_'; 1 to 32)")
    return text


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rabbitmqctl", default="rabbitmqctl")
    parser.add_argument("--node", help="the node to talk to (rabbitmqctl -n)")
    parser.add_argument("--passwords", type=Path, help="append new users' passwords here (else print them)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("cluster", help="the vhost and its policies")
    site = commands.add_parser("site", help="a site's users and permissions")
    site.add_argument("site", type=ids)
    site.add_argument("--rooms", type=ids, nargs="+", required=True)
    site.add_argument("--stations", type=ids, nargs="+", required=True)
    site.add_argument("--relays", type=ids, nargs="+", default=[], help="rooms with a networked relay")
    head = commands.add_parser("head-office", help="a login that reads every site")
    head.add_argument("user", type=ids)
    args = parser.parse_args(argv)
    ctl = Rabbitmqctl(args.rabbitmqctl, args.node)
    passwords = Passwords(args.passwords)
    if args.command == "cluster":
        apply_cluster(ctl)
    elif args.command == "site":
        apply_site(ctl, passwords, args.site, args.rooms, args.stations, args.relays)
    else:
        apply_head_office(ctl, passwords, args.user)


if __name__ == "__main__":
    sys.exit(main())
