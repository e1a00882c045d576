"""The typed model of everything a patient reads, in every language the clinic declares.

Each text field has a length limit that fits the place it is shown, so a nurse learns about
an over-long sentence from `lantern check` rather than from a clipped screen. A clinic shapes
the rest: its languages (`languages:`), and its own screens beside the built-in ones, shown in the
order they are written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import time
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from kiosk.settingsfile.document import Location, leaves
from kiosk.settingsfile.fields import WORDED, ClockTime, Settings

Language = str
"""A language code as the file writes it: `en`, `es`, `vi`, `zh`."""

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")]
MAX_LANGUAGES = 8

LabelWords = Annotated[str, StringConstraints(min_length=1, max_length=32)]
TitleWords = Annotated[str, StringConstraints(min_length=1, max_length=70)]
SentenceWords = Annotated[str, StringConstraints(min_length=1, max_length=220)]
ParagraphWords = Annotated[str, StringConstraints(min_length=1, max_length=480)]

SCREEN_ID_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
ScreenId = Annotated[str, StringConstraints(pattern=SCREEN_ID_PATTERN)]
HOME = "home"
FEELINGS = "feelings"


class Text(Settings):
    """Words shown to the patient: one line per language, each language named in the file's `languages:`.

    The languages are held to that list while the file is checked (the check passes them in the
    validation context), so a missing translation is named at its own line.
    """

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, str]

    shape_hint: ClassVar[str] = (
        "This text needs a line for each language of the file, on the lines below it, indented: "
        "'en: …', 'es: …' and so on (it is {found})."
    )

    @property
    def translations(self) -> dict[Language, str]:
        return dict(self.__pydantic_extra__ or {})

    def in_language(self, language: Language) -> str:
        return self.translations[language]

    @model_validator(mode="after")
    def _in_every_language(self, info: ValidationInfo) -> Self:
        declared: Mapping[str, str] = (info.context or {}).get("languages") or {}
        if not declared:
            return self
        written = self.translations
        errors = [
            InitErrorDetails(
                type=PydanticCustomError(WORDED, _unknown_language(code, declared)), loc=(code,), input=code
            )
            for code in written
            if code not in declared
        ]
        missing = [code for code in declared if code not in written]
        if missing:
            errors.append(
                InitErrorDetails(
                    type=PydanticCustomError(WORDED, _missing_languages(missing, declared)),
                    loc=(),
                    input=written,
                )
            )
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self


def _unknown_language(code: str, declared: Mapping[str, str]) -> str:
    from difflib import get_close_matches  # only a file with a mistake pays for it

    guesses = get_close_matches(code, list(declared), n=1, cutoff=0.5)
    hint = f" Did you mean '{guesses[0]}'?" if guesses else ""
    return (
        f"'{code}' is not one of the languages listed under 'languages' at the top of the file "
        f"({', '.join(declared)}).{hint} To add a language, list it there first."
    )


def _missing_languages(missing: list[str], declared: Mapping[str, str]) -> str:
    named = " and ".join(f"{declared[code]} ({code})" for code in missing)
    return (
        f"This text has no {named} version. Every text needs a line for each language listed under "
        f"'languages' at the top: {', '.join(declared)}."
    )


class Label(Text):
    """A button or a menu entry: a few words."""

    __pydantic_extra__: dict[str, LabelWords]


class Title(Text):
    """A heading: one short line."""

    __pydantic_extra__: dict[str, TitleWords]


class Sentence(Text):
    """One or two short sentences under a heading."""

    __pydantic_extra__: dict[str, SentenceWords]


class Paragraph(Text):
    """A few sentences on one card; the limit keeps it readable in large type without scrolling."""

    __pydantic_extra__: dict[str, ParagraphWords]


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


class CheckInWords(Settings):
    """The gentle check-in: a question and three big answers; the last one asks a nurse to come."""

    question: Title
    ok: Label
    not_great: Label
    someone: Label


class CheckIn(Settings):
    """Every `every_minutes` of a visit (0: never, the default) the kiosk asks softly how the patient
    feels; an unanswered question goes away by itself after `shown_for_seconds`."""

    every_minutes: int = Field(default=0, ge=0, le=120)
    shown_for_seconds: int = Field(default=90, ge=30, le=600)
    words: CheckInWords


class RestingWords(Settings):
    """How long the patient has rested, said gently; `minutes` holds `{minutes}` (rounded to 5)."""

    just_started: Sentence
    minutes: Sentence
    about_an_hour: Sentence
    over_an_hour: Sentence


class VisitSettings(Settings):
    """A patient's visit: how long it lasts at most, and what helps them keep track of time."""

    ends_after_minutes: int = Field(default=120, ge=15, le=480)
    show_resting_time: bool = False
    show_clock: bool = False
    check_in: CheckIn
    resting: RestingWords
    clock: Sentence
    """The calm clock's words; `{time}` is the time in the patient's language, to the minute."""


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
    urgent: Sentence | None = None
    """Under an "I need help now" call's words, so the patient sees it is taken as urgent."""


