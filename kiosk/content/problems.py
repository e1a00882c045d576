"""The content file's own error, so callers can tell it from a broken settings file."""

from __future__ import annotations

from kiosk.settingsfile.problems import FileProblems


class ContentError(FileProblems):
    """The content file cannot be shown to patients."""
