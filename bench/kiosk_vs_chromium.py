"""Lantern's kiosk beside the alternative a clinic would use: Chromium in kiosk mode showing the same calm screen.

Run: .venv/bin/python bench/kiosk_vs_chromium.py [--runs 3] [--idle-seconds 60]
Needs Debian's xvfb and chromium. Both programs run fullscreen on the same Xvfb screen (1280×800),
one at a time, as a clinic would run them, and are measured the same way:
- cold start to first frame: from starting the process until the screen's centre stops being black,
  polled every 10 ms by grabbing the X screen. Lantern is started three ways, each run in a new data
  folder: its first start there (nothing kept yet), then a restart (the usual start of a tablet: the
  first frame kept by the earlier start shows, its help buttons live, while the rest is built), then a
  restart with no speech engine to be found;
- memory: PSS summed over the whole process tree (Chromium runs several processes), 5 s after start;
- CPU while idle on the home screen with the pictures crossfading: CPU time of the tree over the window,
  as a percentage of one core;
- CPU with the breathing pacer on screen: Lantern's own page (`lantern preview --open feelings-2-breathing`,
  the real QML) beside a CSS animation of the same glow in Chromium (bench/chromium/pacer.html).
Lantern's embedded MQTT broker runs as its own daemon and is not counted (Chromium has no help call at all).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "bench" / "chromium" / "page.html"
PACER_PAGE = REPO / "bench" / "chromium" / "pacer.html"
SCREEN = (1280, 800)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> Iterator[int]:
    yield pid
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return
    for child in children:
        yield from descendants(int(child))


def tree_pss_mb(pid: int) -> float:
    total_kb = 0
    for member in descendants(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def tree_cpu_seconds(pid: int) -> float:
    ticks = 0
    for member in descendants(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


class Screen:
    """An Xvfb display and a way to ask whether anything has been drawn at its centre yet."""

    def __init__(self) -> None:
        self.display = f":{90 + os.getpid() % 9}"
        self._xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.environ["DISPLAY"] = self.display
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        from PySide6.QtGui import QGuiApplication

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not Path(f"/tmp/.X11-unix/X{self.display[1:]}").exists():
            threading.Event().wait(0.05)
        self._app = QGuiApplication([sys.argv[0]])
        self._screen = self._app.primaryScreen()

    def drawn(self) -> bool:
        image = self._screen.grabWindow(0, SCREEN[0] // 2 - 2, SCREEN[1] // 2 - 2, 4, 4).toImage()
        return any(image.pixelColor(x, y).value() > 8 for x in range(4) for y in range(4))

    def close(self) -> None:
        self._xvfb.terminate()
        self._xvfb.wait(10)


def measure(screen: Screen, command: list[str], env: dict[str, str], idle_s: float) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        tick = threading.Event()
        while not screen.drawn():
            if time.perf_counter() - started > 60:
                raise RuntimeError(f"nothing drawn after 60 s: {command[0]}")
            tick.wait(0.01)
        first_frame_ms = (time.perf_counter() - started) * 1000
        tick.wait(5)
        pss = tree_pss_mb(process.pid)
        cpu_before, wall_before = tree_cpu_seconds(process.pid), time.perf_counter()
        tick.wait(idle_s)
        cpu = (tree_cpu_seconds(process.pid) - cpu_before) / (time.perf_counter() - wall_before) * 100
        return {"first frame (ms)": first_frame_ms, "memory PSS (MB)": pss, "idle CPU (% of a core)": cpu}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def lantern(data: Path) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, LANTERN_DATA_DIR=str(data), QT_QUICK_BACKEND="software")
    return [
        sys.executable,
        str(REPO / "main.py"),
        "--content",
        str(REPO / "content.yaml"),
        "--room",
        "bench",
    ], env


def lantern_pacer(scratch: Path) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, QT_QUICK_BACKEND="software")
    size = f"{SCREEN[0]}x{SCREEN[1]}"
    return [
        sys.executable,
        "-m",
        "kiosk.cli",
        "preview",
        str(REPO / "content.yaml"),
        "--open",
        "feelings-2-breathing",
        "--size",
        size,
    ], env


def chromium_pacer(scratch: Path) -> tuple[list[str], dict[str, str]]:
    command, env = chromium(scratch)
    return [*command[:-1], PACER_PAGE.as_uri()], env


def chromium(scratch: Path) -> tuple[list[str], dict[str, str]]:
    profile = scratch / f"chromium-{time.monotonic_ns()}"
    flags = [
        "--kiosk",
        "--no-first-run",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--noerrdialogs",
        "--disable-translate",
        f"--user-data-dir={profile}",
        f"--window-size={SCREEN[0]},{SCREEN[1]}",
    ]
    return ["chromium", *flags, PAGE.as_uri()], dict(os.environ)


LANTERN = "Lantern (Qt Quick, software)"
LANTERN_FIRST = "Lantern, first start"
LANTERN_MUTE = "Lantern, no speech engine"
CHROMIUM = "Chromium --kiosk"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=60)
    args = parser.parse_args()
    if not shutil.which("chromium") or not shutil.which("Xvfb"):
        sys.exit("needs Debian's chromium and xvfb: apt-get install chromium xvfb")
    screen = Screen()
    results: dict[str, list[dict[str, float]]] = {
        LANTERN: [],
        LANTERN_MUTE: [],
        LANTERN_FIRST: [],
        CHROMIUM: [],
    }
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for run in range(args.runs):
                # A tablet's usual start: its data folder holds the first frame an earlier start kept.
                first_start = Path(scratch) / f"first-{run}"
                for name, (command, env) in (
                    (LANTERN_FIRST, lantern(first_start)),
                    (LANTERN, lantern(first_start)),
                    (LANTERN_MUTE, without_speech(lantern(first_start))),
                    (CHROMIUM, chromium(Path(scratch))),
                ):
                    results[name].append(measure(screen, command, env, args.idle_seconds))
                    if name in (LANTERN, CHROMIUM):
                        pacer_command, pacer_env = (lantern_pacer if name == LANTERN else chromium_pacer)(
                            Path(scratch)
                        )
                        pacing = measure(screen, pacer_command, pacer_env, args.idle_seconds)
                        results[name][-1]["pacer CPU (% of a core)"] = pacing["idle CPU (% of a core)"]
                    print(f"  {name}: {results[name][-1]}", flush=True)
    finally:
        screen.close()
    print(f"\nmedian of {args.runs} runs, {SCREEN[0]}x{SCREEN[1]} Xvfb, idle window {args.idle_seconds:g} s")
    metrics = list(results[LANTERN][0])
    print(f"{'':<30}" + "".join(f"{metric:>24}" for metric in metrics))
    medians = {
        name: {m: statistics.median(run[m] for run in runs) for m in runs[0]}
        for name, runs in results.items()
    }
    for name, values in medians.items():
        print(f"{name:<30}" + "".join(f"{values[m]:>24.1f}" if m in values else f"{'':>24}" for m in metrics))
    for name in (LANTERN, LANTERN_MUTE, LANTERN_FIRST):
        print(
            f"{name[:21] + ' / Chromium':<30}"
            + "".join(
                f"{medians[name][m] / medians[CHROMIUM][m]:>24.2f}" if m in medians[name] else f"{'':>24}"
                for m in metrics
            )
        )
    print("goals: each ratio <= 0.5; Lantern idle CPU <= 2% and pacer CPU <= 5% of one core")


def without_speech(launch: tuple[list[str], dict[str, str]]) -> tuple[list[str], dict[str, str]]:
    """As on a tablet with no speech engine installed: the read-aloud helper finds none."""
    command, env = launch
    return command, dict(env, QT_TEXTTOSPEECH_ENGINE="none-installed")


if __name__ == "__main__":
    main()
