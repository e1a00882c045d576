"""The kiosk's QML read by the tools: pyside6-qmllint, given the `Lantern` module's types as Qt's own
pyside6-project generates them (metaobjectdump, then qmltyperegistrar), finds nothing, and it does find
a mistyped model member. The enums QML uses name the same members as the domain's own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from enum import Enum, IntEnum
from pathlib import Path

import PySide6
import pytest

from kiosk.session.navigation import Step
from kiosk.session.staff import StaffEntry
from kiosk.views.call_model import CallModel
from kiosk.views.qml_module import QML_IMPORT_NAME, from_qml, to_qml
from kiosk.views.session_model import SessionModel
from kiosk.views.staff_model import StaffModel
from kiosk.wire.protocol import CallKind

VIEWS = Path(__file__).resolve().parents[2] / "kiosk" / "views"
QML = VIEWS / "qml"
BIN = Path(sys.executable).parent
METATYPES = Path(PySide6.__file__).parent / "Qt" / "metatypes"


@pytest.fixture(scope="module")
def lantern_types(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An import folder holding the `Lantern` module's qmldir and qmltypes, made from the Python models."""
    imports = tmp_path_factory.mktemp("qml-imports")
    module = imports / QML_IMPORT_NAME
    module.mkdir()
    models = sorted(
        path
        for path in VIEWS.glob("*.py")
        if "\nQML_IMPORT_NAME = " in path.read_text() and path.stem != "qml_module"
    )
    assert len(models) == 8, models
    _run("pyside6-metaobjectdump", "-o", module / "lantern.json", *models)
    foreign = ",".join(str(METATYPES / f"qt6{name}_metatypes.json") for name in ("core", "qml"))
    _run(
        "pyside6-qmltyperegistrar",
        "--generate-qmltypes",
        module / "lantern.qmltypes",
        "-o",
        module / "registrations.cpp",
        "--import-name",
        QML_IMPORT_NAME,
        "--major-version",
        "1",
        "--minor-version",
        "0",
        f"--foreign-types={foreign}",
        module / "lantern.json",
    )
    (module / "qmldir").write_text(f"module {QML_IMPORT_NAME}\ntypeinfo lantern.qmltypes\n")
    return imports


def _run(tool: str, *arguments: object) -> str:
    done = subprocess.run(
        [str(BIN / tool), *map(str, arguments)], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0 and "Warning" not in done.stderr, done.stdout + done.stderr
    return done.stdout


def lint(imports: Path, files: list[Path]) -> list[str]:
    """Every warning qmllint has for these files, as `file:line:col: message [id]`."""
    report = json.loads(_run("pyside6-qmllint", "-I", imports, "--json", "-", *files))
    return [
        f"{Path(entry['filename']).name}:{warning.get('line')}:{warning.get('column')}: "
        f"{warning['message']} [{warning.get('id')}]"
        for entry in report["files"]
        for warning in entry["warnings"]
        if warning["type"] != "info"
    ]


def test_qmllint_finds_nothing_in_the_kiosk_qml(lantern_types: Path) -> None:
    files = sorted(QML.glob("*.qml"))
    assert len(files) > 20
    assert lint(lantern_types, files) == []


def test_qmllint_finds_a_mistyped_model_member(lantern_types: Path, tmp_path: Path) -> None:
    """What makes the clean run above mean something: a typo in a model's name is caught before run time."""
    shutil.copytree(QML, tmp_path / "qml")
    main, pages = tmp_path / "qml" / "Main.qml", tmp_path / "qml" / "Pages.qml"
    main.write_text(main.read_text().replace("Words.clinic", "Words.clinix", 1))
    pages.write_text(pages.read_text().replace("Session.tiles", "Session.tilez"))
    warnings = "\n".join(lint(lantern_types, [main, pages]))
    assert "Main.qml" in warnings and 'Member "clinix" not found' in warnings, warnings
    assert "Pages.qml" in warnings and "tilez" in warnings, warnings


@pytest.mark.parametrize(
    ("qml_enum", "domain", "extra"),
    [
        (SessionModel.Step, Step, ()),
        (CallModel.Kind, CallKind, ()),
        (StaffModel.Panel, StaffEntry, ("Closed",)),
    ],
)
def test_every_qml_enum_names_its_domain_enum(
    qml_enum: type[IntEnum], domain: type[Enum], extra: tuple[str, ...]
) -> None:
    assert [name for name in qml_enum.__members__ if name not in extra] == [
        to_qml(qml_enum, value).name for value in domain
    ]
    assert [from_qml(domain, to_qml(qml_enum, value), qml_enum) for value in domain] == list(domain)
