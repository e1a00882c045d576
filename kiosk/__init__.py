"""Lantern: a calm recovery-room kiosk with a truthful help call, and its nurse-station console."""
