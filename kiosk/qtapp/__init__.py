"""What every Qt program of Lantern shares (the kiosk and the console): a clean stop on SIGINT and
SIGTERM, and systemd's watchdog pinged from the GUI loop itself."""
