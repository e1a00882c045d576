"""Every screen and every step of the guided flow is reached by tapping the real buttons."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.views.assembly import Kiosk

from .conftest import ContentFolder, KioskFactory, item, items, tap, text_of


def test_each_tile_opens_its_screen_and_home_returns(kiosk: Kiosk) -> None:
    screens = kiosk.words.content.screens
    titles = {
        "expect": screens.expect.title.in_language("en"),
        "after": screens.after.title.in_language("en"),
        "resources": screens.resources.title.in_language("en"),
    }
    for name, title in titles.items():
        tap(kiosk, f"tile_{name}")
        assert kiosk.session.place.screen == name
        assert text_of(kiosk, f"{name}_title") == title
        tap(kiosk, "nav_home")
        assert kiosk.session.place.screen == "home"
        assert text_of(kiosk, "home_greeting") == screens.home.greeting.in_language("en")


def test_the_feelings_flow_goes_forward_and_back_one_step_at_a_time(kiosk: Kiosk, qtbot: QtBot) -> None:
    feelings = kiosk.words.content.screens.feelings
    tap(kiosk, "tile_feelings")
    assert kiosk.session.place.step == "words"
    tap(kiosk, "flow_next")
    assert text_of(kiosk, "pacer_word") in (
        feelings.breathing.breathe_in.in_language("en"),
        feelings.breathing.breathe_out.in_language("en"),
    )
    for index, step in enumerate(feelings.grounding.steps):
        tap(kiosk, "flow_next")
        assert text_of(kiosk, "grounding_prompt") == step.prompt.in_language("en"), index
    tap(kiosk, "flow_next")
    assert kiosk.session.place.step == "finished"
    tap(kiosk, "flow_start_again")
    assert (kiosk.session.place.step, kiosk.session.place.grounding) == ("grounding", 0)
    tap(kiosk, "flow_back")
    assert kiosk.session.place.step == "breathing"
    for _ in range(len(feelings.grounding.steps) + 2):
        tap(kiosk, "flow_next")
    assert kiosk.session.place.step == "offer"
    assert kiosk.session.can_go_forward is False
    tap(kiosk, "flow_back")
    tap(kiosk, "flow_back")
    assert (kiosk.session.place.step, kiosk.session.place.grounding) == (
        "grounding",
        len(feelings.grounding.steps) - 1,
    )
    tap(kiosk, "nav_home")
    assert kiosk.session.place.screen == "home"


def test_the_pacer_keeps_its_pace_within_four_to_ten_breaths(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_feelings")
    tap(kiosk, "flow_next")
    assert kiosk.session.breathe_in_ms == 5000
    for _ in range(10):
        if kiosk.session.can_slow:
            tap(kiosk, "pacer_slower")
    assert kiosk.session.breathe_in_ms == 7500
    for _ in range(10):
        if kiosk.session.can_quicken:
            tap(kiosk, "pacer_faster")
    assert kiosk.session.breathe_in_ms == 3000


def test_every_language_of_the_file_is_switched_to_on_screen_by_its_own_name(kiosk: Kiosk) -> None:
    content = kiosk.words.content
    codes = list(content.languages)
    assert len(codes) >= 3
    for index, code in enumerate(codes):
        following = codes[(index + 1) % len(codes)]
        assert text_of(kiosk, "home_greeting") == content.screens.home.greeting.in_language(code)
        assert text_of(kiosk, "tile_resources") == content.screens.topics["resources"].nav.in_language(code)
        assert text_of(kiosk, "language") == content.languages[following]
        tap(kiosk, "language")
    assert kiosk.words.language == codes[0]


def test_larger_text_switches_on_screen(kiosk: Kiosk) -> None:
    body_before = kiosk.theme.font["body"]

    tap(kiosk, "larger_text")

    assert kiosk.theme.font["body"] > body_before


PARKING = """  parking:
    nav:
      en: Parking
      es: Estacionamiento
      vi: Chỗ đậu xe
      zh: 停车
    title:
      en: Where to park
      es: Dónde estacionarte
      vi: Đậu xe ở đâu
      zh: 在哪里停车
    sections:
      - heading:
          en: The lot behind the clinic
          es: El estacionamiento detrás de la clínica
          vi: Bãi xe phía sau phòng khám
          zh: 诊所后面的停车场
        body:
          en: Your ride can wait here for free. The door by the blue sign opens to the recovery room.
          es: Quien te lleve puede esperar aquí gratis. La puerta junto al letrero azul da a la sala de descanso.
          vi: Người đưa bạn về có thể chờ ở đây miễn phí. Cửa cạnh biển màu xanh dẫn vào phòng nghỉ.
          zh: 接您的人可以在这里免费等候。蓝色牌子旁边的门通往休息室。
        picture:
          file: assets/day-hills.jpg
          description:
            en: The back lot, with the blue sign by the door.
            es: El estacionamiento de atrás, con el letrero azul junto a la puerta.
            vi: Bãi xe phía sau, có biển màu xanh cạnh cửa.
            zh: 后面的停车场，门旁边有蓝色牌子。
