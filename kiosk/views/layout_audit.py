"""What a patient would see wrong on the screen as laid out now: words drawn over other things, words
cut off or off the screen, targets too small or too close. Measured in real millimetres.

It reads the live item tree, so it audits what is drawn, not what the QML meant: the painted extent of
each text (its content size, placed by its alignment), clipped by any scrolling area above it.
Targets are the items a patient can tap (those with an enabled TapHandler), staff gestures aside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem, QQuickWindow

TARGET_MM = 15.0
HELP_TARGET_MM = 20.0
TARGET_GAP_MM = 3.0
TOLERANCE_PX = 1.5
"""Anti-aliasing and rounding: a text touching its button's edge by a pixel is not drawn over it."""
_STAFF_ONLY = ("staff_gesture",)


@dataclass(frozen=True)
class Drawn:
    """An item as it shows: where on the window, and what a person would call it."""

    item: QQuickItem
    rect: QRectF
    name: str
    whole: QRectF | None = None
    """The full extent, of which a scrolling area may show only part (pages scroll up and down only)."""


@dataclass(frozen=True)
class LayoutProblem:
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def audit(window: QQuickWindow, px_per_mm: float) -> list[LayoutProblem]:
    """Every way the screen as drawn now fails a patient; empty when it is right."""
    bounds = QRectF(0, 0, window.width(), window.height())
    texts, targets = _drawn(window.contentItem())
    problems: list[LayoutProblem] = []
    for drawn in [*texts, *targets]:
        if not _inside(drawn.rect, bounds):
            problems.append(LayoutProblem("off screen", f"{drawn.name} at {_where(drawn.rect)}"))
    for index, text in enumerate(texts):
        for other in texts[index + 1 :]:
            if _overlap(text.rect, other.rect):
                problems.append(LayoutProblem("text over text", f"{text.name} and {other.name}"))
        for target in targets:
            if not _within(text.item, target.item) and _overlap(text.rect, target.rect):
                problems.append(LayoutProblem("text under a button", f"{text.name} under {target.name}"))
    for text in texts:
        if text.whole is not None and (
            text.whole.left() < text.rect.left() - TOLERANCE_PX
            or text.whole.right() > text.rect.right() + TOLERANCE_PX
        ):
            problems.append(LayoutProblem("cut off", f"{text.name} is cut at the side of its scrolling area"))
        box = _box(text.item)
        if box is not None and not _inside(text.rect, box.rect):
            problems.append(LayoutProblem("cut off", f"{text.name} spills out of {box.name}"))
    for index, target in enumerate(targets):
        size = target.whole or target.rect
        smallest = min(size.width(), size.height()) / px_per_mm
        needed = HELP_TARGET_MM if _class(target.item).startswith("HelpButton") else TARGET_MM
        if smallest + TOLERANCE_PX / px_per_mm < needed:
            problems.append(
                LayoutProblem("too small", f"{target.name} is {smallest:.1f} mm (needs {needed:g})")
            )
        for other in targets[index + 1 :]:
            gap = _gap(target.rect, other.rect) / px_per_mm
            if gap + TOLERANCE_PX / px_per_mm < TARGET_GAP_MM:
                problems.append(
                    LayoutProblem("too close", f"{target.name} and {other.name}: {gap:.1f} mm apart")
                )
    return problems


def _drawn(root: QQuickItem) -> tuple[list[Drawn], list[Drawn]]:
    texts: list[Drawn] = []
    targets: list[Drawn] = []
    for item, clip in _shown_items(root, None):
        if item.inherits("QQuickText") and str(item.property("text")).strip():
            painted = _painted(item)
            rect = painted if clip is None else painted.intersected(clip)
            if not rect.isEmpty():
                texts.append(Drawn(item, rect, _name(item), painted))
        elif _tappable(item):
            whole = _scene_rect(item)
            rect = whole if clip is None else whole.intersected(clip)
            if not rect.isEmpty():
                targets.append(Drawn(item, rect, _name(item), whole))
    return texts, targets


