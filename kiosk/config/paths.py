"""Where Lantern keeps its durable files, so several tablets can share one machine in tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "LANTERN_DATA_DIR"


def data_dir() -> Path:
    """The data folder: `LANTERN_DATA_DIR` when set, else the platform's user data folder for Lantern.

    The folder is not created here; whoever writes into it creates it and reports failure in words.
    """
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return platformdirs.user_data_path("lantern", appauthor=False)


def cache_dir() -> Path:
    """Where Lantern keeps what it can work out again (which pictures decoded whole): inside the data
    folder when `LANTERN_DATA_DIR` is set, else the platform's user cache folder."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        return Path(configured).expanduser() / "cache"
    return platformdirs.user_cache_path("lantern", appauthor=False)
