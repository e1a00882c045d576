"""The nurse station's core: records calls once, answers with receipts, tracks tablets. No Qt here."""
