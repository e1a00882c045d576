"""What "read aloud" says on each page: the same words the page shows, in the page's order."""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.content.model import FEELINGS, HOME, CallStateWords, Content, Language, Picture, Text, Topic
from kiosk.session.navigation import Place, Step


def spoken_text(
    content: Content,
    place: Place,
    language: Language,
    *,
    picture: Picture | None,
    call: CallStateWords | None,
) -> str:
    """The page as one text; an open call's words come first, because they matter most right now."""
    texts: list[Text] = []
    if call is not None:
        texts += [call.title, call.detail]
    texts += list(_page(content, place, picture))
    return " ".join(_sentence(text.in_language(language)) for text in texts)


def _page(content: Content, place: Place, picture: Picture | None) -> Iterator[Text]:
    screens = content.screens
    if place.screen == HOME:
        yield from (screens.home.greeting, screens.home.message)
        if picture is not None:
            yield picture.description
    elif place.screen == FEELINGS:
        yield from _feelings(content, place)
    elif (topic := screens.topic(place.screen)) is not None:
        yield from _topic(topic)


def _topic(topic: Topic) -> Iterator[Text]:
    yield topic.title
    if topic.intro is not None:
        yield topic.intro
    for section in topic.sections:
        yield from (section.heading, section.body)
        if section.picture is not None:
            yield section.picture.description
    for item in topic.items:
        yield from (item.name, item.detail, item.contact)


def _feelings(content: Content, place: Place) -> Iterator[Text]:
    feelings = content.screens.feelings
    if place.step is Step.WORDS:
        yield feelings.title
        for section in feelings.sections:
            yield from (section.heading, section.body)
    elif place.step is Step.BREATHING:
        yield from (feelings.breathing.title, feelings.breathing.guide)
    elif place.step is Step.GROUNDING:
        if place.grounding == 0:
            yield from (feelings.grounding.title, feelings.grounding.guide)
        yield feelings.grounding.steps[place.grounding].prompt
    elif place.step is Step.FINISHED:
        yield feelings.grounding.finished
    else:
        help_words = content.help
        yield from (feelings.offer_call.title, feelings.offer_call.body)
        yield from (
            help_words.check.label,
            help_words.check.detail,
            help_words.now.label,
            help_words.now.detail,
        )


def _sentence(text: str) -> str:
    """A heading gets a full stop, so the voice pauses after it instead of running on."""
    return text if text.endswith((".", "?", "!", "…", ":")) else f"{text}."
