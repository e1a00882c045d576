"""Every kind of broken edit a nurse can make is reported at its line and column, in words."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kiosk.content.check import check_content
from kiosk.content.placeholders import ON_SCREEN

from .conftest import REPO, ContentFolder


def problems_of(folder: ContentFolder) -> list[str]:
    result = check_content(folder.path)
    assert result.content is None, "the broken file was accepted"
    return [str(problem) for problem in result.errors]


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def test_misspelt_setting_is_named_with_a_suggestion(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("title:", after="expect:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.replace("title:", "titel:"))

    problems = problems_of(content_folder)

    column = indent_of(line) + 1
    assert (
        f"content.yaml:{number}:{column}: 'titel' is not a setting under 'expect'. Did you mean 'title'?"
        in problems
    )


def test_duplicate_key_names_both_lines(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("phone:")
    content_folder.insert_line(number + 1, content_folder.lines[number - 1])

    problems = problems_of(content_folder)

    assert problems == [
        f"content.yaml:{number + 1}:3: 'phone' is written twice in this group, on lines {number} and "
        f"{number + 1}. Only one can count: remove or rename one of them."
    ]


def test_tab_indentation_is_found_on_every_line(content_folder: ContentFolder) -> None:
    first = content_folder.line_of("name:")
    second = content_folder.line_of("phone:")
    for number in (first, second):
        content_folder.replace_line(number, "\t" + content_folder.lines[number - 1].lstrip(" "))

    problems = problems_of(content_folder)

    assert [problem.split(": ")[0] for problem in problems] == [
        f"content.yaml:{first}:1",
        f"content.yaml:{second}:1",
    ]
    assert "tab character" in problems[0]


def test_wrong_type_is_explained_in_plain_words(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("breaths_per_minute:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.split(":")[0] + ": six")

    problems = problems_of(content_folder)

    column = line.index(":") + 3
    assert problems == [
        f"content.yaml:{number}:{column}: This should be a number, like 6, but it is the text 'six'."
    ]


def test_missing_translation_points_at_the_text(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("es:", after="button:")
    button_line = content_folder.line_of("button:")
    lines = content_folder.lines
    del lines[number - 1]
    content_folder.path.write_text("".join(lines), encoding="utf-8")

    problems = problems_of(content_folder)

    column = indent_of(lines[button_line - 1]) + 1
    assert problems == [
        f"content.yaml:{button_line}:{column}: This text has no Español (es) version. Every text needs a line "
        "for each language listed under 'languages' at the top: en, es, vi, zh."
    ]


def test_a_language_the_file_does_not_list_is_named_with_a_suggestion(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("es:", after="button:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.replace("es:", "sp:"))

    problems = problems_of(content_folder)

    assert problems == [
        f"content.yaml:{number - 2}:{indent_of(line) - 1}: This text has no Español (es) version. Every text "
        "needs a line for each language listed under 'languages' at the top: en, es, vi, zh.",
        f"content.yaml:{number}:{indent_of(line) + 1}: 'sp' is not one of the languages listed under 'languages' "
        "at the top of the file (en, es, vi, zh). Did you mean 'es'? To add a language, list it there first.",
    ]


def test_text_too_long_for_its_screen(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("en:", after="button:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.split("en:")[0] + "en: " + "Please call for help " * 3)

    problems = problems_of(content_folder)

    column = line.index("en:") + 5
    assert problems == [
        f"content.yaml:{number}:{column}: This text is 62 characters long, but at most 32 fit here. Please shorten it."
    ]


def test_missing_required_setting(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("disclaimer:")
    end = number + 1
    while content_folder.lines[end - 1].startswith("  "):
        end += 1
    lines = content_folder.lines
    del lines[number - 1 : end - 1]
    content_folder.path.write_text("".join(lines), encoding="utf-8")

    first_setting = content_folder.line_of("version:")
    assert problems_of(content_folder) == [
        f"content.yaml:{first_setting}:1: 'disclaimer' is required at the top of the file, but it is missing."
    ]


def test_missing_picture_and_fake_picture(content_folder: ContentFolder) -> None:
    first = content_folder.line_of("file:")
    second = content_folder.line_of("file:", after=content_folder.lines[first - 1].strip())
    column = content_folder.lines[first - 1].index("file:") + 7
    content_folder.replace_line(
        first, content_folder.lines[first - 1].split("file:")[0] + "file: assets/gone.jpg"
    )
    (content_folder.folder / "assets" / "notes.png").write_text("not a picture")
    content_folder.replace_line(
        second, content_folder.lines[second - 1].split("file:")[0] + "file: assets/notes.png"
    )

    problems = problems_of(content_folder)

    assert problems[0].startswith(
        f"content.yaml:{first}:{column}: The picture 'assets/gone.jpg' was not found."
    )
    assert problems[1] == (
        f"content.yaml:{second}:{column}: 'assets/notes.png' is not a picture Lantern can show: "
        "it is not a PNG or JPEG file."
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


@pytest.mark.parametrize("side", [9000, 40000])
def test_picture_claiming_huge_dimensions_is_refused(content_folder: ContentFolder, side: int) -> None:
    """A few hundred bytes that would unpack to gigabytes: refused before anything is decoded."""
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", side.to_bytes(4, "big") * 2 + b"\x08\x06\x00\x00\x00")
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _png_chunk(b"IEND", b"")
    )
    (content_folder.folder / "assets" / "bomb.png").write_bytes(bomb)
    number = content_folder.line_of("file:")
    content_folder.replace_line(
        number, content_folder.lines[number - 1].split("file:")[0] + "file: assets/bomb.png"
    )

    assert (
        "'assets/bomb.png' is too large: it has more than 8192×8192 pixels" in problems_of(content_folder)[0]
    )


@pytest.mark.parametrize(
    ("setting", "broken", "expected"),
    [
        ("name:", '  name: "Lantern', "A quotation mark is opened here but never closed."),
        ("name:", "  name: Lantern: the clinic", "or it has a ':' in an unexpected place."),
        (
            "phone:",
            '   phone: "(555) 010-0199"',
            "This line is indented differently from the lines beside it",
        ),
        ("name:", '  name: "Lantern" Clinic', "must have quotes around all of it. Put single quotes"),
        ("name:", "  name: [Draft] Clinic", "A text that starts with '[' must be in double quotes"),
        (
            "name:",
            "  name: @home",
            "A text cannot start with '@'. Put the whole text in double quotes, like \"@home is here.\"",
        ),
        ("name:", "  name: *star", "A text cannot start with '*'"),
        ("name:", "  name: &Free clinic", "A text cannot start with '&'"),
        ("night_starts:", "  night_starts: [20:00", "A '[' is opened here but never closed with ']'."),
        ("seconds_per_picture:", "  seconds_per_picture 30", "missing its ':', or the indentation is off"),
    ],
)
def test_syntax_errors_point_at_the_line(
    content_folder: ContentFolder, setting: str, broken: str, expected: str
) -> None:
    number = content_folder.line_of(setting)
    content_folder.replace_line(number, broken)

    problems = problems_of(content_folder)

    assert len(problems) == 1
    assert problems[0].startswith(f"content.yaml:{number}:")
    assert expected in problems[0]


def test_non_utf8_byte_is_located(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("name:")
    raw = content_folder.path.read_bytes().split(b"\n")
    raw[number - 1] = b"  name: Cl\xednica"
    content_folder.path.write_bytes(b"\n".join(raw))

    problems = problems_of(content_folder)

    assert problems == [
        f"content.yaml:{number}:11: This line has a character your editor did not save as UTF-8 text. "
        "Delete it, type it again, and make sure the editor saves the file as UTF-8."
    ]


def test_file_saved_as_windows_1252_is_told_to_save_as_utf8(content_folder: ContentFolder) -> None:
    content_folder.path.write_bytes(
        content_folder.path.read_text(encoding="utf-8").encode("cp1252", errors="replace")
    )
    first = next(number for number, line in enumerate(content_folder.lines_as_read(), 1) if "\ufffd" in line)

    problems = problems_of(content_folder)

    assert len(problems) == 1
    assert problems[0].startswith(f"content.yaml:{first}:")
    assert "saved in another encoding (often called ANSI or Windows-1252)" in problems[0]
    assert "choose Save As and pick UTF-8" in problems[0]


def test_bad_times_and_numbers_are_quoted_as_the_nurse_wrote_them(content_folder: ContentFolder) -> None:
    night = content_folder.line_of("night_starts:")
    content_folder.replace_line(night, '  night_starts: "24:00"')
    pace = content_folder.line_of("breaths_per_minute:")
    content_folder.replace_line(pace, content_folder.lines[pace - 1].split(":")[0] + ": 12")
    idle = content_folder.line_of("return_home_after_seconds:")
    content_folder.replace_line(idle, "  return_home_after_seconds: 45.50")

    problems = problems_of(content_folder)

    assert any(
        f":{night}:" in p and "'24:00' is not a time of day: hours go from 00 to 23" in p for p in problems
    )
    assert any(f":{pace}:" in p and "must be at most 10." in p for p in problems)
    assert any(
        f":{idle}:" in p and "This should be a whole number, like 30, but it is the number 45.50." in p
        for p in problems
    )


def test_a_same_line_comment_after_a_text_is_a_warning(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("en:", after="slower:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.rstrip("\n") + " #1")

    result = check_content(content_folder.path)

    assert result.content is not None
    assert [(problem.line, problem.severity) for problem in result.warnings] == [(number, "warning")]
    assert "The words after '#' are a note for staff, and patients will not see them." in str(
        result.warnings[0]
    )


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "content.yaml"
    path.write_text(text)

    assert [str(problem) for problem in check_content(path).errors] == [
        "content.yaml:1:1: The file is empty. It needs the clinic's content; see docs/content.md."
    ]


@pytest.mark.parametrize("word", ["no", "si", "on", "off", "yes", "n", "y", "NO"])
def test_yaml_11_words_stay_text(content_folder: ContentFolder, word: str) -> None:
    number = content_folder.line_of("es:", after="slower:")
    line = content_folder.lines[number - 1]
    content_folder.replace_line(number, line.split("es:")[0] + f"es: {word}")

    content = check_content(content_folder.path).content

    assert content is not None
    assert content.ui.slower.in_language("es") == word


def test_unquoted_clock_time_stays_a_time(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("night_starts:")
    content_folder.replace_line(number, "  night_starts: 21:30")

    content = check_content(content_folder.path).content

    assert content is not None
    assert content.schedule.night_starts.isoformat() == "21:30:00"


def test_lantern_check_prints_every_problem_and_fails(content_folder: ContentFolder) -> None:
    first = content_folder.line_of("title:", after="expect:")
    content_folder.replace_line(first, content_folder.lines[first - 1].replace("title:", "titel:"))
    second = content_folder.line_of("breaths_per_minute:")
    content_folder.replace_line(second, content_folder.lines[second - 1].split(":")[0] + ": 40")

    completed = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "check", str(content_folder.path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 1
    printed = completed.stdout.splitlines()
    assert any(f":{first}:" in line and "Did you mean 'title'?" in line for line in printed)
    assert any(f":{second}:" in line and "must be at most 10" in line for line in printed)
    assert "The kiosk keeps showing the last good content" in completed.stderr


def test_warnings_do_not_fail_the_check(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("en:", after="disclaimer:")
    line = content_folder.lines[number - 1]
    hard = "Comprehensive pharmacological considerations notwithstanding, individualized therapeutic determinations necessitate consultation."
    content_folder.replace_line(number, line.split("en:")[0] + "en: " + hard)

    result = check_content(content_folder.path)

    assert result.content is not None
    assert [problem.line for problem in result.warnings] == [number]
    assert "reads at about grade" in str(result.warnings[0])


def test_placeholders_are_filled_in_each_language(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("en:", after="button:")
    content_folder.replace_line(
        number, content_folder.lines[number - 1].split("en:")[0] + "en: Ring the nurse"
    )

    content = check_content(content_folder.path).content

    assert content is not None
    texts = [text for _location, text in content.patient_texts()]
    assert any("press a Ring the nurse button" in text.in_language("en") for text in texts)
    assert any("botón de Pedir ayuda" in text.in_language("es") for text in texts)
    on_screen = {location for location, _text in content.patient_texts() if location in ON_SCREEN}
    assert on_screen == set(ON_SCREEN)  # the kiosk fills these as it shows them
    assert not any(
        "{" in text.in_language("en") + text.in_language("es")
        for location, text in content.patient_texts()
        if location not in ON_SCREEN
    )


def test_misspelt_placeholder_gets_a_suggestion(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("{help_button}")
    content_folder.replace_line(
        number, content_folder.lines[number - 1].replace("{help_button}", "{help_buton}", 1)
    )

    problems = problems_of(content_folder)

    assert len(problems) == 1
    assert problems[0].startswith(f"content.yaml:{number}:")
    assert "'{help_buton}' is not something Lantern can fill in. Did you mean '{help_button}'?" in problems[0]


def test_text_starting_with_a_placeholder_needs_quotes(content_folder: ContentFolder) -> None:
    number = content_folder.line_of("en:", after="greeting:")
    content_folder.replace_line(
        number, content_folder.lines[number - 1].split("en:")[0] + "en: {clinic} welcomes you"
    )

    problems = problems_of(content_folder)

    assert len(problems) == 1
    assert problems[0].startswith(f"content.yaml:{number}:")
    assert "A text that starts with '{' must be in double quotes" in problems[0]
