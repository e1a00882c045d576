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

from kiosk.content.model import LANGUAGES, Content, Language, Text


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


class ContentModel(QObject):
    """`Words` in QML: the shown content in the chosen language."""

    changed = Signal()

    def __init__(self, content: Content, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._language: Language = "en"
        self._words: dict[str, Any] = localised(content, self._language)

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

    def _get_lang(self) -> str:
        return self._language

    def _get_other_language_name(self) -> str:
        other = LANGUAGES[(LANGUAGES.index(self._language) + 1) % len(LANGUAGES)]
        return self._content.ui.language_name.in_language(other)

    def _get_help(self) -> dict[str, Any]:
        return dict(self._words["help"])

    def _get_ui(self) -> dict[str, Any]:
        return dict(self._words["ui"])

    def _get_screens(self) -> dict[str, Any]:
        return dict(self._words["screens"])

    def _get_clinic(self) -> dict[str, Any]:
        return dict(self._words["clinic"])

    def _get_disclaimer(self) -> str:
        return str(self._words["disclaimer"])

    lang = Property(str, _get_lang, notify=changed)
    other_language_name = Property(str, _get_other_language_name, notify=changed)
    help = Property(dict, _get_help, notify=changed)
    ui = Property(dict, _get_ui, notify=changed)
    screens = Property(dict, _get_screens, notify=changed)
    clinic = Property(dict, _get_clinic, notify=changed)
    disclaimer = Property(str, _get_disclaimer, notify=changed)
