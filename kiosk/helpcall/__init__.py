"""The tablet side of the help call: durable outbox, MQTT transport, and the truth shown to the patient. No Qt here."""
