"""Paint Lantern's calm landscapes, deterministically, with numpy and Pillow.

The pictures are made by the project from fixed seeds (nothing downloaded or photographed), so their
licence is the project's own, and the same script always gives the same files. Run from the repository
root (numpy comes with `pip install -e '.[imagery]'`):

    .venv/bin/python assets/make_landscapes.py               # every picture, into assets/ and the built-in copy
    .venv/bin/python assets/make_landscapes.py night-dusk    # only the ones named

Each picture is painted the way a landscape painter layers a scene: a sky gradient, soft clouds in
perspective, ranges of hills fading into the haze with distance (atmospheric perspective), water that
mirrors what is above it. Every edge goes through a smooth step, nothing is close to white, and the
result is dithered so the gradients never band on a tablet.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

Array = NDArray[np.float32]
HERE = Path(__file__).resolve().parent
FOLDERS = (HERE, HERE.parent / "kiosk" / "content" / "builtin" / "assets")
WIDTH, HEIGHT = 1920, 1080
QUALITY = 82
CEILING = 0.9
"""No pixel is brighter than 90 %: no large area of a picture is ever near white."""


class Canvas:
    """Where each pixel is: u across and v down, both 0..1, and the aspect that keeps circles round."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.aspect = width / height
        rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)
        self.u = (cols + 0.5) / width
        self.v = (rows + 0.5) / height
        self.pixel = 1 / height
        """One pixel's height in v: edges are softened over a couple of these, at any size."""


def rgb(code: str) -> Array:
    """A colour from '#rrggbb' as three 0..1 floats, so palettes read like a designer's swatches."""
    return np.array([int(code[i : i + 2], 16) / 255 for i in (1, 3, 5)], dtype=np.float32)


def mix(a: Array, b: Array, t: Array | float) -> Array:
    """Blend colours (single or per pixel); t is clamped so nothing overshoots into a harsh tone."""
    t = np.clip(t, 0.0, 1.0)
    if isinstance(t, np.ndarray) and t.ndim == 2:
        t = t[..., None]
    return a + (b - a) * t


def smoothstep(e0: float | Array, e1: float | Array, x: Array) -> Array:
    """Hermite step from 0 to 1 between e0 and e1: every edge in these pictures goes through it."""
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def ramp(stops: Sequence[tuple[float, str]], t: Array) -> Array:
    """A gradient through (position, colour) stops, as a designer draws a sky."""
    positions = [p for p, _ in stops]
    colours = np.stack([rgb(c) for _, c in stops])
    return np.stack([np.interp(t, positions, colours[:, k]) for k in range(3)], axis=-1).astype(np.float32)


def glow(c: Canvas, cx: float, cy: float, radius: float, squash: float = 1.0) -> Array:
    """Soft radial light, 1 at the centre: suns, moons, and their light behind haze."""
    dx = (c.u - cx) * c.aspect
    dy = (c.v - cy) * squash
    return np.exp(-(dx * dx + dy * dy) / (radius * radius))


def blur(image: Array, radius: int, axis: int) -> Array:
    """A box blur along one axis, applied twice (close to a Gaussian): reflections and mist are soft."""
    for _ in range(2):
        pad = [(0, 0)] * image.ndim
        pad[axis] = (radius + 1, radius)
        summed = np.cumsum(np.pad(image, pad, mode="edge"), axis=axis)
        image = (
            np.take(summed, range(2 * radius + 1, summed.shape[axis]), axis=axis)
            - np.take(summed, range(summed.shape[axis] - 2 * radius - 1), axis=axis)
        ) / (2 * radius + 1)
    return image.astype(np.float32)


