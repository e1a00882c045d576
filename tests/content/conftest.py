"""A copy of the real content.yaml and its pictures in a temporary folder, to edit the way a nurse would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures.content import load_content

REPO = Path(__file__).resolve().parents[2]
REAL_CONTENT = REPO / "content.yaml"


class ContentFolder:
    """A content folder whose content.yaml can be edited line by line, like a nurse in a text editor."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "content.yaml"

    @property
    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8").splitlines(keepends=True)

    def lines_as_read(self) -> list[str]:
        """The lines as a tolerant editor shows them, even when the file is not UTF-8."""
        return self.path.read_bytes().decode("utf-8", errors="replace").splitlines()

    def line_of(self, text: str, after: str | None = None) -> int:
        """1-based number of the first setting line containing `text` (after the one containing `after`)."""
        start = self.line_of(after) if after else 0
        for number, line in enumerate(self.lines, start=1):
            if number > start and text in line and not line.lstrip().startswith("#"):
                return number
        raise AssertionError(f"no line contains {text!r}")

    def replace_line(self, number: int, new: str) -> None:
        lines = self.lines
        lines[number - 1] = new if new.endswith("\n") else new + "\n"
        self.path.write_text("".join(lines), encoding="utf-8")

    def insert_line(self, number: int, new: str) -> None:
        lines = self.lines
        lines.insert(number - 1, new if new.endswith("\n") else new + "\n")
        self.path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def content_folder(tmp_path: Path) -> ContentFolder:
    folder = tmp_path / "clinic"
    folder.mkdir()
    shutil.copyfile(REAL_CONTENT, folder / "content.yaml")
    for _location, name in load_content(REAL_CONTENT).pictures():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, folder / name)
    return ContentFolder(folder)
