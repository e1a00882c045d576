"""Hostile files are refused fast with a clear message: never a hang, never a memory blow-up."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.content.check import check_content

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
        for i in range(8)
    ]
)


def write(tmp_path: Path, data: str | bytes) -> Path:
    path = tmp_path / "content.yaml"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def refused_quickly(path: Path) -> str:
    started = time.perf_counter()
    result = check_content(path)
    elapsed = time.perf_counter() - started
    assert result.content is None
    assert elapsed < 1.0, f"took {elapsed:.2f} s"
    return "\n".join(str(problem) for problem in result.errors)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    message = refused_quickly(write(tmp_path, BILLION_LAUGHS))

    assert message.startswith("content.yaml:1:4: A text cannot start with '&'")


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1000 * 1000)

    assert (
        refused_quickly(path)
        == "content.yaml:1:1: The file is 50.0 MB; the largest allowed is 2 MB. A content file is usually a few pages of text."
    )


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_is_refused(tmp_path: Path, opening: str) -> None:
    deep = opening * 50_000 if opening != "- " else "".join("  " * depth + "- \n" for depth in range(200))

    assert "nested more than 24 levels deep" in refused_quickly(write(tmp_path, deep))


def test_python_object_tags_are_refused(tmp_path: Path) -> None:
    message = refused_quickly(write(tmp_path, "version: !!python/object/apply:os.system ['echo hi']\n"))

    assert "A text cannot start with '!'" in message


def test_control_characters_are_refused(tmp_path: Path) -> None:
    assert "invisible control character (U+0007)" in refused_quickly(
        write(tmp_path, "version: 1\nclinic: \x07\n")
    )


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    assert "is a folder" in refused_quickly(tmp_path)
