"""The wire both peers stand on: the protocol, the MQTT transport, presence, timing, durable storage
and the embedded broker. Tablets (`kiosk.helpcall`) and stations (`kiosk.station`) build on it; it
knows neither. No Qt here."""
