"""A broken edit never reaches the patient: the last good content is kept on disk and survives a restart."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.lastgood import LastGoodStore
from kiosk.content.source import ContentSource, built_in_content_path

from .conftest import REAL_CONTENT, ContentFolder


def greeting_line(folder: ContentFolder) -> int:
    return folder.line_of("en:", after="greeting:")


def set_greeting(folder: ContentFolder, words: str) -> None:
    number = greeting_line(folder)
    folder.replace_line(number, folder.lines[number - 1].split("en:")[0] + f"en: {words}")


def test_good_edit_is_shown_and_kept(content_folder: ContentFolder, tmp_path: Path) -> None:
    set_greeting(content_folder, "Welcome, rest here")
    source = ContentSource(content_folder.path, LastGoodStore(tmp_path / "state"))

    shown = source.load()

    assert shown.origin == "file"
    assert shown.content.screens.home.greeting.in_language("en") == "Welcome, rest here"
    assert (shown.folder / "content.yaml").read_text() == content_folder.path.read_text()


def test_broken_edit_keeps_what_is_on_screen(content_folder: ContentFolder, tmp_path: Path) -> None:
    source = ContentSource(content_folder.path, LastGoodStore(tmp_path / "state"))
    before = source.load()
    content_folder.replace_line(greeting_line(content_folder), "    en: [broken")

    after = source.load()

    assert after.content == before.content
    assert after.check.errors, "staff must be told what is wrong"
    assert after.check.errors[0].line == greeting_line(content_folder)


def test_last_good_survives_a_restart_with_a_broken_file_and_deleted_pictures(
    content_folder: ContentFolder, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    set_greeting(content_folder, "Good morning")
    ContentSource(content_folder.path, LastGoodStore(state)).load()
    content_folder.replace_line(greeting_line(content_folder), "    en: [broken")
    for picture in (content_folder.folder / "assets").iterdir():
        picture.unlink()

    restarted = ContentSource(content_folder.path, LastGoodStore(state)).load()

    assert restarted.origin == "last_good"
    assert restarted.content.screens.home.greeting.in_language("en") == "Good morning"
    assert restarted.check.errors
    for _location, name in restarted.content.pictures():
        assert (restarted.folder / name).stat().st_size > 1000


def test_broken_file_and_no_last_good_shows_the_built_in_content(tmp_path: Path) -> None:
    broken = tmp_path / "content.yaml"
    broken.write_text("version: 1\nclinic: [\n")

    shown = ContentSource(broken, LastGoodStore(tmp_path / "state")).load()

    assert shown.origin == "built_in"
    assert built_in_content_path() != REAL_CONTENT
    assert shown.content.help.unreachable.title.in_language("en")
    assert shown.check.errors[0].line == 2


def test_only_the_newest_snapshot_is_kept(content_folder: ContentFolder, tmp_path: Path) -> None:
    store = LastGoodStore(tmp_path / "state")
    source = ContentSource(content_folder.path, store)
    for words in ("One", "Two", "Three"):
        set_greeting(content_folder, words)
        source.load()

    snapshots = list((tmp_path / "state" / "snapshots").iterdir())

    assert len(snapshots) == 1
    assert store.latest() == snapshots[0] / "content.yaml"
