"""Paging phones: escalation tiers, the durable ledger, the pushes and the phones' answers."""
