"""Fuzz the content loader with atheris (coverage-guided libFuzzer) for as long as you like, outside CI.

Install once (not a project dependency; only this script needs it; a cp311 wheel exists):

    .venv/bin/pip install atheris

Run from the repository root; libFuzzer's own options pass through:

    .venv/bin/python -m bench.fuzz_content_atheris -max_total_time=600
    .venv/bin/python -m bench.fuzz_content_atheris -runs=100000 bench/out/content-corpus

Each input is written as content.yaml in a scratch folder and checked as `lantern check` does; the
property is the one tests/content/test_fuzz_loader.py holds: the check never raises, every problem has
a real line and column and words, and content is absent exactly when there are errors. kiosk.content
is instrumented, so inputs that reach new code are kept; without a corpus folder the search starts
from the real content.yaml. A failing input is saved by libFuzzer as crash-<hash>.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["kiosk.content"]):
    from kiosk.content.check import check_content  # noqa: F401 - imported here to be instrumented

from tests.content.test_fuzz_loader import REAL_BYTES, assert_answers_in_words

SCRATCH = Path(tempfile.mkdtemp(prefix="lantern-atheris-"))
CONTENT = SCRATCH / "content.yaml"


def one_input(data: bytes) -> None:
    CONTENT.write_bytes(data)
    assert_answers_in_words(CONTENT)


def main() -> None:
    argv = list(sys.argv)
    if not any(Path(arg).is_dir() for arg in argv[1:] if not arg.startswith("-")):
        seeds = SCRATCH / "corpus"
        seeds.mkdir()
        (seeds / "content.yaml").write_bytes(REAL_BYTES)
        argv.append(str(seeds))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
