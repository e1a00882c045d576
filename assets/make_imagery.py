"""Generate Lantern's background imagery, deterministically, with PySide6 and the standard library only.

The pictures are made by the project (fixed seeds, nothing downloaded), so their licence is the project's
own. Run from the repository root:

    .venv/bin/python assets/make_imagery.py

Each picture is a small "shader": a Python function giving the colour at a point. It is evaluated on a
quarter-resolution grid in 16-bit colour (everything is soft, so detail finer than 4 px is never needed),
scaled up smoothly by Qt, dithered so gradients do not band on tablets, and saved as JPEG.
"""

from __future__ import annotations

import array
import itertools
import math
import os
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter

W, H = 1920, 1080
STEP = 4  # one shader sample per 4 x 4 pixels
GW, GH = W // STEP, H // STEP
ASPECT = W / H
QUALITY = 88
CEILING = 0xE8 / 255
OUT = Path(__file__).resolve().parent

Colour = tuple[float, float, float]
Shader = Callable[[float, float], Colour]


def rgb(code: str) -> Colour:
    """A colour from '#rrggbb', as 0..1 floats, so palettes read like a designer's swatches."""
    code = code.lstrip("#")
    return (int(code[0:2], 16) / 255, int(code[2:4], 16) / 255, int(code[4:6], 16) / 255)


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Blend two colours; t outside 0..1 is clamped so shaders never overshoot into harsh tones."""
    t = min(1.0, max(0.0, t))
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def brighten(c: Colour, k: float) -> Colour:
    """Multiply a colour's brightness by k: below 1 darkens, above 1 lightens."""
    return (c[0] * k, c[1] * k, c[2] * k)


def smoothstep(e0: float, e1: float, x: float) -> float:
    """Hermite step from 0 to 1 between e0 and e1: every edge in these pictures goes through this."""
    t = min(1.0, max(0.0, (x - e0) / (e1 - e0)))
    return t * t * (3 - 2 * t)


