"""The embedded default broker, so the kiosk and `lantern console` on one machine need no setup.

The first Lantern program that needs a broker starts one on loopback (the system's Mosquitto when it
is installed, else the pure-Python amqtt) as a daemon that outlives it, and writes where it listens to
`broker/broker.json` in the data folder; every later program finds and reuses it. The help call stays
correct on amqtt, which loses queued QoS 1 messages, because calls are re-sent until the station's
receipt arrives.

`python -m kiosk.wire.broker amqtt --port N` runs amqtt in the foreground (tests, debugging).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import json
import logging
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.wire.broker_url import BrokerUrl

log = logging.getLogger(__name__)

BROKER_FOLDER = "broker"
BROKER_FILE = "broker.json"
_SBIN = ("/usr/sbin", "/usr/local/sbin")


class BrokerStartError(RuntimeError):
    """The embedded broker could not be started; the message says why in words for IT."""


@dataclass(frozen=True)
class LocalBroker:
    """A broker this machine runs for Lantern, as written in `broker.json`."""

    url: BrokerUrl
    pid: int
    engine: str


def find_local_broker(data_dir: Path) -> LocalBroker | None:
    """The broker another Lantern program started, if it is still alive and listening."""
    try:
        data = json.loads((data_dir / BROKER_FOLDER / BROKER_FILE).read_text())
        broker = LocalBroker(
            BrokerUrl(str(data["host"]), int(data["port"])), int(data["pid"]), str(data["engine"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if _alive(broker.pid) and _listening(broker.url.host, broker.url.port):
        return broker
    return None


def ensure_local_broker(data_dir: Path, *, use_mosquitto: bool = True, wait_s: float = 10.0) -> LocalBroker:
    """Reuse the running embedded broker, or start one (Mosquitto if installed and allowed, else amqtt)."""
    folder = data_dir / BROKER_FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock_file = (folder / "lock").open("a")
    except OSError as error:
        raise BrokerStartError(f"The embedded broker cannot use {folder}: {error.strerror}.") from error
    with lock_file, _locked(lock_file.fileno()):
        found = find_local_broker(data_dir)
        if found is not None:
            return found
        broker = _launch(folder, use_mosquitto=use_mosquitto, wait_s=wait_s)
        record = {
            "host": broker.url.host,
            "port": broker.url.port,
            "pid": broker.pid,
            "engine": broker.engine,
        }
        temporary = folder / f"{BROKER_FILE}.tmp"
        temporary.write_text(json.dumps(record))
        temporary.replace(folder / BROKER_FILE)
        log.info("Started the embedded %s broker at %s (pid %d)", broker.engine, broker.url, broker.pid)
        return broker


def _launch(folder: Path, *, use_mosquitto: bool, wait_s: float) -> LocalBroker:
    """Start a broker daemon on a free loopback port and wait until it listens."""
    mosquitto = find_mosquitto() if use_mosquitto else None
    engine = "mosquitto" if mosquitto else "amqtt"
    port = free_port()
    pid_file = folder / f"{engine}.pid"
    pid_file.unlink(missing_ok=True)
    if mosquitto:
        command = [mosquitto, "-c", str(_write_mosquitto_config(folder, port, pid_file)), "-d"]
    else:
        command = [sys.executable, "-m", __name__, "amqtt", "--port", str(port), "--daemon"]
        command += ["--pid-file", str(pid_file)]
    log_path = folder / f"{engine}.log"
    with log_path.open("ab") as log_file:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, check=False)
    return LocalBroker(BrokerUrl("127.0.0.1", port), _wait_started(port, pid_file, log_path, wait_s), engine)


def find_mosquitto() -> str | None:
    """The system's Mosquitto, also where Debian puts it (/usr/sbin, often not on a user's PATH)."""
    return shutil.which("mosquitto", path=os.pathsep.join([os.environ.get("PATH", ""), *_SBIN]))


def _write_mosquitto_config(folder: Path, port: int, pid_file: Path) -> Path:
    """A loopback-only Mosquitto with persistence, running as the current user even when that is root."""
    lines = [
        f"listener {port} 127.0.0.1",
        "allow_anonymous true",
        "set_tcp_nodelay true",
        "persistence true",
        f"persistence_location {folder}/",
        "autosave_interval 30",
        f"user {pwd.getpwuid(os.getuid()).pw_name}",
        f"log_dest file {folder}/mosquitto.log",
        "log_type error",
        "log_type warning",
        f"pid_file {pid_file}",
    ]
    config = folder / "mosquitto.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_listening(port: int, wait_s: float) -> bool:
    """Poll the port until it accepts a connection, for at most `wait_s` seconds."""
    deadline = time.monotonic() + wait_s
    while not _listening("127.0.0.1", port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _wait_started(port: int, pid_file: Path, log_path: Path, wait_s: float) -> int:
    if wait_listening(port, wait_s):
        with contextlib.suppress(OSError, ValueError):
            return int(pid_file.read_text().split()[0])
    tail = log_path.read_text(errors="replace").strip().splitlines()[-3:] if log_path.exists() else []
    raise BrokerStartError(
        f"The embedded broker did not start on port {port} within {wait_s:g} s. {' '.join(tail)}".strip()
    )


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    """One program at a time decides whether to start the broker, so two never start two."""
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _daemonize(pid_file: Path) -> None:
    """Detach twice so the broker outlives the program that started it, then record its pid."""
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    pid_file.write_text(f"{os.getpid()}\n")


async def _serve_amqtt(port: int) -> None:
    from amqtt.broker import Broker  # imported here: only the broker process needs it

    config = {
        "listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{port}"}},
        "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
    }
    broker = Broker(config)
    await broker.start()
    await asyncio.Event().wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.wire.broker", description=__doc__)
    parser.add_argument("engine", choices=["amqtt"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--daemon", action="store_true", help="detach and write --pid-file")
    parser.add_argument("--pid-file", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.daemon:
        _daemonize(args.pid_file or Path(os.devnull))
    asyncio.run(_serve_amqtt(args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
