"""The nurse-station console: a Qt desktop app over the station core."""
