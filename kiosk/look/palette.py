"""Lantern's colours for day and night: dark and calm, warm off-white text, alert colours for help only.

The kiosk's theme and the station console both draw from these palettes, and the contrast tests
measure them, so what is measured is what is shown. Only the help button uses the `alert*` colours; "call out loud" has a warm gold of its own (`warn*`), calm
but unlike anything else on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """Dark and calm; text is warm off-white (never pure white); the alert colours belong to the help button."""

    background: str
    surface: str
    raised: str
    raised_on: str
    line: str
    text: str
    text_soft: str
    calm: str
    scrim: str
    scrim_opacity: float
    alert: str
    alert_ring: str
    alert_soft: str
    alert_text: str
    warn_fill: str
    warn_ring: str


DAY = Palette(
    background="#1B2633",
    surface="#243244",
    raised="#2E3F55",
    raised_on="#33465F",
    line="#4A5E78",
    text="#F3EBDD",
    text_soft="#DDD4C6",
    calm="#8EC3BA",
    scrim="#16202B",
    scrim_opacity=0.86,
    alert="#8A2F12",
    alert_ring="#E98A55",
    alert_soft="#3B2620",
    alert_text="#FFF1E4",
    warn_fill="#3E3420",
    warn_ring="#D9B45A",
)

NIGHT = Palette(
    background="#11161D",
    surface="#171E27",
    raised="#1F2935",
    raised_on="#2A394B",
    line="#34404F",
    text="#E6D8C4",
    text_soft="#CDBFAB",
    calm="#6E9E96",
    scrim="#0E1319",
    scrim_opacity=0.88,
    alert="#7A2A10",
    alert_ring="#C97646",
    alert_soft="#2E1E19",
    alert_text="#F3E2CF",
    warn_fill="#2E271A",
    warn_ring="#B8984C",
)

TEXT_ON = {
    "text": ("background", "surface", "raised", "raised_on", "warn_fill"),
    "text_soft": ("background", "surface"),
    "alert_text": ("alert", "alert_soft"),
}
"""Every text colour with every fill it is drawn on (the scrim over pictures is measured separately)."""