class Noise:
    """Smooth value noise over a wrapped random lattice, from a seed: the same seed paints the same picture."""

    SIZE = 256

    def __init__(self, seed: int) -> None:
        self.lattice = np.random.default_rng(seed).random((self.SIZE, self.SIZE), dtype=np.float32)

    def at(self, x: Array, y: Array) -> Array:
        """Noise in 0..1 at (x, y), one lattice cell per unit."""
        xf, yf = np.floor(x), np.floor(y)
        fx, fy = x - xf, y - yf
        sx, sy = fx * fx * (3 - 2 * fx), fy * fy * (3 - 2 * fy)
        m = self.SIZE - 1
        x0, y0 = xf.astype(np.int64) & m, yf.astype(np.int64) & m
        x1, y1 = (x0 + 1) & m, (y0 + 1) & m
        grid = self.lattice
        top = grid[y0, x0] + (grid[y0, x1] - grid[y0, x0]) * sx
        bottom = grid[y1, x0] + (grid[y1, x1] - grid[y1, x0]) * sx
        return (top + (bottom - top) * sy).astype(np.float32)

    def fbm(
        self, x: Array, y: Array | float, octaves: int = 5, gain: float = 0.5, turn: bool = True
    ) -> Array:
        """Octaves summed, about 0..1 around 0.5; turning each octave hides the lattice's axes.

        turn=False keeps stretched noise (water streaks) pointing the way it was stretched.
        """
        y = np.broadcast_to(np.asarray(y, dtype=np.float32), np.shape(x))
        total = np.zeros(np.shape(x), dtype=np.float32)
        amplitude, weight = 1.0, 0.0
        c, s = (math.cos(0.61), math.sin(0.61)) if turn else (1.0, 0.0)
        for octave in range(octaves):
            total += amplitude * self.at(x + 17.3 * octave, y + 31.7 * octave)
            weight += amplitude
            amplitude *= gain
            x, y = (x * c - y * s) * 2.03, (x * s + y * c) * 2.03
        return total / weight


# Pieces of scenery shared by several pictures.


@dataclass(frozen=True)
class Clouds:
    """A layer of cloud seen in perspective: where its horizon is, how big, how stretched, how much sky it covers."""

    horizon: float
    size: float
    stretch: float
    cover: float
    haze: float
    shade: str
    lit: str
    opacity: float = 0.9


def clouds(noise: Noise, c: Canvas, sky: Array, layer: Clouds, light: Array) -> Array:
    """Paint soft clouds over a sky; they shrink and crowd towards the horizon, which makes a sky read as deep.

    Each cloud is lit where it thins towards the light (light: 0..1 per pixel, how near the sun it is).
    """
    depth = 1 / np.maximum(layer.horizon - c.v, 1e-3)
    px = (c.u - 0.6) * c.aspect * depth * layer.size
    pz = depth * layer.size * 2
    warp = 0.6 * noise.fbm(px * 0.6 + 9, pz * 0.6 + 3, octaves=3)
    px, pz = px + warp, pz * layer.stretch + warp
    here = 0.5 + 2.2 * (noise.fbm(px, pz, octaves=6, gain=0.5) - 0.5)
    towards_light = 0.5 + 2.2 * (noise.fbm(px + 0.05, pz + 0.2, octaves=6, gain=0.5) - 0.5)
    density = smoothstep(layer.cover, layer.cover + 0.35, here)
    density *= np.exp(-layer.haze * (depth - 1 / layer.horizon)) * (c.v < layer.horizon)
    sunlit = np.clip(0.5 + 2 * (here - towards_light), 0, 1) * (0.4 + 0.6 * light)
    colour = mix(rgb(layer.shade), rgb(layer.lit), sunlit)
    return mix(sky, colour, layer.opacity * density)


@dataclass(frozen=True)
class Range:
    """One range of hills: its foot, height, how many waves across, how peaked (0 rolling, 1 sharp), its colour."""

    base: float
    height: float
    waves: float
    peaks: float
    tone: str


