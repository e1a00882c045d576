"""A real AnswerServer on loopback in front of the stand-in call, one per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.paging.web import AnswerServer

from .stand_in import OneCall


@pytest.fixture
def call() -> OneCall:
    return OneCall()


@pytest.fixture
def server(call: OneCall) -> Iterator[AnswerServer]:
    running = AnswerServer("127.0.0.1:0", call)
    running.start()
    yield running
    running.stop()
