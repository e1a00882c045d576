"""The content model: every word a patient reads, loaded from content.yaml and checked. No Qt here."""
