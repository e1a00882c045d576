"""Content publishing: the station keeps every version of the site's content set and sends it over
the broker; each tablet checks what it receives, keeps it, and says what it shows."""
