"""The content.yaml that ships with Lantern is ready for patients, in every language it declares."""

from __future__ import annotations

import subprocess
import sys

from kiosk.content.check import check_content

from .conftest import REAL_CONTENT, REPO


def test_real_content_passes_with_no_errors_and_no_readability_warnings() -> None:
    result = check_content(REAL_CONTENT)

    assert result.content is not None, "\n".join(map(str, result.problems))
    assert result.problems == ()


def test_every_patient_text_has_every_language_and_each_is_translated() -> None:
    content = check_content(REAL_CONTENT).content
    assert content is not None

    texts = list(content.patient_texts())
    assert len(texts) > 100
    assert list(content.languages)[:2] == ["en", "es"]
    for location, text in texts:
        assert list(text.translations) == list(content.languages), location
        assert all(words.strip() for words in text.translations.values()), location
    for language in list(content.languages)[1:]:
        translated = sum(text.in_language(language) != text.in_language("en") for _location, text in texts)
        assert translated / len(texts) > 0.95, language


def test_the_content_covers_what_a_patient_needs_to_know() -> None:
    text = REAL_CONTENT.read_text(encoding="utf-8")

    for must_say in (
        "988",
        "911",
        "drive",
        "alcohol",
        "24 hours",
        "not medical advice",
        "Breathe in",
        "5 things",
    ):
        assert must_say.lower() in text.lower(), must_say


def test_lantern_check_passes_on_the_real_file() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "check", "content.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "OK, ready for patients" in completed.stderr
