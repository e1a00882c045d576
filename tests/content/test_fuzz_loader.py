"""Whatever bytes a content file holds, the check answers with problems at real positions, and never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content.check import check_content

from .conftest import REAL_CONTENT

REAL_BYTES = REAL_CONTENT.read_bytes()
YAML_PIECES = [
    "\n",
    "  ",
    "- ",
    ": ",
    "#",
    "'",
    '"',
    "&a ",
    "*a",
    "!!str ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "?",
    "|",
    ">",
    "\t",
    "en",
    "es",
    "version: 1",
    "clinic:",
    "no",
    "20:00",
    "\x00",
    "\xe9",
    "---",
    "...",
    "%YAML 1.1",
]

# 3 tests x 3334 = 10,002 cases, about 21 s on a 2-core machine (docs/performance.md); longer runs:
# bench/fuzz_content_atheris.py.
FUZZ_SETTINGS = settings(
    max_examples=3334, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_answers_in_words(path: Path) -> None:
    result = check_content(path)
    # YAML also breaks lines at NEL, LS and PS; splitlines() knows them all.
    lines = max(1, len(path.read_bytes().decode("utf-8", errors="replace").splitlines()) + 1)
    for problem in result.problems:
        assert problem.line in range(1, lines + 2), problem
        assert problem.column >= 1, problem
        assert problem.message.strip(), problem
    assert (result.content is None) == bool(result.errors)


@FUZZ_SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(data)
    assert_answers_in_words(path)


@FUZZ_SETTINGS
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=80))
def test_yaml_like_text(tmp_path: Path, pieces: list[str]) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes("".join(pieces).encode("utf-8", errors="replace"))
    assert_answers_in_words(path)


@FUZZ_SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, len(REAL_BYTES)), st.integers(0, 40), st.sampled_from(YAML_PIECES)),
        min_size=1,
        max_size=6,
    )
)
def test_nurse_style_edits_of_the_real_file(tmp_path: Path, edits: list[tuple[int, int, str]]) -> None:
    data = REAL_BYTES
    for offset, cut, insert in edits:
        data = data[:offset] + insert.encode("utf-8", errors="replace") + data[offset + cut :]
    path = tmp_path / "content.yaml"
    path.write_bytes(data)
    assert_answers_in_words(path)
