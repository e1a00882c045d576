"""The room's own nurse call: a relay the tablet closes while one of its calls waits unanswered."""
