"""The words of the current content in the current language, as plain maps QML can bind to.

QML never picks a language or formats anything: it shows `Words.help.button`,
`Words.screens.home.greeting` and so on, and all of them change together when the language or the
content changes.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.model import LANGUAGES, Content, Language, Text
from kiosk.views import qml_module

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1


def localised(node: object, language: Language) -> Any:
    """Content as nested dicts and lists with every text in one language, for QML."""
    if isinstance(node, Text):
        return node.in_language(language)
    if isinstance(node, BaseModel):
        return {name: localised(getattr(node, name), language) for name in type(node).model_fields}
    if isinstance(node, list):
        return [localised(item, language) for item in node]
    if isinstance(node, time):
        return node.strftime("%H:%M")
    return node


@QmlNamedElement("Words")
@QmlSingleton
class ContentModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Words` in QML: the shown content in the chosen language."""

    changed = Signal()

    def __init__(self, content: Content, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._language: Language = "en"
        self._words: dict[str, Any] = localised(content, self._language)

    @staticmethod
    def create(engine: QQmlEngine) -> ContentModel:
        return qml_module.instance(ContentModel, engine)

    @property
    def content(self) -> Content:
        return self._content

    @property
    def language(self) -> Language:
        return self._language

    def set_content(self, content: Content) -> None:
        self._content = content
        self._refresh()

    @Slot()
    def toggle_language(self) -> None:
        self.set_language(LANGUAGES[(LANGUAGES.index(self._language) + 1) % len(LANGUAGES)])

    def set_language(self, language: Language) -> None:
        self._language = language
        self._refresh()

    def _refresh(self) -> None:
        words = localised(self._content, self._language)
        if words != self._words:
            self._words = words
            self.changed.emit()

    @Property(str, notify=changed)
    def lang(self) -> str:
        return self._language

    @Property(str, notify=changed)
    def other_language_name(self) -> str:
        other = LANGUAGES[(LANGUAGES.index(self._language) + 1) % len(LANGUAGES)]
        return self._content.ui.language_name.in_language(other)

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def help(self) -> dict[str, Any]:
        return dict(self._words["help"])

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def ui(self) -> dict[str, Any]:
        return dict(self._words["ui"])

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def screens(self) -> dict[str, Any]:
        return dict(self._words["screens"])

    @Property("QVariantMap", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def clinic(self) -> dict[str, Any]:
        return dict(self._words["clinic"])

    @Property(str, notify=changed)
    def disclaimer(self) -> str:
        return str(self._words["disclaimer"])
