"""The station's working copy of the content set, edited one text at a time, for the console's editor.

A nurse never types YAML: each text is replaced where it is written in content.yaml (the reader
knows every value's first and last character), as a double-quoted string, so the comments, the
order and every other line stay as they were, and the file stays one a person can read.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.check import CheckResult, check_content
from kiosk.content.source import built_in_content_path
from kiosk.content.yamlsource import read_document
from kiosk.publishing.versions import VersionStore
from kiosk.settingsfile.document import Location, SourceDocument, leaves
from kiosk.wire.content_protocol import CONTENT_FILE

DRAFT_FOLDER = "content-draft"
"""In the station's data folder: what the console's Content tab is changing."""
CLINIC_FIELDS: tuple[Location, ...] = (("clinic", "name"), ("clinic", "phone"))


@dataclass(frozen=True)
class Field:
    """One text a nurse can change: where it is, its words in each language (or one value), its lines."""

    location: Location
    """("screens", "resources", "items", 2, "contact") for a text; ("clinic", "phone") for a value."""
    values: dict[str, str]
    """Language -> words; a value with no languages (the phone) is under ""."""
    lines: dict[str, range]
    """Language (or "") -> the line numbers it takes in content.yaml, to put a problem beside it."""


class Draft:
    """`<folder>/content.yaml` and `<folder>/assets/`: what the nurse is changing, not yet published."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CONTENT_FILE

    @classmethod
    def open(cls, folder: Path, store: VersionStore) -> Draft:
        """The draft in progress, else a new one from the live version (else Lantern's own content)."""
        draft = cls(folder)
        if not draft.path.is_file():
            draft.start_over(store)
        return draft

    def start_over(self, store: VersionStore) -> None:
        """Throw the changes away: the draft is the live version again."""
        shutil.rmtree(self.folder, ignore_errors=True)
        latest = store.latest()
        if latest is not None:
            store.export(latest, self.folder)
        else:
            shutil.copytree(built_in_content_path().parent, self.folder)

    def check(self) -> CheckResult:
        return check_content(self.path, file=str(self.path))

    def fields(self) -> list[Field]:
        """The clinic's name and phone, then every patient text and picture in the order it is written."""
        document = self._document()
        languages = list(document.data.get("languages") or {})
        found: dict[Location, Field] = {}
        for location, value in leaves(document.data):
            if not isinstance(value, str) or not location:
                continue
            if location in CLINIC_FIELDS or location[-1] == "file":
                found[location] = Field(location, {"": value}, {"": self._lines(document, location)})
            elif location[-1] in languages and location[0] != "languages":
                parent = location[:-1]
                field = found.setdefault(parent, Field(parent, {}, {}))
                field.values[str(location[-1])] = value
                field.lines[str(location[-1])] = self._lines(document, location)
        return sorted(found.values(), key=lambda field: 0 if field.location in CLINIC_FIELDS else 1)

    def set_text(self, location: Location, language: str, words: str) -> None:
        """Write new words for one language of a text (or, with language "", a value like the phone)."""
        document = self._document()
        where = (*location, language) if language else location
        if where not in document.value_positions:
            raise KeyError(where)
        text = self.path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        start = _offset(lines, document.value_positions[where])
        end_line, end_column = document.value_ends[where]
        end = _offset(lines, (end_line, end_column))
        replaced = text[start:end]
        ending = "\n" if replaced.endswith("\n") else ""
        self._write(text[:start] + json.dumps(words, ensure_ascii=False) + ending + text[end:])

    def use_picture(self, location: Location, picture: Path) -> str:
        """Copy a picture file into the draft's assets and name it at `location` (a `file:`); its name."""
        assets = self.folder / "assets"
        assets.mkdir(parents=True, exist_ok=True)
        name = _safe_name(picture.name)
        shutil.copyfile(picture, assets / name)
        self.set_text(location, "", f"assets/{name}")
        return f"assets/{name}"

    def _write(self, text: str) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.path)

    def _document(self) -> SourceDocument:
        return read_document(self.path, str(self.path))

    @staticmethod
    def _lines(document: SourceDocument, location: Location) -> range:
        start = document.value_positions[location][0]
        end_line, end_column = document.value_ends.get(location, (start, 1))
        return range(start, max(start, end_line - (1 if end_column == 1 and end_line > start else 0)) + 1)


def _safe_name(name: str) -> str:
    """A file name the content channel takes: letters, digits, '.', '-', '_' and spaces, at most 80."""
    cleaned = "".join(character if character.isalnum() or character in "._- " else "-" for character in name)
    return cleaned.lstrip(".-_ ")[-80:] or "picture.jpg"


def _offset(lines: list[str], position: tuple[int, int]) -> int:
    line, column = position
    return sum(len(text) for text in lines[: line - 1]) + column - 1
