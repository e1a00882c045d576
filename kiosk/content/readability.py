"""Reading-level warnings, so a nurse can simplify a sentence before a drowsy patient has to read it.

The published Flesch-Kincaid grade (English) and Szigriszt-Pazos ease (Spanish) formulas, with
syllables counted by vowel groups. textstat implements the same formulas, but its current releases
download a pronunciation dictionary from the internet at run time (a clinic tablet may be offline),
and loading hyphenation dictionaries (pyphen) costs half of the time `lantern check` is allowed.
For a warning that says "simplify this", vowel groups are accurate enough: Spanish spelling is
regular, and English estimates are within a fraction of a grade on sentences of this kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from kiosk.content.model import Language, Text
from kiosk.settingsfile.document import Location

MAX_ENGLISH_GRADE = 8.0
MIN_SPANISH_EASE = 65.0
MIN_WORDS = 8

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?:\s|$)")
_ENGLISH_VOWELS = re.compile(r"[aeiouy]+")
_ENGLISH_SILENT_END = re.compile(r"(?:[^aeiouyl]e|[^aeiouycgsxzl]es|[^aeiouydt]ed)$")
_SPANISH_VOWELS = re.compile(r"[aeiouáéíóúü]+")
_SPANISH_HIATUS = re.compile(r"[aeoáéó][aeoáéó]|[íú][aeo]|[aeo][íú]")


SCORED: tuple[Language, ...] = ("en", "es")
"""The languages with a published reading-level formula; the rest are listed as not checked."""


def readability_warnings(texts: Iterator[tuple[Location, Text]]) -> Iterator[tuple[Location, str]]:
    """A warning for each English or Spanish text that reads harder than the limits above."""
    for location, text in texts:
        english, spanish = text.translations.get("en", ""), text.translations.get("es", "")
        if _long_enough(english) and (grade := english_grade(english)) > MAX_ENGLISH_GRADE:
            yield (
                (*location, "en"),
                f"This English text reads at about grade {grade:.0f}; aim for grade 6, at most 8. "
                "Shorter sentences and shorter words help.",
            )
        if _long_enough(spanish) and (ease := spanish_ease(spanish)) < MIN_SPANISH_EASE:
            yield (
                (*location, "es"),
                f"This Spanish text scores {ease:.0f} for ease of reading (Szigriszt-Pazos); aim for 65 or more. "
                "Shorter sentences and simpler words help.",
            )


def not_scored_note(languages: dict[Language, str]) -> str | None:
    """Say plainly which languages had no reading-level check, so silence is not read as a pass."""
    unscored = [f"{name} ({code})" for code, name in languages.items() if code not in SCORED]
    them = "it" if len(unscored) == 1 else "them"
    if not unscored:
        return None
    return (
        f"Reading level not checked for {', '.join(unscored)}: Lantern knows no published reading-level "
        f"formula for {them}. Ask someone who reads {them} well to read those texts as a patient would."
    )


def english_grade(text: str) -> float:
    words, sentences, syllables = _counts(text, "en")
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


def spanish_ease(text: str) -> float:
    words, sentences, syllables = _counts(text, "es")
    return 206.835 - 62.3 * syllables / words - words / sentences


def _long_enough(text: str) -> bool:
    """Formulas mean nothing on a button label of three words."""
    return len(_WORD.findall(text)) >= MIN_WORDS


def _counts(text: str, language: Language) -> tuple[int, int, int]:
    words = _WORD.findall(text)
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syllables = sum(_syllables(word.lower(), language) for word in words)
    return max(1, len(words)), sentences, syllables


@cache
def _syllables(word: str, language: Language) -> int:
    if language == "es":
        return max(1, len(_SPANISH_VOWELS.findall(word)) + len(_SPANISH_HIATUS.findall(word)))
    count = len(_ENGLISH_VOWELS.findall(word))
    if count > 1 and _ENGLISH_SILENT_END.search(word):
        count -= 1
    return max(1, count)
