"""Content edits apply live, the way editors save them (write a new file, rename it over the old one)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.content.lastgood import LastGoodStore
from kiosk.content.source import ContentSource, ShownContent
from kiosk.views.content_watch import ContentWatch

from .conftest import ContentFolder


def save_like_an_editor(folder: ContentFolder, old: str, new: str) -> None:
    text = folder.path.read_text(encoding="utf-8").replace(old, new, 1)
    temporary = folder.folder / ".content.yaml.swp"
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(folder.path)  # an atomic rename, as editors save


def test_a_saved_edit_is_picked_up_and_a_broken_one_is_not(
    qtbot: QtBot, content_folder: ContentFolder, tmp_path: Path
) -> None:
    watch = ContentWatch(ContentSource(content_folder.path, LastGoodStore(tmp_path / "state")))
    greeting = watch.reload().content.screens.home.greeting.in_language("en")

    with qtbot.waitSignal(watch.changed, timeout=5000) as first:
        save_like_an_editor(content_folder, greeting, "Rest easy")
    shown: ShownContent = first.args[0]
    assert shown.content.screens.home.greeting.in_language("en") == "Rest easy"

    with qtbot.waitSignal(watch.changed, timeout=5000) as second:
        save_like_an_editor(content_folder, "Rest easy", '"Rest easy')
    kept: ShownContent = second.args[0]
    assert kept.content.screens.home.greeting.in_language("en") == "Rest easy"
    assert "quotation mark is opened" in str(kept.check.errors[0])

    with qtbot.waitSignal(watch.changed, timeout=5000) as third:
        save_like_an_editor(content_folder, '"Rest easy', "Welcome back")
    assert third.args[0].content.screens.home.greeting.in_language("en") == "Welcome back"


def test_a_picture_replaced_under_the_same_name_is_shown_without_saving_content_yaml(
    qtbot: QtBot, content_folder: ContentFolder, tmp_path: Path
) -> None:
    watch = ContentWatch(ContentSource(content_folder.path, LastGoodStore(tmp_path / "state")))
    before = watch.reload()
    name = next(name for _location, name in before.content.pictures())
    other = next(other for _location, other in before.content.pictures() if other != name)

    with qtbot.waitSignal(watch.changed, timeout=5000) as replaced:
        (content_folder.folder / name).write_bytes((content_folder.folder / other).read_bytes())
    after: ShownContent = replaced.args[0]

    assert after.origin == "file"
    assert after.folder != before.folder
    assert (after.folder / name).read_bytes() == (content_folder.folder / other).read_bytes()