def ramp(stops: Sequence[tuple[float, Colour]], t: float) -> Colour:
    """Piecewise-linear colour gradient through (position, colour) stops, like QLinearGradient."""
    if t <= stops[0][0]:
        return stops[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(stops):
        if t <= t1:
            return mix(c0, c1, (t - t0) / (t1 - t0))
    return stops[-1][1]


def glow(x: float, y: float, cx: float, cy: float, radius: float, squash: float = 1.0) -> float:
    """Soft radial falloff (1 at the centre, gently to 0): suns, moons and light behind haze."""
    dx = (x - cx) * ASPECT
    dy = (y - cy) * squash
    return math.exp(-(dx * dx + dy * dy) / (radius * radius))


class Noise:
    """Smooth value noise over a wrapped random lattice: cheap, deterministic and needs no numpy."""

    SIZE = 128

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.values = [rng.random() for _ in range(self.SIZE * self.SIZE)]

    def at(self, x: float, y: float) -> float:
        """Noise in 0..1 at (x, y), with one lattice cell per unit."""
        xi, yi = math.floor(x), math.floor(y)
        fx, fy = x - xi, y - yi
        sx, sy = fx * fx * (3 - 2 * fx), fy * fy * (3 - 2 * fy)
        m, n, v = self.SIZE - 1, self.SIZE, self.values
        x0, x1 = xi & m, (xi + 1) & m
        r0, r1 = (yi & m) * n, ((yi + 1) & m) * n
        top = v[r0 + x0] + (v[r0 + x1] - v[r0 + x0]) * sx
        bottom = v[r1 + x0] + (v[r1 + x1] - v[r1 + x0]) * sx
        return top + (bottom - top) * sy

    def fbm(self, x: float, y: float, octaves: int = 5, gain: float = 0.5, turn: bool = True) -> float:
        """Fractal sum of octaves, about 0..1 around 0.5; turning each octave hides the lattice's axes.

        Pass turn=False for deliberately stretched noise (water streaks), which must keep its direction.
        """
        total, amplitude, weight = 0.0, 1.0, 0.0
        c, s = (math.cos(0.61), math.sin(0.61)) if turn else (1.0, 0.0)
        for octave in range(octaves):
            total += amplitude * self.at(x + 17.3 * octave, y + 31.7 * octave)
            weight += amplitude
            amplitude *= gain
            x, y = (x * c - y * s) * 2.03, (x * s + y * c) * 2.03
        return total / weight


def render(shader: Shader) -> QImage:
    """Evaluate the shader on the working grid in 16-bit colour and scale it up smoothly to full size.

    Every picture gets the same gentle vignette (it settles the eye and darkens the text corner a little)
    and the same ceiling, so no large area is ever close to white.
    """
    pixels = array.array("H", bytes(GW * GH * 8))
    i = 0
    for row in range(GH):
        y = (row + 0.5) / GH
        for col in range(GW):
            x = (col + 0.5) / GW
            shade = 1 - 0.12 * (1.5 * (x - 0.5) ** 2 + 2 * (y - 0.45) ** 2)
            for channel in shader(x, y):
                pixels[i] = round(min(CEILING, max(0.0, channel * shade)) * 65535)
                i += 1
            pixels[i] = 65535
            i += 1
    if sys.byteorder == "big":
        pixels.byteswap()
    small = QImage(pixels.tobytes(), GW, GH, GW * 8, QImage.Format.Format_RGBX64).copy()
    return small.scaled(
        W, H, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def dithered(image: QImage, seed: int) -> QImage:
    """Add up to two 8-bit steps of random light before rounding to 8 bits, so gradients never band."""
    rng = random.Random(seed)
    side = 256
    grain = array.array("H", bytes(side * side * 8))
    for i in range(0, len(grain), 4):
        grain[i] = rng.randrange(512)
        grain[i + 1] = rng.randrange(512)
        grain[i + 2] = rng.randrange(512)
    if sys.byteorder == "big":
        grain.byteswap()
    tile = QImage(grain.tobytes(), side, side, side * 8, QImage.Format.Format_RGBX64).copy()
    result = image.convertToFormat(QImage.Format.Format_RGBA64_Premultiplied)
    painter = QPainter(result)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
    for top in range(0, H, side):
        for left in range(0, W, side):
            painter.drawImage(left, top, tile)
    painter.end()
    return result.convertToFormat(QImage.Format.Format_RGB32)


def save(image: QImage, name: str) -> Path:
    """Write an optimised progressive JPEG: small files, quick to decode on a modest tablet."""
    path = OUT / name
    writer = QImageWriter(str(path), b"jpeg")
    writer.setQuality(QUALITY)
    writer.setOptimizedWrite(True)
    writer.setProgressiveScanWrite(True)
    if not writer.write(image):
        raise RuntimeError(f"could not write {path}: {writer.errorString()}")
    return path


# Scene pieces shared by several pictures.


def cloud_deck(
    noise: Noise, x: float, y: float, horizon: float, size: float, stretch: float, cover: float, haze: float
) -> tuple[float, float]:
    """Density and sunlit-ness (both 0..1) of a cloud layer seen in perspective.

    Projecting noise onto a plane overhead makes clouds shrink and crowd towards the horizon, which is what
    makes a sky read as deep and real rather than as flat smoke; haze thins them out near the horizon.
    Light comes from below, as at dawn and dusk: a cloud is lit where it thins towards the horizon.
    """
    depth = 1 / (horizon - y)
    px = (x - 0.6) * ASPECT * depth * size
    pz = depth * size * 2
    warp = 0.6 * noise.fbm(px * 0.6 + 9, pz * 0.6 + 3, octaves=3)
    px, pz = px + warp, pz * stretch + warp
    here = noise.fbm(px, pz, octaves=5, gain=0.47)
    nearer_light = noise.fbm(px + 0.04, pz + 0.18, octaves=5, gain=0.47)
    density = smoothstep(cover, cover + 0.22, here) * math.exp(-haze * (depth - 1 / horizon))
    return density, min(1.0, max(0.0, 0.55 + 4 * (here - nearer_light)))


class Ridge(NamedTuple):
    """One range of hills: where it sits, how tall and how many waves wide, its tilt, colour and blur."""

    base: float
    height: float
    waves: float
    tilt: float
    tone: Colour
    soft: float


def hills(
    noise: Noise, x: float, y: float, colour: Colour, ridges: Sequence[Ridge], mist: Colour, light: Colour
) -> Colour:
    """Lay ranges of hills over the sky, far to near, each fading into valley mist at its foot.

    The mist below every ridge is what separates the ranges softly, with no outlines; the nearest range
    gets none, so the lower edge of the picture (where text goes) stays calm and dark.
    """
    last = len(ridges) - 1
    for i, ridge in enumerate(ridges):
        shape = noise.fbm(x * ridge.waves * ASPECT + 13 * i, 5.5 * i, octaves=3, gain=0.35)
        top = ridge.base + ridge.tilt * (x - 0.5) - ridge.height * (2.2 * (shape - 0.5) + 0.5)
        fog = 0.0 if i == last else smoothstep(top, top + 0.14, y) * (0.7 - 0.1 * i)
        tone = mix(ridge.tone, light, 0.35)
        colour = mix(colour, mix(tone, mist, fog), smoothstep(top - ridge.soft, top + ridge.soft, y))
        drift = noise.fbm(x * 2.5 + 7 * i, y * 14, octaves=3, turn=False)
        band = math.exp(-(((y - ridge.base - 0.035) / 0.03) ** 2)) * smoothstep(0.4, 0.7, drift)
        colour = mix(colour, mist, 0.45 * band * (1 - i / len(ridges)))
    return colour


class Water(NamedTuple):
    """Still water below a horizon: what it reflects, where its light sits, and its own colours."""

    horizon: float
    sky: Callable[[float, float, bool], Colour]
    light_x: float
    deep: Colour
    sparkle: Colour
    mist: Colour


def still_water(noise: Noise, water: Water, x: float, y: float) -> Colour:
    """Reflect the sky in slightly rippled water, with a glitter path below the sun or moon.

    Ripples are noise in perspective, stretched sideways; the reflection darkens and turns to the water's
    own colour nearer the viewer, as real water does, which also keeps the lower edge quiet for text.
    """
    below = y - water.horizon
    depth = 1 / (below + 0.01)
    ripple = noise.fbm((x - 0.5) * ASPECT * depth * 0.8 + 50, depth * 9, octaves=4, gain=0.55, turn=False)
    calm = smoothstep(0.0, 0.12, below)
    mirror = max(0.0, water.horizon - below * 0.9 - calm * 0.05 * (ripple - 0.5))
    reflection = brighten(water.sky(x, mirror, False), 1 - 0.14 * smoothstep(0.0, 0.03, below))
    colour = mix(reflection, water.deep, 0.55 * smoothstep(0.0, 0.42, below))
    path = math.exp(-(((x - water.light_x) * ASPECT) ** 2) / (0.02 + 0.4 * below) ** 2)
    glitter = path * smoothstep(0.55, 0.75, ripple) * (0.4 + 0.6 * calm) * math.exp(-3 * below)
    colour = mix(colour, water.sparkle, 0.8 * glitter)
    return mix(colour, water.mist, 0.35 * math.exp(-((below / 0.02) ** 2)))


def disc(x: float, y: float, cx: float, cy: float, radius: float) -> float:
    """A sun or moon: a round shape whose rim fades over 40 % of its radius, never a hard edge."""
    distance = math.hypot((x - cx) * ASPECT, y - cy)
    return smoothstep(radius * 1.2, radius * 0.8, distance)


# The pictures. Each is a shader: the colour at (x, y), both 0..1 from the top-left corner.

CLOUDS, DAWN, HILLS, SHORE, DUSK, MOON, EVENING = (Noise(seed) for seed in (2, 7, 5, 3, 11, 13, 4))


def day_clouds(x: float, y: float) -> Colour:
    """Soft clouds in a pale dawn sky, the sun just below the lower right edge."""
    density, light = cloud_deck(CLOUDS, x, y, 1.12, 0.9, 1.3, 0.44 - 0.04 * x + 0.03 * y, 0.9)
    sky = ramp([(0, rgb("#5C7195")), (0.45, rgb("#8894AD")), (0.8, rgb("#B7A2A4")), (1, rgb("#C6A896"))], y)
    warmth = glow(x, y, 0.72, 1.05, 0.6, 1.4)
    sky = mix(sky, rgb("#E0C2A6"), 0.6 * warmth)
    shade = mix(rgb("#9499B3"), rgb("#B59FA8"), warmth)
    cloud = mix(shade, mix(rgb("#E2D6D6"), rgb("#EACDB6"), 0.25 + warmth), light)
    return mix(sky, cloud, 0.92 * density)


DAWN_SUN = (0.64, 0.535)
DAWN_WATER = 0.58


def dawn_sky(x: float, y: float, with_sun: bool = True) -> Colour:
    """A peach-to-lavender sky with thin high cloud and a low headland on the left."""
    sky = ramp(
        [(0, rgb("#5A6B8E")), (0.45, rgb("#8E93AE")), (0.8, rgb("#C3A7A6")), (1, rgb("#D9B49A"))],
        y / DAWN_WATER,
    )
    density, _ = cloud_deck(DAWN, x, y, DAWN_WATER + 0.02, 0.25, 2.5, 0.5, 0.08)
    warmth = glow(x, y, *DAWN_SUN, 0.45, 2.0)
    sky = mix(sky, rgb("#E2BE9C"), 0.75 * warmth)
    sky = mix(
        sky, mix(rgb("#9C93AA"), rgb("#E7C6AA"), 0.3 + 1.2 * warmth), 0.7 * density * smoothstep(0, 0.2, y)
    )
    land = DAWN_WATER - 0.028 * smoothstep(0.42, 0.05, x)
    land -= 0.014 * DAWN.fbm(x * 7, 3.5, octaves=3) * smoothstep(0.62, 0.2, x)
    headland = smoothstep(land - 0.005, land + 0.005, y) * smoothstep(0.66, 0.4, x)
    sky = mix(sky, mix(rgb("#9D90A2"), sky, 0.45 * warmth), headland)
    sun = glow(x, y, *DAWN_SUN, 0.06) + (0.7 * disc(x, y, *DAWN_SUN, 0.03) if with_sun else 0.0)
    return mix(sky, rgb("#EDDDC6"), min(1.0, sun))


def day_dawn_water(x: float, y: float) -> Colour:
    """Dawn light over still water: a soft horizon, the sun low on it, and its path on the water."""
    if y < DAWN_WATER:
        return dawn_sky(x, y)
    water = Water(DAWN_WATER, dawn_sky, DAWN_SUN[0], rgb("#4D5A78"), rgb("#EBD3B6"), rgb("#D4B7A4"))
    return still_water(DAWN, water, x, y)


MORNING_HILLS = (
    Ridge(0.50, 0.11, 3.0, 0.00, rgb("#A4A5B9"), 0.010),
    Ridge(0.58, 0.10, 2.1, -0.05, rgb("#8D97AA"), 0.008),
    Ridge(0.67, 0.08, 1.5, 0.06, rgb("#738691"), 0.006),
    Ridge(0.78, 0.08, 1.2, -0.07, rgb("#5D7473"), 0.005),
    Ridge(0.91, 0.07, 0.8, 0.10, rgb("#4A5F5A"), 0.004),
)


def day_hills(x: float, y: float) -> Colour:
    """Misty ranges of hills at morning, the sun rising behind the far ones, a dark meadow in front."""
    sunlit = glow(x, y, 0.7, 0.44, 0.4, 1.6)
    sky = ramp([(0, rgb("#7889A4")), (0.35, rgb("#A2A9BB")), (0.6, rgb("#D2C2B6"))], y)
    sky = mix(sky, rgb("#E4CDB4"), 0.7 * sunlit)
    density, _ = cloud_deck(HILLS, x, y, 0.56, 0.3, 2.5, 0.47, 0.05)
    sky = mix(sky, mix(rgb("#B9B6C4"), rgb("#E6D2C0"), sunlit), 0.5 * density)
    light = mix(rgb("#8E9690"), rgb("#D9C2AC"), glow(x, y, 0.7, 0.44, 0.5, 1.2))
    return hills(HILLS, x, y, sky, MORNING_HILLS, rgb("#C6C0C2"), light)


def day_shore(x: float, y: float) -> Colour:
    """Sand and shallow water seen from above: a soft wash of foam, the sea deepening to the lower left."""
    u, v = (x - 0.5) * ASPECT, y - 0.5
    along = 0.8 * u + 0.6 * v
    across = 0.6 * u - 0.8 * v + 0.05 * along * along
    edge = (
        0.1
        + 0.5 * (SHORE.fbm(along * 1.1, 2.0, octaves=2) - 0.5)
        + 0.15 * (SHORE.fbm(along * 4, 7.0, octaves=2) - 0.5)
    )
    grain = SHORE.fbm(x * ASPECT * 40, y * 40, octaves=2)
    ripples = 0.5 + 0.5 * math.sin(across * 70 + 8 * SHORE.fbm(along * 2, across * 2, octaves=3))
    dry = mix(rgb("#C7B599"), rgb("#BBA88D"), 0.25 * ripples + 0.2 * grain)
    sand = mix(rgb("#A69277"), dry, smoothstep(edge + 0.03, edge + 0.2, across))
    depth = smoothstep(edge, edge - 0.8, across)
    sea = ramp(
        [(0, rgb("#A5A797")), (0.12, rgb("#8CA29F")), (0.45, rgb("#62828A")), (1, rgb("#3F5D6B"))], depth
    )
    swell = SHORE.fbm(along * 2.5 + 30, across * 9, octaves=4, turn=False)
    sea = mix(sea, brighten(sea, 1.1), smoothstep(0.45, 0.7, swell) * (1 - depth))
    ridge = 1 - abs(2 * SHORE.fbm(along * 7 + 60, across * 7, octaves=2) - 1)
    sea = mix(sea, rgb("#B9C8C0"), 0.15 * smoothstep(0.8, 1.0, ridge) * smoothstep(0.55, 0.1, depth))
    colour = mix(sea, sand, smoothstep(edge - 0.005, edge + 0.005, across))
    foam = 0.0
    for offset, strength in ((0.0, 0.85), (0.14, 0.4), (0.32, 0.25)):
        line = edge - offset - 0.02 * offset * SHORE.fbm(along * 3, offset * 10, octaves=3)
        lace = smoothstep(0.4, 0.62, SHORE.fbm(along * 14 + 9 * offset, across * 14, octaves=3))
        crest = smoothstep(line + 0.01, line - 0.002, across)
        crest *= (
            smoothstep(line - 0.025, line, across) * (0.5 + 0.5 * lace)
            + smoothstep(line - 0.08, line, across) * 0.4 * lace
        )
        if offset:
            crest *= smoothstep(0.3, 0.6, SHORE.fbm(along * 1.6 + 20 * offset, 4.0, octaves=2))
        foam += strength * crest
    return mix(colour, rgb("#E0DED6"), min(0.85, foam))


def night_dusk(x: float, y: float) -> Colour:
    """Deep blue-violet dusk, a low amber glow behind dark hills, a few thin warm clouds."""
    warmth = glow(x, y, 0.66, 0.72, 0.7, 1.9)
    sky = ramp(
        [(0, rgb("#131730")), (0.35, rgb("#252646")), (0.58, rgb("#3F3352")), (0.75, rgb("#664B58"))], y
    )
    sky = mix(sky, rgb("#A67A60"), 0.8 * warmth)
    density, light = cloud_deck(DUSK, x, y, 0.8, 0.3, 2.5, 0.52, 0.05)
    cloud = mix(rgb("#2C2840"), mix(rgb("#6A5066"), rgb("#B0846A"), warmth), light)
    sky = mix(sky, cloud, 0.8 * density * smoothstep(0.05, 0.3, y))
    ridges = (
        Ridge(0.66, 0.08, 2.4, -0.04, rgb("#40334C"), 0.008),
        Ridge(0.76, 0.08, 1.6, 0.06, rgb("#2D2438"), 0.006),
        Ridge(0.89, 0.06, 0.9, 0.08, rgb("#1D1826"), 0.005),
    )
    return hills(DUSK, x, y, sky, ridges, rgb("#4A3C4E"), rgb("#4A3640"))


def moon_sky(x: float, y: float, with_moon: bool = True) -> Colour:
    """A moonlit night sky, blue-violet above and warmer at the horizon, with a soft warm moon."""
    sky = ramp([(0, rgb("#13162D")), (0.55, rgb("#26233F")), (1, rgb("#4E3E56"))], y / 0.62)
    density, light = cloud_deck(MOON, x, y, 0.64, 0.3, 2.5, 0.5, 0.08)
    halo = glow(x, y, 0.7, 0.24, 0.3)
    sky = mix(sky, mix(rgb("#2A2842"), rgb("#7E7078"), light * halo + 0.3 * halo), 0.7 * density)
    sky = mix(sky, rgb("#6E6272"), 0.5 * halo)
    moon = 0.55 * glow(x, y, 0.7, 0.24, 0.07) + (0.75 * disc(x, y, 0.7, 0.24, 0.03) if with_moon else 0.0)
    return mix(sky, rgb("#E2D4BA"), min(0.85, moon))


def night_moon_water(x: float, y: float) -> Colour:
    """Moonlight on still water: a quiet horizon and a long soft path of light towards the viewer."""
    if y < 0.62:
        return moon_sky(x, y)
    water = Water(0.62, moon_sky, 0.7, rgb("#17172B"), rgb("#BBAC98"), rgb("#463C52"))
    return still_water(MOON, water, x, y)


def night_clouds(x: float, y: float) -> Colour:
    """Dim clouds at the end of dusk, their undersides lit a soft amber, the sky deep plum-blue."""
    density, light = cloud_deck(EVENING, x, y, 1.12, 0.9, 1.3, 0.42 - 0.04 * x + 0.03 * y, 0.9)
    warmth = glow(x, y, 0.7, 1.05, 0.75, 1.3)
    sky = ramp([(0, rgb("#151830")), (0.45, rgb("#282742")), (1, rgb("#463955"))], y)
    sky = mix(sky, rgb("#6E5665"), 0.6 * warmth)
    shade = mix(rgb("#26253F"), rgb("#3F354D"), warmth)
    cloud = mix(shade, mix(rgb("#7A5E6E"), rgb("#BA8D70"), 0.2 + warmth), light)
    return mix(sky, cloud, 0.9 * density)


def night_mode(shader: Shader) -> Shader:
    """Take some blue out of a night picture, as a screen's night mode does: warmer light for sleepy eyes."""

    def warmer(x: float, y: float) -> Colour:
        r, g, b = shader(x, y)
        return (r, g * 0.94, b * 0.8)

    return warmer


PICTURES: tuple[tuple[str, Shader], ...] = (
    ("day-clouds.jpg", day_clouds),
    ("day-dawn-water.jpg", day_dawn_water),
    ("day-hills.jpg", day_hills),
    ("day-shore.jpg", day_shore),
    ("night-dusk.jpg", night_mode(night_dusk)),
    ("night-moon-water.jpg", night_mode(night_moon_water)),
    ("night-clouds.jpg", night_mode(night_clouds)),
)


def main(names: Sequence[str]) -> None:
    """Render every picture, or only those named (with or without .jpg), into this folder."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])  # Qt's image plugins and painting expect an application
    wanted = {name.removesuffix(".jpg") for name in names}
    for seed, (name, shader) in enumerate(PICTURES):
        if wanted and name.removesuffix(".jpg") not in wanted:
            continue
        path = save(dithered(render(shader), seed), name)
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
