"""The JSON Schema shipped for editors says what the model says, and content.yaml points editors at it."""

from __future__ import annotations

import json

import jsonschema

from kiosk.content.schema import SCHEMA_PATH, content_schema, schema_text
from kiosk.content.yamlsource import read_document
from tests.content.conftest import REAL_CONTENT


def test_the_shipped_schema_is_the_one_the_model_generates() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "the content model changed: run `python -m kiosk.content.schema` to update content.schema.json"
    )


def test_the_schema_knows_the_limits_and_the_clinic_screens() -> None:
    definitions = content_schema()["$defs"]

    assert definitions["Label"]["additionalProperties"]["maxLength"] == 32
    assert definitions["Screens"]["required"] == ["home", "feelings"]
    assert definitions["Screens"]["additionalProperties"] == {"$ref": "#/$defs/Topic"}
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["title"] == "Lantern content.yaml"


def test_content_yaml_names_the_schema_for_the_yaml_language_server() -> None:
    first_line = REAL_CONTENT.read_text(encoding="utf-8").splitlines()[0]
    schema = first_line.removeprefix("# yaml-language-server: $schema=")

    assert first_line.startswith("# yaml-language-server: $schema=")
    assert (REAL_CONTENT.parent / schema).resolve() == SCHEMA_PATH.resolve()


def test_an_editor_using_the_schema_accepts_the_real_file_and_underlines_a_half_written_screen() -> None:
    validator = jsonschema.Draft202012Validator(content_schema())
    data = read_document(REAL_CONTENT, "content.yaml").data

    assert list(validator.iter_errors(data)) == []
    data["screens"]["parking"] = {"title": {"en": "Parking"}}
    assert [error.message for error in validator.iter_errors(data)] == ["'nav' is a required property"]
