"""The kiosk's session rules without Qt: night hours, idle return, pacing, navigation and staff access."""
