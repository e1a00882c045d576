"""Fill `{help_button}`, `{clinic}` and `{clinic_phone}` into patient texts, so renaming the button or
changing the phone number is one edit, not a hunt through every sentence that mentions it.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from kiosk.content.model import LANGUAGES, Content, Language
from kiosk.settingsfile.document import Location

_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def placeholder_values(content: Content, language: Language) -> dict[str, str]:
    return {
        "help_button": content.help.button.in_language(language),
        "clinic": content.clinic.name,
        "clinic_phone": content.clinic.phone,
    }


def unknown_placeholders(content: Content) -> list[tuple[Location, str]]:
    """A message for each `{name}` that Lantern cannot fill in, with where it is written."""
    known = list(placeholder_values(content, "en"))
    found = []
    for location, text in content.patient_texts():
        for language in LANGUAGES:
            for name in _PLACEHOLDER.findall(text.in_language(language)):
                if name not in known:
                    guesses = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                    hint = f" Did you mean '{{{guesses[0]}}}'?" if guesses else ""
                    found.append(
                        (
                            (*location, language),
                            f"'{{{name}}}' is not something Lantern can fill in.{hint} "
                            f"It can fill in: {', '.join('{' + name + '}' for name in known)}.",
                        )
                    )
    return found


def fill_placeholders(content: Content, data: Any) -> Any:
    """The content file's values with every placeholder filled in, per language."""
    values = {language: placeholder_values(content, language) for language in LANGUAGES}
    return _fill(data, values, None)


def _fill(node: Any, values: dict[Language, dict[str, str]], language: Language | None) -> Any:
    if isinstance(node, dict):
        return {
            key: _fill(value, values, key if key in LANGUAGES else language) for key, value in node.items()
        }
    if isinstance(node, list):
        return [_fill(item, values, language) for item in node]
    if isinstance(node, str) and language is not None:
        return _PLACEHOLDER.sub(lambda match: values[language].get(match[1], match[0]), node)
    return node
