"""The typed model of everything a patient reads, in English and Spanish.

Each text field has a length limit that fits the place it is shown, so a nurse learns about
an over-long sentence from `lantern check` rather than from a clipped screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field, StringConstraints

from kiosk.settingsfile.document import Location
from kiosk.settingsfile.fields import ClockTime, Settings

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = ("en", "es")

LabelWords = Annotated[str, StringConstraints(min_length=1, max_length=32)]
TitleWords = Annotated[str, StringConstraints(min_length=1, max_length=70)]
SentenceWords = Annotated[str, StringConstraints(min_length=1, max_length=220)]
ParagraphWords = Annotated[str, StringConstraints(min_length=1, max_length=480)]


class Text(Settings):
    """Words shown to the patient, in every language the kiosk offers."""

    missing_hint: ClassVar[str] = "Every text needs an English (en) and a Spanish (es) version."
    shape_hint: ClassVar[str] = (
        "This text needs an English and a Spanish version, on two lines below it, indented: "
        "'en: …' and 'es: …' (it is {found})."
    )

    en: str
    es: str

    def in_language(self, language: Language) -> str:
        return self.en if language == "en" else self.es


class Label(Text):
    """A button or a menu entry: a few words."""

    en: LabelWords
    es: LabelWords


class Title(Text):
    """A heading: one short line."""

    en: TitleWords
    es: TitleWords


class Sentence(Text):
    """One or two short sentences under a heading."""

    en: SentenceWords
    es: SentenceWords


class Paragraph(Text):
    """A few sentences on one card; the limit keeps it readable in large type without scrolling."""

    en: ParagraphWords
    es: ParagraphWords


ImageFile = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Clinic(Settings):
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    phone: Annotated[str, StringConstraints(min_length=3, max_length=30)]


class Picture(Settings):
    file: ImageFile
    description: Sentence


class Imagery(Settings):
    """The slowly changing pictures behind the home screen; night pictures are warmer and dimmer."""

    day: list[Picture] = Field(min_length=1, max_length=20)
    night: list[Picture] = Field(min_length=1, max_length=20)
    seconds_per_picture: int = Field(default=30, ge=10, le=600)
    crossfade_seconds: float = Field(default=8, ge=2, le=30)


class Schedule(Settings):
    """When the kiosk dims for the night and how long it waits before drifting back home."""

    night_starts: ClockTime = time(20, 0)
    night_ends: ClockTime = time(7, 0)
    return_home_after_seconds: int = Field(default=180, ge=30, le=3600)


class CallKindWords(Settings):
    label: Label
    detail: Sentence


class CallStateWords(Settings):
    """What the patient reads while a call is in one state: what is happening and what to do now."""

    title: Title
    detail: Sentence


class HelpWords(Settings):
    button: Label
    explain: Sentence
    choose: Title
    check: CallKindWords
    now: CallKindWords
    calling: CallStateWords
    received: CallStateWords
    on_way: CallStateWords
    here: CallStateWords
    done: CallStateWords
    unreachable: CallStateWords
    connection_lost: Sentence
    now_urgent: Sentence


class Section(Settings):
    heading: Title
    body: Paragraph


class InfoScreen(Settings):
    nav: Label
    title: Title
    intro: Sentence | None = None
    sections: list[Section] = Field(min_length=1, max_length=12)


class HomeScreen(Settings):
    greeting: Title
    message: Sentence


class Breathing(Settings):
    """The breathing pacer: no breath-holds, about six breaths a minute unless the clinic chooses otherwise."""

    title: Title
    guide: Sentence
    breathe_in: Label
    breathe_out: Label
    breaths_per_minute: float = Field(default=6, ge=4, le=10)


class GroundingStep(Settings):
    count: int = Field(ge=1, le=9)
    prompt: Sentence


class Grounding(Settings):
    title: Title
    guide: Sentence
    steps: list[GroundingStep] = Field(min_length=1, max_length=9)
    finished: Sentence


class CallOffer(Settings):
    title: Title
    body: Sentence


class FeelingsScreen(Settings):
    """The guided way through hard feelings: a few kind words, breathing, grounding, then an offer of help."""

    nav: Label
    title: Title
    sections: list[Section] = Field(min_length=1, max_length=6)
    breathing: Breathing
    grounding: Grounding
    offer_call: CallOffer


class Contact(Text):
    """How to reach a resource, in words: "Call or text 988", "Text HOME to 741741"."""

    en: TitleWords
    es: TitleWords


class Resource(Settings):
    name: Title
    detail: Sentence
    contact: Contact


class ResourcesScreen(Settings):
    nav: Label
    title: Title
    intro: Sentence | None = None
    items: list[Resource] = Field(min_length=1, max_length=12)


class Screens(Settings):
    home: HomeScreen
    expect: InfoScreen
    feelings: FeelingsScreen
    after: InfoScreen
    resources: ResourcesScreen


class UiWords(Settings):
    """The small words around the content: buttons and switches that every screen shares."""

    language_name: Label
    back: Label
    home: Label
    next: Label
    start_again: Label
    larger_text: Label
    read_aloud: Label
    stop_reading: Label
    pause_pictures: Label
    slower: Label
    faster: Label
    staff: Label


class Content(Settings):
    """The whole of content.yaml."""

    version: Literal[1]
    clinic: Clinic
    disclaimer: Sentence
    imagery: Imagery
    schedule: Schedule = Schedule()
    help: HelpWords
    ui: UiWords
    screens: Screens

    def pictures(self) -> Iterator[tuple[Location, str]]:
        """Every picture file the content names, with where it is named."""
        for period in ("day", "night"):
            for index, picture in enumerate(getattr(self.imagery, period)):
                yield ("imagery", period, index, "file"), picture.file

    def patient_texts(self) -> Iterator[tuple[Location, Text]]:
        """Every translated text, with where it is written, for readability checks."""
        yield from _texts(self, ())


def _texts(node: object, location: Location) -> Iterator[tuple[Location, Text]]:
    if isinstance(node, Text):
        yield location, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), (*location, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _texts(item, (*location, index))