class Section(Settings):
    """One card: a heading, a few sentences, and a picture when the clinic gives one (a map, the door)."""

    heading: Title
    body: Paragraph
    picture: Picture | None = None


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

    __pydantic_extra__: dict[str, TitleWords]


class Resource(Settings):
    name: Title
    detail: Sentence
    contact: Contact


class Topic(Settings):
    """A screen a clinic writes itself ("What to expect", "Parking", "Free help"): a title, a few words,
    then cards of sections, a list of contacts, or both."""

    nav: Label
    title: Title
    intro: Sentence | None = None
    sections: list[Section] = Field(default=[], max_length=12)
    items: list[Resource] = Field(default=[], max_length=12)

    @model_validator(mode="after")
    def _has_something(self) -> Self:
        if not self.sections and not self.items:
            raise PydanticCustomError(
                WORDED,
                "This screen has nothing on it yet. Give it 'sections' (cards with a heading and a body) "
                "or 'items' (a list of contacts), or both.",
            )
        return self


class Screens(Settings):
    """The home screen, the guided hard-feelings flow, and the clinic's own screens, in the order written.

    The order is the order of the tiles on the home screen, so moving a screen in the file moves it
    on the kiosk.
    """

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[ScreenId, Topic]

    home: HomeScreen
    feelings: FeelingsScreen
    _written: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _keep_written_order(cls, data: Any, handler: Any) -> Screens:
        screens: Screens = handler(data)
        if isinstance(data, dict):
            screens._written = tuple(str(name) for name in data)
        return screens

    @property
    def topics(self) -> dict[str, Topic]:
        return dict(self.__pydantic_extra__ or {})

    @property
    def menu(self) -> tuple[str, ...]:
        """Every screen but home, in the order the file writes them: the tiles of the home screen."""
        known = {FEELINGS, *self.topics}
        written = [name for name in self._written if name in known]
        return tuple(written + [name for name in (FEELINGS, *self.topics) if name not in written])

    def topic(self, name: str) -> Topic | None:
        return self.topics.get(name)


class UiWords(Settings):
    """The small words around the content: buttons and switches that every screen shares."""

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
    more: Label | None = None
    """On a small tablet stood upright, the one button that opens the other shared buttons; without it
    they stay in rows at the foot."""


class Content(Settings):
    """The whole of content.yaml."""

    version: Literal[1]
    languages: dict[LanguageCode, LabelWords] = Field(min_length=1, max_length=MAX_LANGUAGES)
    clinic: Clinic
    disclaimer: Sentence
    imagery: Imagery
    schedule: Schedule = Schedule()
    visit: VisitSettings | None = None
    help: HelpWords
    ui: UiWords
    screens: Screens

    @classmethod
    def from_data(cls, data: Any) -> Content:
        """Validate a content file's values, holding every text to the languages the file declares."""
        return cls.model_validate(data, context={"languages": declared_languages(data)})

    @property
    def default_language(self) -> Language:
        return next(iter(self.languages))

    def pictures(self) -> Iterator[tuple[Location, str]]:
        """Every picture file the content names, with where it is named."""
        return named_pictures(self.model_dump())

    def patient_texts(self) -> Iterator[tuple[Location, Text]]:
        """Every translated text, with where it is written, for readability checks."""
        yield from _texts(self, ())


def declared_languages(data: Any) -> dict[str, str]:
    """The `languages:` of a file's raw values, as far as they can be read, before the file is validated."""
    languages = data.get("languages") if isinstance(data, dict) else None
    if not isinstance(languages, dict):
        return {}
    return {str(code): str(name) for code, name in languages.items()}


def named_pictures(data: Any) -> Iterator[tuple[Location, str]]:
    """Every picture a file's raw values name (each `file:`), so the check can look at them all even
    when something else in the file is wrong."""
    for location, value in leaves(data):
        if location[-1:] == ("file",) and isinstance(value, str):
            yield location, value


def _texts(node: object, location: Location) -> Iterator[tuple[Location, Text]]:
    if isinstance(node, Text):
        yield location, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), (*location, name))
        for name, value in (node.__pydantic_extra__ or {}).items():
            yield from _texts(value, (*location, name))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _texts(item, (*location, index))
