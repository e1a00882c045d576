"""The `Lantern` QML module: the kiosk's models as QML singletons, one set per QML engine.

QML files `import Lantern` and read `Theme`, `Words`, `Session`, `Imagery`, `HelpCall`, `Staff` and
`Speech`. Each model class registers itself with `@QmlNamedElement` and `@QmlSingleton`; when an
engine first needs one, it calls the class's `create`, which answers with the model the kiosk built
for that engine. So several kiosks can live in one process (tests), and pyside6-qmllint, given the
types `tests/test_qml.py` generates, checks every name QML uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum, IntEnum
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtQml import QJSEngine, QQmlEngine

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

M = TypeVar("M", bound=QObject)
Q = TypeVar("Q", bound=IntEnum)
D = TypeVar("D", bound=Enum)

_MODELS: dict[int, dict[type[QObject], QObject]] = {}


def provide(engine: QQmlEngine, models: Iterable[QObject]) -> None:
    """The models `engine` gets when its QML asks for their singletons."""
    _MODELS[id(engine)] = {type(model): model for model in models}


def release(engine: QQmlEngine) -> None:
    _MODELS.pop(id(engine), None)


def instance(kind: type[M], engine: QQmlEngine) -> M:
    """The model of this kind for this engine; the kiosk keeps owning it (QML must not delete it)."""
    model = _MODELS[id(engine)][kind]
    assert isinstance(model, kind)
    QJSEngine.setObjectOwnership(model, QJSEngine.ObjectOwnership.CppOwnership)
    return model


def to_qml(qml_enum: type[Q], value: Enum) -> Q:
    """A domain value (`Screen.SET_PIN_FIRST`) as its QML enum value (`SetPinFirst`).

    QML enums are numbers with capitalised names, so each model declares its own for pyside6-qmllint
    to read; `tests/views/test_qml.py` proves every one names the same members as its domain enum.
    """
    return qml_enum["".join(part.title() for part in value.name.split("_"))]


def from_qml(domain: type[D], value: int, qml_enum: type[IntEnum]) -> D:
    """The domain value QML meant; ValueError for a number that is no member."""
    return domain[re.sub(r"(?<!^)(?=[A-Z])", "_", qml_enum(value).name).upper()]