"""


def tile_order(kiosk: Kiosk) -> list[str]:
    """The home screen's tiles, top to bottom as drawn."""
    tiles = [
        candidate
        for candidate in items(kiosk.window.contentItem())
        if candidate.objectName().startswith("tile_")
    ]
    tiles.sort(
        key=lambda tile: (
            tile.mapToScene(tile.boundingRect().topLeft()).y(),
            tile.mapToScene(tile.boundingRect().topLeft()).x(),
        )
    )
    return [tile.objectName().removeprefix("tile_") for tile in tiles]


def test_a_screen_the_clinic_adds_gets_a_tile_where_it_is_written_and_opens(
    make_kiosk: KioskFactory, content_folder: ContentFolder, qtbot: QtBot, docs_shots: Path
) -> None:
    text = content_folder.path.read_text(encoding="utf-8")
    moved = text.replace("\n  feelings:\n", "\n" + PARKING + "  feelings:\n", 1)
    content_folder.path.write_text(moved, encoding="utf-8")
    kiosk = make_kiosk(content=content_folder.path)

    assert tile_order(kiosk) == ["expect", "parking", "feelings", "after", "resources"]
    tap(kiosk, "tile_parking")
    assert text_of(kiosk, "parking_title") == "Where to park"
    picture = item(kiosk, "section_picture")
    qtbot.waitUntil(lambda: picture.property("paintedWidth") > 0, timeout=5000)
    assert picture.property("paintedHeight") > 100
    with qtbot.waitSignal(kiosk.window.frameSwapped, timeout=5000):
        kiosk.window.update()
    kiosk.window.grabWindow().save(str(docs_shots / "custom-screen-parking.png"))


def test_moving_a_screen_in_the_file_moves_its_tile(
    make_kiosk: KioskFactory, content_folder: ContentFolder
) -> None:
    text = content_folder.path.read_text(encoding="utf-8")
    head, resources = text.split("\n  resources:\n", 1)
    head, rest = head.split("\n  expect:\n", 1)
    content_folder.path.write_text(
        head + "\n  resources:\n" + resources.rstrip("\n") + "\n\n  expect:\n" + rest + "\n", encoding="utf-8"
    )
    kiosk = make_kiosk(content=content_folder.path)

    assert tile_order(kiosk) == ["resources", "expect", "feelings", "after"]


def test_a_long_page_opened_again_starts_at_its_top(kiosk: Kiosk, qtbot: QtBot) -> None:
    """The next patient never finds the page where the last one left it."""
    tap(kiosk, "tile_resources")
    scroller = item(kiosk, "resources_scroller")
    [flick] = [child for child in items(scroller) if child.metaObject().className() == "QQuickFlickable"]
    tap(kiosk, "scroll_down")
    qtbot.waitUntil(lambda: flick.property("contentY") > 0)

    kiosk.session.home()
    tap(kiosk, "tile_resources")

    assert flick.property("contentY") == 0
