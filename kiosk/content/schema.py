"""The JSON Schema of content.yaml, generated from the model, so editors (VS Code's YAML extension)
complete setting names and underline mistakes as a nurse types.

`python -m kiosk.content.schema` writes it next to this module; a test keeps the shipped copy in step.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kiosk.content.model import SCREEN_ID_PATTERN, Content

SCHEMA_PATH = Path(__file__).with_name("content.schema.json")


def content_schema() -> dict[str, Any]:
    schema = Content.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Lantern content.yaml"
    schema["$defs"]["Screens"]["propertyNames"] = {
        "pattern": SCREEN_ID_PATTERN
    }  # pydantic leaves extras' keys open
    return schema


def schema_text() -> str:
    return json.dumps(content_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {SCHEMA_PATH}")
