"""Deployment settings: where files live, which broker, which room. No Qt here."""