def ranges(
    noise: Noise,
    c: Canvas,
    picture: Array,
    hills: Sequence[Range],
    mist: str,
    sun_x: float,
    depth: float = 0.09,
) -> Array:
    """Lay ranges of hills over a sky, far to near, each lit from the sun's side and fading into mist at its foot.

    Far ranges are pale and close to the sky's colour and near ones darker and greener (atmospheric
    perspective); the mist at each foot separates them softly, with no outline.
    """
    across = c.u[0]
    for i, hill in enumerate(hills):
        x = across * hill.waves * c.aspect
        rolling = 0.5 + 2.6 * (noise.fbm(x + 13 * i, 5.5 * i + 0.5, octaves=5, gain=0.42) - 0.5)
        peaked = 1 - np.abs(5 * (noise.fbm(x * 0.8 + 40 + 9 * i, 3.3 * i + 0.2, octaves=4, gain=0.4) - 0.5))
        top = hill.base - hill.height * ((1 - hill.peaks) * rolling + hill.peaks * peaked - 0.3)
        top = blur(top, max(1, c.width // 400), axis=0)
        slope = blur(np.gradient(top) * c.width, max(1, c.width // 100), axis=0)
        facing = np.clip(slope * np.tanh(4 * (sun_x - across)) * 1.5, -1, 1)
        below = c.v - top[None, :]
        near_top = np.exp(-np.maximum(below, 0) / 0.06)
        tone = rgb(hill.tone) * (1 + 0.14 * facing[None, :, None] * near_top[..., None])
        texture = noise.fbm(c.u * 40 + 7 * i, c.v * 30, octaves=3, gain=0.5) - 0.5
        tone = tone * (1 + 0.05 * (i + 1) / len(hills) * texture[..., None])
        foot = smoothstep(0.0, depth + 0.02 * i, below - 0.01) * (0.55 - 0.08 * i)
        tone = mix(tone, rgb(mist), foot if i < len(hills) - 1 else 0.3 * foot)
        edge = smoothstep(-1.2 * c.pixel, 1.2 * c.pixel, below)
        picture = mix(picture, tone, edge)
    return picture


@dataclass(frozen=True)
class Water:
    """Still water from a horizon down: its deep colour, where its light falls, and the light's colour."""

    horizon: float
    deep: str
    light_x: float
    sparkle: str
    mist: str


def still_water(noise: Noise, c: Canvas, scene: Array, water: Water) -> Array:
    """Mirror the scene above the horizon in gently rippled water, with a soft path of light below the sun or moon.

    The reflection is softened, darkens towards the viewer and turns to the water's own colour, as real
    water does; ripples are streaks in perspective, finer towards the horizon.
    """
    below = np.maximum(c.v - water.horizon, 0)
    depth = 1 / (below + 0.015)
    streaks = noise.fbm(
        (c.u - 0.5) * c.aspect * depth * 0.7 + 50, depth * 8, octaves=4, gain=0.55, turn=False
    )
    soft = blur(blur(scene, max(1, c.height // 120), axis=0), max(1, c.width // 400), axis=1)
    rows = np.clip(((water.horizon - below * 0.95) * c.height).astype(np.int64), 0, c.height - 1)
    shift = 0.006 * (streaks - 0.5) * np.minimum(1, below * 6)
    cols = np.clip(((c.u + shift) * c.width).astype(np.int64), 0, c.width - 1)
    reflection = soft[rows, cols] * (0.86 + 0.1 * (streaks[..., None] - 0.5))
    surface = mix(reflection, rgb(water.deep), 0.6 * smoothstep(0.0, 0.45, below))
    path = np.exp(-(((c.u - water.light_x) * c.aspect) ** 2) / (0.015 + 0.3 * below) ** 2)
    glitter = path * smoothstep(0.52, 0.75, streaks) * np.exp(-2.5 * below)
    surface = mix(surface, rgb(water.sparkle), 0.7 * glitter)
    surface = mix(surface, rgb(water.mist), 0.4 * np.exp(-((below / 0.012) ** 2)))
    return np.where((c.v > water.horizon)[..., None], surface, scene)


def disc(c: Canvas, cx: float, cy: float, radius: float) -> Array:
    """A sun or moon whose rim fades softly, never a hard edge."""
    distance = np.hypot((c.u - cx) * c.aspect, c.v - cy)
    return smoothstep(radius * 1.15, radius * 0.85, distance)


# The pictures: each paints a whole scene on a canvas.


def day_clouds(c: Canvas) -> Array:
    """Great soft clouds in a pale blue sky, warming to peach where the sun sits below the lower right."""
    warmth = glow(c, 0.75, 1.1, 0.75, 1.3)
    sky = ramp([(0, "#5F7BA3"), (0.45, "#8E9EBA"), (0.85, "#C3ACA8"), (1, "#D4B39C")], c.v)
    sky = mix(sky, rgb("#E6C7A8"), 0.55 * warmth)
    near = Clouds(1.6, 0.5, 1.1, 0.5, 0.4, "#98A0B8", "#EEE0D6")
    sky = clouds(Noise(21), c, sky, near, warmth)
    far = Clouds(1.05, 0.3, 2.2, 0.62, 0.15, "#A7A7BC", "#E7CDBB", 0.6)
    return clouds(Noise(22), c, sky, far, warmth)


DAWN_SUN = (0.63, 0.52)
DAWN_HORIZON = 0.58


def day_dawn_water(c: Canvas) -> Array:
    """The sun rising over still water between hazy headlands, its light a soft path towards the viewer."""
    warmth = glow(c, *DAWN_SUN, 0.5, 1.8)
    sky = ramp([(0, "#5B6E96"), (0.3, "#8890B0"), (0.48, "#C4A8AE"), (0.58, "#E2BEA2")], c.v)
    sky = mix(sky, rgb("#EFCBA6"), 0.7 * warmth)
    sky = clouds(
        Noise(31),
        c,
        sky,
        Clouds(DAWN_HORIZON + 0.02, 0.22, 2.8, 0.62, 0.06, "#9A93B0", "#F0CDB0", 0.75),
        warmth,
    )
    sun = 0.8 * glow(c, *DAWN_SUN, 0.05) + 0.9 * disc(c, *DAWN_SUN, 0.028)
    sky = mix(sky, rgb("#F4E0C4"), np.minimum(1.0, sun))
    land = (
        Range(DAWN_HORIZON + 0.004, 0.05, 1.3, 0.5, "#A08FA6"),
        Range(DAWN_HORIZON + 0.004, 0.03, 2.4, 0.2, "#8C7F98"),
    )
    headlands = smoothstep(0.32, 0.05, c.u) + smoothstep(0.82, 1.0, c.u)
    scene = mix(sky, ranges(Noise(32), c, sky, land, "#D9BBA8", DAWN_SUN[0], 0.02), headlands)
    water = Water(DAWN_HORIZON, "#4F5C7E", DAWN_SUN[0], "#F2D7B6", "#DDBCA6")
    return still_water(Noise(33), c, scene, water)


MORNING_HILLS = (
    Range(0.47, 0.12, 1.4, 0.75, "#A3ACC2"),
    Range(0.55, 0.09, 2.0, 0.45, "#8D9DB0"),
    Range(0.63, 0.08, 1.8, 0.2, "#748A8E"),
    Range(0.73, 0.07, 1.3, 0.1, "#5D7868"),
    Range(0.86, 0.07, 0.9, 0.0, "#4A6450"),
)


def day_hills(c: Canvas) -> Array:
    """Misty ranges of green hills in the morning, far blue mountains, the sun rising behind them."""
    sunlit = glow(c, 0.7, 0.42, 0.45, 1.5)
    sky = ramp([(0, "#6C84A8"), (0.3, "#A2B0C6"), (0.5, "#DCCBBE")], c.v)
    sky = mix(sky, rgb("#EED6BC"), 0.7 * sunlit)
    sky = clouds(Noise(41), c, sky, Clouds(0.5, 0.3, 2.5, 0.62, 0.05, "#B4B6C8", "#F0DCC8", 0.6), sunlit)
    return ranges(Noise(42), c, sky, MORNING_HILLS, "#CFCBC9", 0.7)


def day_shore(c: Canvas) -> Array:
    """Sand and shallow water seen from above: soft lace of foam, the sea deepening from green to blue."""
    noise = Noise(51)
    x, y = (c.u - 0.5) * c.aspect, c.v - 0.5
    along = 0.8 * x + 0.6 * y
    across = 0.6 * x - 0.8 * y + 0.05 * along * along
    edge = (
        0.1
        + 0.5 * (noise.fbm(along * 1.1, 2.0, octaves=2) - 0.5)
        + 0.15 * (noise.fbm(along * 4, 7.0, octaves=2) - 0.5)
    )
    grain = noise.fbm(c.u * c.aspect * 40, c.v * 40, octaves=2)
    ripples = 0.5 + 0.5 * np.sin(across * 70 + 8 * noise.fbm(along * 2, across * 2, octaves=3))
    dry = mix(rgb("#D3C1A2"), rgb("#C4B092"), 0.25 * ripples + 0.2 * grain)
    sand = mix(rgb("#A99478"), dry, smoothstep(edge + 0.03, edge + 0.22, across))
    depth = smoothstep(edge, edge - 0.8, across)
    sea = ramp([(0, "#B3B39C"), (0.1, "#93B5AC"), (0.4, "#5E8F96"), (1, "#3A5E73")], depth)
    swell = noise.fbm(along * 2.5 + 30, across * 9, octaves=4, turn=False)
    sea = mix(sea, sea * 1.08, smoothstep(0.45, 0.7, swell) * (1 - depth))
    caustic = 1 - np.abs(2 * noise.fbm(along * 7 + 60, across * 7, octaves=2) - 1)
    sea = mix(sea, rgb("#C2D2C6"), 0.15 * smoothstep(0.8, 1.0, caustic) * smoothstep(0.55, 0.1, depth))
    colour = mix(sea, sand, smoothstep(edge - 0.005, edge + 0.005, across))
    foam = np.zeros_like(c.u)
    for offset, strength in ((0.0, 0.85), (0.14, 0.4), (0.32, 0.25)):
        line = edge - offset - 0.02 * offset * noise.fbm(along * 3, offset * 10, octaves=3)
        lace = smoothstep(0.4, 0.62, noise.fbm(along * 14 + 9 * offset, across * 14, octaves=3))
        crest = smoothstep(line + 0.01, line - 0.002, across) * (
            smoothstep(line - 0.025, line, across) * (0.5 + 0.5 * lace)
            + smoothstep(line - 0.08, line, across) * 0.4 * lace
        )
        if offset:
            crest = crest * smoothstep(0.3, 0.6, noise.fbm(along * 1.6 + 20 * offset, 4.0, octaves=2))
        foam += strength * crest
    return mix(colour, rgb("#E4E2DA"), np.minimum(0.85, foam))


DUSK_HILLS = (
    Range(0.60, 0.10, 1.5, 0.7, "#4A3E5E"),
    Range(0.68, 0.08, 2.0, 0.35, "#3A3050"),
    Range(0.78, 0.07, 1.4, 0.1, "#2B2440"),
    Range(0.90, 0.06, 0.9, 0.0, "#1E1A2E"),
)


def night_dusk(c: Canvas) -> Array:
    """Dark hills under a deep violet evening sky, a warm glow low where the sun has set."""
    warmth = glow(c, 0.66, 0.64, 0.6, 1.8)
    sky = ramp([(0, "#141833"), (0.3, "#262849"), (0.5, "#47385A"), (0.64, "#7A5562")], c.v)
    sky = mix(sky, rgb("#B4805F"), 0.75 * warmth)
    sky = clouds(Noise(61), c, sky, Clouds(0.72, 0.3, 2.6, 0.58, 0.05, "#2E2A45", "#C08A6C", 0.75), warmth)
    return ranges(Noise(62), c, sky, DUSK_HILLS, "#55445C", 0.66)


MOON = (0.7, 0.24)
MOON_HORIZON = 0.63


def night_moon_water(c: Canvas) -> Array:
    """A full moon over a still lake between dark hills, its light a long soft path on the water."""
    halo = glow(c, *MOON, 0.32)
    sky = ramp([(0, "#10142B"), (0.35, "#1F2242"), (0.63, "#403A58")], c.v)
    sky = mix(sky, rgb("#5E5A74"), 0.5 * halo)
    sky = clouds(
        Noise(71), c, sky, Clouds(MOON_HORIZON + 0.02, 0.3, 2.5, 0.62, 0.08, "#23243E", "#8E8492", 0.7), halo
    )
    moon = 0.5 * glow(c, *MOON, 0.07) + 0.9 * disc(c, *MOON, 0.032)
    sky = mix(sky, rgb("#E6DCC4"), np.minimum(0.9, moon))
    far = (
        Range(MOON_HORIZON + 0.003, 0.07, 1.2, 0.6, "#2A2A44"),
        Range(MOON_HORIZON + 0.003, 0.035, 2.2, 0.2, "#1E1F34"),
    )
    shores = smoothstep(0.45, 0.1, c.u) + smoothstep(0.88, 1.0, c.u)
    scene = mix(sky, ranges(Noise(72), c, sky, far, "#3A3752", MOON[0], 0.02), shores)
    water = Water(MOON_HORIZON, "#14152A", MOON[0], "#C9BCA2", "#3E3A55")
    return still_water(Noise(73), c, scene, water)


def night_clouds(c: Canvas) -> Array:
    """Soft clouds at the end of dusk in a deep plum sky, their undersides lit a last warm amber."""
    warmth = glow(c, 0.7, 1.05, 0.75, 1.3)
    sky = ramp([(0, "#151831"), (0.45, "#29284A"), (1, "#4A3B5A")], c.v)
    sky = mix(sky, rgb("#735868"), 0.6 * warmth)
    layer = Clouds(1.6, 0.5, 1.1, 0.5, 0.4, "#26253F", "#C29274")
    return clouds(Noise(81), c, sky, layer, warmth)


def at_night(paint: Callable[[Canvas], Array]) -> Callable[[Canvas], Array]:
    """Take some blue out of a night picture, as a screen's night mode does: warmer light for sleepy eyes."""

    def warmer(c: Canvas) -> Array:
        return paint(c) * np.array([1.0, 0.95, 0.84], dtype=np.float32)

    return warmer


PICTURES: dict[str, Callable[[Canvas], Array]] = {
    "day-clouds": day_clouds,
    "day-dawn-water": day_dawn_water,
    "day-hills": day_hills,
    "day-shore": day_shore,
    "night-dusk": at_night(night_dusk),
    "night-moon-water": at_night(night_moon_water),
    "night-clouds": at_night(night_clouds),
}


def paint(name: str, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """One picture at any size, the same every time: a gentle vignette, the ceiling, then a fixed dither."""
    c = Canvas(width, height)
    colour = PICTURES[name](c)
    shade = 1 - 0.1 * (1.5 * (c.u - 0.5) ** 2 + 2 * (c.v - 0.45) ** 2)
    colour = np.clip(colour * shade[..., None], 0, CEILING)
    dither = np.random.default_rng(sorted(PICTURES).index(name)).random(colour.shape, dtype=np.float32)
    return Image.fromarray(np.floor(colour * 255 + dither).astype(np.uint8), "RGB")


def save(picture: Image.Image, name: str) -> list[Path]:
    """An optimised progressive JPEG in each folder that ships the pictures: small, quick to decode."""
    paths = [folder / f"{name}.jpg" for folder in FOLDERS]
    for path in paths:
        picture.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return paths


def main(names: Sequence[str]) -> None:
    """Paint every picture, or only those named (with or without .jpg)."""
    wanted = {name.removesuffix(".jpg") for name in names} or set(PICTURES)
    for name in PICTURES:
        if name in wanted:
            for path in save(paint(name), name):
                print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
