"""Lantern's look as plain data, shared by the kiosk and the console; no Qt here."""
