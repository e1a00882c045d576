"""Fill `{help_button}`, `{clinic}` and `{clinic_phone}` into patient texts, so renaming the button or
changing the phone number is one edit, not a hunt through every sentence that mentions it.

Both jobs work on the file's raw values, before the model is checked, so a file with a misspelt
placeholder and a wrong indentation gets both problems in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kiosk.content.model import Language, declared_languages
from kiosk.settingsfile.document import Location, leaves

PLACEHOLDERS = ("help_button", "clinic", "clinic_phone")
ON_SCREEN: dict[Location, str] = {("visit", "resting", "minutes"): "minutes", ("visit", "clock"): "time"}
"""Placeholders the kiosk fills in as it shows the text (the minutes rested, the time), each only where it means something."""
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(data: Any) -> list[tuple[Location, str, str]]:
    """Each `{name}` that Lantern cannot fill in (a typo, a space): where, as written, and what to do."""
    return [
        (location, "{" + name + "}", _unknown(name))
        for location, words in _translations(data)
        for name in _PLACEHOLDER.findall(words)
        if name not in PLACEHOLDERS and ON_SCREEN.get(location[:-1]) != name
    ]


def fill_placeholders(data: Any) -> Any:
    """The content file's values with every placeholder filled in, per language (unknown ones are left)."""
    values = {language: _values(data, language) for language in declared_languages(data)}
    return _fill(data, values, None)


def _values(data: Any, language: Language) -> dict[str, str]:
    found = {
        "help_button": _value_at(data, ("help", "button", language)),
        "clinic": _value_at(data, ("clinic", "name")),
        "clinic_phone": _value_at(data, ("clinic", "phone")),
    }
    return {name: value for name, value in found.items() if isinstance(value, str)}


def _value_at(data: Any, location: Location) -> Any:
    for part in location:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _unknown(name: str) -> str:
    import difflib  # only a file with a mistake pays for it

    written = "_".join(name.strip().lower().replace("-", " ").split())
    known = list(PLACEHOLDERS)
    guesses = [written] if written in known else difflib.get_close_matches(written, known, n=1, cutoff=0.5)
    hint = f" Did you mean '{{{guesses[0]}}}'?" if guesses else ""
    spaces = " It has a space in it; the names are written with '_' and no spaces." if " " in name else ""
    return (
        f"'{{{name}}}' is not something Lantern can fill in.{hint}{spaces} "
        f"It can fill in: {', '.join('{' + name + '}' for name in known)}."
    )


def _translations(data: Any) -> Iterator[tuple[Location, str]]:
    """Every text of the file in one language, with where it is written."""
    languages = declared_languages(data)
    for location, value in leaves(data):
        if (
            location[-1:]
            and location[-1] in languages
            and location[0] != "languages"
            and isinstance(value, str)
        ):
            yield location, value


def _fill(node: Any, values: dict[Language, dict[str, str]], language: Language | None) -> Any:
    if isinstance(node, dict):
        return {key: _fill(value, values, key if key in values else language) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values, language) for item in node]
    if isinstance(node, str) and language is not None:
        return _PLACEHOLDER.sub(lambda match: values[language].get(match[1], match[0]), node)
    return node
