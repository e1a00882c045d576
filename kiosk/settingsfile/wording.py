"""Turn pydantic's validation errors into sentences a nurse can act on, at the right line."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kiosk.settingsfile.document import Location, SourceDocument
from kiosk.settingsfile.fields import WORDED, Settings
from kiosk.settingsfile.problems import Problem


def validation_problems(
    error: ValidationError, document: SourceDocument, root: type[BaseModel]
) -> list[Problem]:
    """Each validation error as a Problem at its place in the file; `root` is the file's model."""
    problems = []
    for detail in error.errors(include_url=False):
        location: Location = tuple(detail["loc"])
        if detail["type"] == "missing":
            line, column = document.position_of(location[:-1], key=True)
        else:
            line, column = document.position_of(location, key=detail["type"] in ("extra_forbidden", WORDED))
        problems.append(Problem(line, column, _message(detail, location, document, root), document.file))
    return problems


def _message(
    detail: ErrorDetails, location: Location, document: SourceDocument, root: type[BaseModel]
) -> str:
    kind = detail["type"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    found = document.value_at(location)
    written = document.written_as.get(location)
    name = str(location[-1]) if location else "the file"
    if kind == WORDED:
        return detail["msg"]
    if kind == "missing":
        return _missing(name, location[:-1], root)
    if kind == "extra_forbidden":
        return _unknown(name, location[:-1], root)
    if kind == "string_too_long":
        return (
            f"This text is {len(str(found))} characters long, but at most {context['max_length']} fit here. "
            "Please shorten it."
        )
    if kind == "string_too_short":
        if context["min_length"] > 1:
            return f"This text is too short: write at least {context['min_length']} characters."
        return "This text is empty. Please write something here."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _not_a_group(location, found, root)
    if kind == "list_type":
        return f"This should be a list, each item on its own line starting with '- ', but it is {_describe(found)}."
    if kind == "too_short":
        return f"This list needs at least {context['min_length']} item(s)."
    if kind == "too_long":
        return f"This list can have at most {context['max_length']} items; it has {context['actual_length']}."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"This should be a whole number, like 30, but it is {_describe(found, written)}."
    if kind in ("float_parsing", "float_type"):
        return f"This should be a number, like 6, but it is {_describe(found, written)}."
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"This number is too small: it must be at least {_number(context.get('ge', context.get('gt')))}."
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"This number is too large: it must be at most {_number(context.get('le', context.get('lt')))}."
        )
    if kind == "string_type":
        if isinstance(found, dict):
            return (
                "This should be text, but it reads as a group because it starts with '{'. "
                'Put the whole text in double quotes, like "{help_button} is at the top."'
            )
        return f"This should be text, but it is {_describe(found, written)}. Put it in double quotes if it is meant as text."
    if kind == "literal_error":
        return f"This must be {context['expected']}."
    if kind == "value_error" and "clock_time" in detail["msg"]:
        return _clock_time(found, written)
    if kind == "value_error":
        return str(context.get("error", detail["msg"]))
    return f"This value is not valid here: {detail['msg']}."


def _missing(name: str, parent: Location, root: type[BaseModel]) -> str:
    message = f"'{name}' is required {_under(parent)}, but it is missing."
    model = model_at(parent, root)
    hint = model.missing_hint if model is not None and issubclass(model, Settings) else ""
    return f"{message} {hint}" if hint else message


def _unknown(name: str, parent: Location, root: type[BaseModel]) -> str:
    model = model_at(parent, root)
    message = f"'{name}' is not a setting {_under(parent)}."
    if model is not None:
        guesses = difflib.get_close_matches(name, list(model.model_fields), n=1, cutoff=0.6)
        message += (
            f" Did you mean '{guesses[0]}'?"
            if guesses
            else f" The settings here are: {', '.join(model.model_fields)}."
        )
    return message


def _not_a_group(location: Location, found: object, root: type[BaseModel]) -> str:
    model = model_at(location, root)
    if model is not None and issubclass(model, Settings) and model.shape_hint:
        return model.shape_hint.format(found=_describe(found))
    return f"This should be a group of settings on the indented lines below it, but it is {_describe(found)}."


def _under(parent: Location) -> str:
    if not parent:
        return "at the top of the file"
    last = parent[-1]
    if isinstance(last, int):
        return f"in item {last + 1} of '{parent[-2]}'" if len(parent) > 1 else f"in item {last + 1}"
    return f"under '{last}'"


def _clock_time(found: object, written: str | None) -> str:
    if isinstance(found, str) and re.fullmatch(r"\s*\d{1,2}:\d{2}\s*", found):
        return f"'{found.strip()}' is not a time of day: hours go from 00 to 23 and minutes from 00 to 59."
    return f'Write the time as hours and minutes, like "20:00" or "07:30" (not {_describe(found, written)}).'


def _number(value: object) -> str:
    """10.0 reads as a typo to a nurse; 10 does not."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _describe(value: object, written: str | None = None) -> str:
    if written in ("null", "Null", "NULL", "~"):
        return f"the word '{written}', which means 'empty' in this file"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {written or _number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "…"
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    return "a group of settings"


def model_at(location: Location, root: type[BaseModel]) -> type[BaseModel] | None:
    """The settings model expected at a place in the file, found by walking the type hints of its root."""
    model: type[BaseModel] | None = root
    for part in location:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field else _extra_model(model)
    return model


def _extra_model(model: type[BaseModel]) -> type[BaseModel] | None:
    """The model of the open-ended settings of a group (the clinic's own screens under `screens`)."""
    extra = typing.get_type_hints(model).get("__pydantic_extra__")
    arguments = typing.get_args(extra)
    return _model_in(arguments[1]) if len(arguments) == 2 else None


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None
