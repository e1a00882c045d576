"""A relay on a GPIO line of the tablet (a relay HAT), through libgpiod's Python binding (v2 API).

`gpiod` is an optional extra (`pip install 'lantern-kiosk[relay-gpio]'`) and is imported only when a
GPIO relay is configured. The line is requested as an output for as long as the kiosk runs, so no
other program can drive it meanwhile; every command is read back from the line to confirm it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.relay.driver import Heard, RelayError

CONSUMER = "lantern-nurse-call"


class OutputLine(Protocol):
    """One requested output line; `active` is the line's logical value (active_low is applied)."""

    def write(self, active: bool) -> None: ...
    def read(self) -> bool: ...
    def release(self) -> None: ...


class GpiodLine:
    """The line through libgpiod: `request_lines` with an output `LineSettings`, `set_value`, `get_value`."""

    def __init__(self, chip: Path, offset: int, active_low: bool) -> None:
        import gpiod
        from gpiod.line import Direction, Value

        self._offset = offset
        self._values = (Value.INACTIVE, Value.ACTIVE)
        self._request = gpiod.request_lines(
            str(chip),
            consumer=CONSUMER,
            config={
                offset: gpiod.LineSettings(
                    direction=Direction.OUTPUT, active_low=active_low, output_value=Value.INACTIVE
                )
            },
        )

    def write(self, active: bool) -> None:
        self._request.set_value(self._offset, self._values[active])

    def read(self) -> bool:
        return bool(self._request.get_value(self._offset) == self._values[True])

    def release(self) -> None:
        self._request.release()


class GpioRelay:
    """`open_line` makes the line on first use and again after a failure (a HAT plugged back in)."""

    def __init__(
        self,
        chip: Path,
        offset: int,
        *,
        active_low: bool = False,
        open_line: Callable[[], OutputLine] | None = None,
    ) -> None:
        self._where = f"line {offset} of {chip}"
        self._open_line = open_line or (lambda: GpiodLine(chip, offset, active_low))
        self._line: OutputLine | None = None
        self._heard: Heard = lambda _closed: None

    def start(self, heard: Heard) -> None:
        self._heard = heard

    def set(self, closed: bool) -> None:
        try:
            if self._line is None:
                self._line = self._open_line()
            self._line.write(closed)
            reads = self._line.read()
        except ImportError:
            raise RelayError(
                "the gpiod package is not installed (pip install 'lantern-kiosk[relay-gpio]')"
            ) from None
        except (OSError, ValueError) as error:
            self._drop()
            raise RelayError(f"{self._where}: {error}") from None
        self._heard(reads)

    def stop(self) -> None:
        self._drop()

    def _drop(self) -> None:
        line, self._line = self._line, None
        if line is not None:
            with contextlib.suppress(OSError, ValueError):
                line.release()
