"""Files people edit by hand (content.yaml, lantern.toml): where each value was written, the problems
found in them, and pydantic's errors in words a nurse or IT can act on. No Qt here."""
