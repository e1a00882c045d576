"""How long `lantern check` takes, beside what a plain YAML load of the same file costs.

Run: .venv/bin/python bench/content_check.py
Prints median and 95th percentile over repeated runs, for the real content.yaml and for a 1 MB
file (the real content padded with comment lines, the size limit's neighbourhood), both as
whole processes (what a nurse waits for) and in-process (the check alone). "pictures new" is the
first check after the pictures changed, when every picture is decoded again.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from kiosk.content.check import check_content

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "content.yaml"
RUNS = 30


def timed(action: Callable[[], object], runs: int = RUNS) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{name:<58} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms"


def padded_copy(folder: Path, size: int) -> Path:
    path = folder / "content.yaml"
    text = REAL.read_text(encoding="utf-8")
    filler = "# " + "a nurse's note that patients never see " * 2 + "\n"
    path.write_text(text + filler * ((size - len(text)) // len(filler)), encoding="utf-8")
    (folder / "assets").symlink_to(REPO / "assets")
    return path


def process(*command: str, fresh_cache: bool = False) -> Callable[[], object]:
    """Run a command; with `fresh_cache`, in a new data folder, so no picture is remembered as good."""

    def run() -> object:
        env = dict(os.environ)
        if fresh_cache:
            env["LANTERN_DATA_DIR"] = tempfile.mkdtemp(prefix="lantern-bench-")
        return subprocess.run(command, capture_output=True, check=False, cwd=REPO, env=env)

    return run


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        big = padded_copy(Path(scratch), 1_000_000)
        print(
            f"files: content.yaml {REAL.stat().st_size / 1000:.0f} KB, padded copy {big.stat().st_size / 1e6:.2f} MB\n"
        )
        for label, path in (("content.yaml", REAL), ("1 MB file", big)):
            print(
                row(
                    f"lantern check {label} (whole process)",
                    timed(process(python, "-m", "kiosk.cli", "check", str(path))),
                )
            )
            print(
                row(
                    f"lantern check {label}, pictures new (whole process)",
                    timed(process(python, "-m", "kiosk.cli", "check", str(path), fresh_cache=True)),
                )
            )
            print(
                row(
                    f"python: yaml.safe_load {label} (whole process)",
                    timed(process(python, "-c", f"import yaml; yaml.safe_load(open({str(path)!r}))")),
                )
            )
            print(row("python: startup only", timed(process(python, "-c", "pass"))))
            print(row(f"check_content {label} (in process)", timed(lambda path=path: check_content(path))))
            print(
                row(
                    f"yaml.safe_load {label} (in process, pure Python)",
                    timed(lambda path=path: yaml.safe_load(path.read_text())),
                )
            )
            print(
                row(
                    f"yaml.load CSafeLoader {label} (in process, libyaml)",
                    timed(lambda path=path: yaml.load(path.read_text(), Loader=yaml.CSafeLoader)),
                )
            )
            print()


if __name__ == "__main__":
    main()
