"""The words of the current content in the current language, as plain maps QML can bind to.

QML never picks a language or formats anything: it shows `Words.help.button`,
`Words.screens.home.greeting` and so on, and all of them change together when the language or the
content changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.model import Content, Language, Picture, Text
from kiosk.views import qml_module

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1


def localised(node: object, language: Language, picture_url: Callable[[str], str] = str) -> Any:
    """Content as nested dicts and lists with every text in one language, for QML; a picture also
    gets the `source` QML shows it from."""
    if isinstance(node, Text):
        return node.in_language(language)
    if isinstance(node, BaseModel):
        fields = {name: getattr(node, name) for name in type(node).model_fields} | (
            node.__pydantic_extra__ or {}
        )
        words = {name: localised(value, language, picture_url) for name, value in fields.items()}
        return words | {"source": picture_url(node.file)} if isinstance(node, Picture) else words
    if isinstance(node, list):
        return [localised(item, language, picture_url) for item in node]
    if isinstance(node, time):
        return node.strftime("%H:%M")
    return node


@QmlNamedElement("Words")
@QmlSingleton
class ContentModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Words` in QML: the shown content in the chosen language."""

    changed = Signal()

    def __init__(
        self, content: Content, picture_url: Callable[[str], str] = str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._content = content
        self._picture_url = picture_url
        self._language: Language = content.default_language
        self._words: dict[str, Any] = localised(content, self._language, picture_url)

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
        """New words; a language the clinic removed gives way to the file's first one."""
        self._content = content
        if self._language not in content.languages:
            self._language = content.default_language
        self._refresh()

    @Slot()
    def toggle_language(self) -> None:
        """The next language in the file's order, round to the first: what the language button names."""
        self.set_language(self._next_language())

    @Slot(str)
    def set_language(self, language: Language) -> None:
        if language in self._content.languages:
            self._language = language
            self._refresh()

    def _next_language(self) -> Language:
        codes = list(self._content.languages)
        return codes[(codes.index(self._language) + 1) % len(codes)]

    def _refresh(self) -> None:
        words = localised(self._content, self._language, self._picture_url)
        if words != self._words:
            self._words = words
            self.changed.emit()

    @Property(str, notify=changed)
    def lang(self) -> str:
        return self._language

    @Property(str, notify=changed)
    def other_language_name(self) -> str:
        """The next language's own name ("Español", "Tiếng Việt"), on the button that switches to it."""
        return self._content.languages[self._next_language()]

    @Property(bool, notify=changed)
    def several_languages(self) -> bool:
        return len(self._content.languages) > 1

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
