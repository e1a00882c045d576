"""Apply content edits live: watch the content folder and its pictures, and reload through ContentSource.

Editors save by writing a new file and renaming it over the old one, which makes a plain file
watch go quiet (QFileSystemWatcher drops a replaced file), so the folders are watched and the
files re-added after every change. The `assets/` folder and each picture in it are watched too:
a picture replaced under the same name is shown without content.yaml being saved again. A short
debounce lets an editor (or a copy of many pictures) finish its burst of writes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content.source import ContentSource, ShownContent

DEBOUNCE_MS = 300
ASSETS = "assets"


class ContentWatch(QObject):
    """Emits `changed` with what patients should see after each edit; a broken edit keeps the content shown."""

    changed = Signal(object)

    def __init__(self, source: ContentSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._watcher = QFileSystemWatcher(self)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)
        self._watcher.directoryChanged.connect(self._debounce.start)
        self._watcher.fileChanged.connect(self._debounce.start)
        self._watch()

    @property
    def shown(self) -> ShownContent | None:
        return self._source.shown

    def follow(self, path: Path) -> ShownContent:
        """Show another content file from now on (a set the station published), watched like the first."""
        watched = self._watcher.directories() + self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        self._source.follow(path)
        return self.reload()

    def reload(self) -> ShownContent:
        shown = self._source.load()
        self._watch()
        self.changed.emit(shown)
        return shown

    def _watch(self) -> None:
        path: Path = self._source.path
        assets = path.parent / ASSETS
        pictures = sorted(assets.iterdir()) if assets.is_dir() else []
        watched = set(self._watcher.directories() + self._watcher.files())
        for candidate in (path.parent, path, assets, *pictures):
            if str(candidate) not in watched and candidate.exists():
                self._watcher.addPath(str(candidate))
