"""The building blocks every settings model shares: strict groups, and times of day as people write them."""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

WORDED = "worded"
"""The error type of a model's own check whose message is already written for the person fixing the file."""


class Settings(BaseModel):
    """Base for every group of settings: unknown keys are errors, numbers in text fields become text."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True, defer_build=True
    )

    missing_hint: ClassVar[str] = ""
    """Added to "'x' is required … but it is missing" for a setting of this group."""
    shape_hint: ClassVar[str] = ""
    """Said instead of "This should be a group of settings …" when this group is written as something
    else; `{found}` says what was written."""


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _clock_time(value: object) -> object:
    """ "20:00" as a time of day; YAML 1.1 would have read it as the number 1200."""
    if isinstance(value, str) and (match := _CLOCK.match(value.strip())):
        return time(int(match[1]), int(match[2]))
    if isinstance(value, time):
        return value
    raise ValueError("clock_time")


ClockTime = Annotated[time, BeforeValidator(_clock_time)]