def _shown_items(root: QQuickItem, clip: QRectF | None) -> Iterator[tuple[QQuickItem, QRectF | None]]:
    """Items a person can see, each with the scrolling area's window that shows it (if any)."""
    for child in root.childItems():
        if not child.isVisible() or child.opacity() < 0.01:
            continue
        yield child, clip
        inner = clip
        if child.clip():
            own = _scene_rect(child)
            inner = own if clip is None else own.intersected(clip)
        yield from _shown_items(child, inner)


def _painted(text: QQuickItem) -> QRectF:
    """Where a Text's letters are: its content size, placed by its padding and alignment."""
    left = float(text.property("leftPadding"))
    top = float(text.property("topPadding"))
    inner_w = text.width() - left - float(text.property("rightPadding"))
    inner_h = text.height() - top - float(text.property("bottomPadding"))
    width, height = float(text.property("contentWidth")), float(text.property("contentHeight"))
    horizontal, vertical = _alignment(text)
    x = left + _offset(
        horizontal, inner_w - width, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight
    )
    y = top + _offset(vertical, inner_h - height, Qt.AlignmentFlag.AlignVCenter, Qt.AlignmentFlag.AlignBottom)
    corner = text.mapToScene(QPointF(x, y))
    return QRectF(corner.x(), corner.y(), width, height)


def _alignment(text: QQuickItem) -> tuple[int, int]:
    """A Text's alignments as numbers: PySide6 cannot convert QQuickText's enums, QML can."""
    context = QQmlEngine.contextForObject(text)
    both, _ = QQmlExpression(
        context, text, "effectiveHorizontalAlignment * 1000 + verticalAlignment"
    ).evaluate()
    return divmod(int(both), 1000)


def _offset(alignment: int, room: float, centre: Qt.AlignmentFlag, end: Qt.AlignmentFlag) -> float:
    if alignment == centre.value:
        return room / 2
    if alignment == end.value:
        return room
    return 0.0


def _tappable(item: QQuickItem) -> bool:
    if not item.isEnabled():
        return False
    return any(
        child.inherits("QQuickTapHandler")
        and child.property("enabled")
        and child.objectName() not in _STAFF_ONLY
        for child in item.children()
    )


def _box(text: QQuickItem) -> Drawn | None:
    """The nearest surface around a text that has a shape of its own (a button, a card, a panel)."""
    node = text.parentItem()
    while node is not None:
        if node.inherits("QQuickRectangle") or _tappable(node):
            return Drawn(node, _scene_rect(node), _name(node))
        node = node.parentItem()
    return None


def _within(item: QQuickItem, ancestor: QQuickItem) -> bool:
    node: QQuickItem | None = item
    while node is not None:
        if node is ancestor:
            return True
        node = node.parentItem()
    return False


def _scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _class(item: QObject) -> str:
    return item.metaObject().className()


def _name(item: QQuickItem) -> str:
    """The objectName, else the text, else the nearest named ancestor: what a person reading the report needs."""
    if item.objectName():
        return item.objectName()
    text = item.property("text")
    if isinstance(text, str) and text.strip():
        return repr(text if len(text) <= 40 else text[:37] + "…")
    node = item.parentItem()
    while node is not None:
        if node.objectName():
            return f"part of {node.objectName()}"
        node = node.parentItem()
    return _class(item)


def _inside(rect: QRectF, bounds: QRectF) -> bool:
    return bounds.adjusted(-TOLERANCE_PX, -TOLERANCE_PX, TOLERANCE_PX, TOLERANCE_PX).contains(rect)


def _overlap(a: QRectF, b: QRectF) -> bool:
    shared = a.intersected(b)
    return shared.width() > TOLERANCE_PX and shared.height() > TOLERANCE_PX


def _gap(a: QRectF, b: QRectF) -> float:
    across = max(b.left() - a.right(), a.left() - b.right(), 0.0)
    down = max(b.top() - a.bottom(), a.top() - b.bottom(), 0.0)
    return max(across, down)


def _where(rect: QRectF) -> str:
    return f"x {rect.x():.0f}..{rect.right():.0f}, y {rect.y():.0f}..{rect.bottom():.0f}"
