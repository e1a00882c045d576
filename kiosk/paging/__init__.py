"""Paging staff phones: escalation, and the answers phones send back. No Qt here."""
