"""The broken edits nurses made in a trial of docs/content.md, each as `lantern check` prints it:
the line and column, the message, and the line of the file with a caret under the column.

Each mistake here once reached patients or led to the wrong fix; the expected message is the one
that leads to the right fix.
"""

from __future__ import annotations

import json
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk import cli

from .conftest import ContentFolder

PARSER_WORDS = (
    "block sequence",
    "mapping values",
    "could not find",
    "while scanning",
    "expected <block end>",
)


@dataclass(frozen=True)
class Printed:
    """One problem as `lantern check` printed it."""

    line: int
    column: int
    message: str
    source: str
    caret: str


def check(folder: ContentFolder, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = cli.main(["check", str(folder.path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def printed(out: str) -> list[Printed]:
    """The problems of `lantern check`'s output: a `file:line:col: message` line, then three of excerpt."""
    found = []
    blocks = [block for block in out.strip().split("\n\n") if block]
    for block in blocks:
        heading, _gutter, source, caret = block.split("\n")
        _file, line, column, message = heading.split(":", 3)
        found.append(Printed(int(line), int(column), message.strip(), source, caret))
    return found


def terminal_columns(text: str) -> int:
    """Chinese characters take two columns of a terminal."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def excerpt_points_at(problem: Printed, folder: ContentFolder, column: int) -> None:
    number = str(problem.line)
    before = folder.lines[problem.line - 1][: column - 1]
    assert (
        problem.source == f"{number} | {folder.lines[problem.line - 1].rstrip(chr(10))}"
        or "<U+" in problem.source
    )
    assert problem.caret == f"{' ' * len(number)} | {' ' * terminal_columns(before)}^"


def replace_text(folder: ContentFolder, old: str, new: str) -> int:
    """Replace the first setting line holding `old`; its number."""
    number = folder.line_of(old)
    folder.replace_line(number, folder.lines[number - 1].replace(old, new, 1))
    return number


def spoil_picture(folder: ContentFolder, name: str, spoil: Callable[[bytes], bytes]) -> int:
    path = folder.folder / name
    path.write_bytes(spoil(path.read_bytes()))
    return folder.line_of(f"file: {name}")


def random_after_the_header(raw: bytes) -> bytes:
    start_of_scan = raw.index(b"\xff\xda") + 20
    return raw[:start_of_scan] + random.Random(7).randbytes(len(raw) - start_of_scan)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            random_after_the_header,
            "The picture 'assets/day-clouds.jpg' is damaged: its first bytes are a picture",
        ),
        (lambda raw: raw[: len(raw) // 2], "The picture 'assets/day-clouds.jpg' is cut short"),
    ],
    ids=["corrupt", "truncated"],
)
def test_a_damaged_picture_is_found_by_decoding_all_of_it(
    content_folder: ContentFolder,
    capsys: pytest.CaptureFixture[str],
    spoil: Callable[[bytes], bytes],
    message: str,
) -> None:
    number = spoil_picture(content_folder, "assets/day-clouds.jpg", spoil)

    code, out, err = check(content_folder, capsys)

    assert code == 1
    [problem] = printed(out)
    column = content_folder.lines[number - 1].index("assets/") + 1
    assert (problem.line, problem.column) == (number, column)
    assert problem.message.startswith(message)
    excerpt_points_at(problem, content_folder, column)
    assert "1 problem to fix" in err


def test_a_picture_that_decoded_is_remembered_and_a_replaced_one_is_decoded_again(
    content_folder: ContentFolder,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANTERN_DATA_DIR", str(tmp_path / "data"))
    assert check(content_folder, capsys)[0] == 0
    remembered = (tmp_path / "data" / "cache" / "pictures-ok.txt").read_text().split()
    assert len(remembered) == len(list((content_folder.folder / "assets").glob("*.jpg")))

    spoil_picture(content_folder, "assets/day-clouds.jpg", random_after_the_header)

    code, out, _err = check(content_folder, capsys)
    assert code == 1
    assert "is damaged" in printed(out)[0].message


def test_a_placeholder_with_a_space_is_named_where_it_is_written(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    number = replace_text(content_folder, "{clinic_phone}", "{clinic phone}")

    _code, out, _err = check(content_folder, capsys)

    problem = printed(out)[0]
    column = content_folder.lines[number - 1].index("{clinic phone}") + 1
    assert (problem.line, problem.column) == (number, column)
    assert problem.message.startswith(
        "'{clinic phone}' is not something Lantern can fill in. Did you mean '{clinic_phone}'?"
    )
    excerpt_points_at(problem, content_folder, column)


@pytest.mark.parametrize(
    ("after", "words", "emoji", "font"),
    [
        ("button:", "en: Call for help", "🙏", "the kiosk's font, Noto Sans"),
        ("button:", "zh: 呼叫帮助", "❤️", "the kiosk's font for Chinese, Noto Sans CJK SC"),
    ],
)
def test_an_emoji_the_fonts_cannot_draw_is_named_with_the_font(
    content_folder: ContentFolder,
    capsys: pytest.CaptureFixture[str],
    after: str,
    words: str,
    emoji: str,
    font: str,
) -> None:
    number = content_folder.line_of(words, after=after)
    content_folder.replace_line(number, content_folder.lines[number - 1].rstrip("\n") + f" {emoji}")

    _code, out, _err = check(content_folder, capsys)

    [problem] = printed(out)
    column = content_folder.lines[number - 1].index(emoji) + 1
    assert (problem.line, problem.column) == (number, column)
    assert problem.message.startswith(f"'{emoji}' (")
    assert f"cannot be drawn by {font}: patients would see an empty box" in problem.message
    excerpt_points_at(problem, content_folder, column)


@pytest.mark.parametrize(
    ("invisible", "named"),
    [
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\ufeff", "byte order mark"),
        ("\u2060", "U+2060 (WORD JOINER)"),
    ],
)
def test_an_invisible_character_is_named_as_what_it_is(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str], invisible: str, named: str
) -> None:
    number = replace_text(content_folder, "Call for help", f"Call for{invisible} help")

    _code, out, _err = check(content_folder, capsys)

    [problem] = printed(out)
    column = content_folder.lines[number - 1].index(invisible) + 1
    assert (problem.line, problem.column) == (number, column)
    assert named in problem.message
    assert f"<U+{ord(invisible):04X}>" in problem.source
    assert problem.caret.endswith(" " * (column - 1) + "^")


def test_a_non_breaking_space_in_the_indentation_is_named_at_its_own_line(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    number = content_folder.line_of("en: Call for help")
    content_folder.replace_line(number, "  \u00a0 en: Call for help")

    _code, out, _err = check(content_folder, capsys)

    [problem] = printed(out)
    assert (problem.line, problem.column) == (number, 3)
    assert "non-breaking space (U+00A0)" in problem.message
    assert problem.source == f"{number} |   <U+00A0> en: Call for help"
    assert problem.caret == f"{' ' * len(str(number))} |   ^"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("“Note: these services are free.”", "This text starts with a curly quotation mark (“)"),
        ("- these services are free", "A text cannot start with '- ' (YAML reads it as a new list item)."),
    ],
    ids=["curly quotes from Word", "a leading dash"],
)
def test_a_text_that_yaml_misreads_gets_advice_not_the_parsers_words(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str], written: str, message: str
) -> None:
    number = content_folder.line_of("en: These services are free.")
    indent = content_folder.lines[number - 1].index("en:")
    content_folder.replace_line(number, " " * indent + f"en: {written}")

    _code, out, _err = check(content_folder, capsys)

    [problem] = printed(out)
    assert (problem.line, problem.column) == (number, indent + 5)
    assert problem.message.startswith(message)
    excerpt_points_at(problem, content_folder, indent + 5)
    assert not any(words in out for words in PARSER_WORDS)


def test_a_forgotten_dash_is_one_problem_that_keeps_the_item(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    number = content_folder.line_of("en: Veterans Crisis Line") - 1
    dash = content_folder.lines[number - 1]
    assert dash.lstrip().startswith("- name:")
    content_folder.replace_line(number, dash.replace("- name:", "  name:"))

    _code, out, err = check(content_folder, capsys)

    [problem] = printed(out)
    assert (problem.line, problem.column) == (number, dash.index("-") + 3)
    assert problem.message.startswith(
        "A new item starts here without its '- ': 'name' was already given on line"
    )
    assert "Put '- ' in front of 'name'" in problem.message
    assert "remove" not in problem.message
    assert "1 problem to fix" in err


def test_every_problem_of_a_file_is_found_in_one_run_and_counted(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """A character, a placeholder, a misplaced line and a missing picture: four problems, one run."""
    emoji = content_folder.line_of("en: Call for help")
    content_folder.replace_line(emoji, content_folder.lines[emoji - 1].rstrip("\n") + " 🙏")
    placeholder = replace_text(content_folder, "{clinic_phone}", "{clinic phone}")
    misplaced = content_folder.line_of("en: Veterans Crisis Line") + 1
    content_folder.insert_line(misplaced, "      fr: Ligne de crise")
    (content_folder.folder / "assets" / "night-moon-water.jpg").unlink()
    picture = content_folder.line_of("file: assets/night-moon-water.jpg")

    code, out, err = check(content_folder, capsys)

    assert code == 1
    assert [problem.line for problem in printed(out)] == sorted([emoji, placeholder, misplaced, picture])
    assert "4 problems to fix" in err


@pytest.mark.parametrize(
    "broken",
    [
        '  name: "Lantern',
        "  name: Lantern: the clinic",
        "  name: [Draft",
        "      - rest",
        "  name: 'it's here'",
        "name  Lantern",
        "  phone: {555",
    ],
)
def test_no_parser_words_ever_reach_the_nurse(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    content_folder.replace_line(content_folder.line_of("name:"), broken)

    code, out, _err = check(content_folder, capsys)

    assert code == 1
    assert printed(out), out
    assert not any(words in out for words in PARSER_WORDS), out


def test_json_output_gives_editors_every_problem_with_its_place(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    number = replace_text(content_folder, "{clinic_phone}", "{clinic phone}")

    code, out, _err = check(content_folder, capsys, "--format", "json")

    report = json.loads(out)
    assert code == 1
    assert report["ready_for_patients"] is False
    assert report["errors"] == len([p for p in report["problems"] if p["severity"] == "error"]) >= 1
    first = report["problems"][0]
    assert (first["line"], first["column"]) == (
        number,
        content_folder.lines[number - 1].index("{clinic phone}") + 1,
    )
    assert first["source"] == content_folder.lines[number - 1].rstrip("\n")
    assert "Did you mean '{clinic_phone}'?" in first["message"]


def test_json_output_of_a_good_file_lists_the_languages_without_a_reading_level_check(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = check(content_folder, capsys, "--format", "json")

    report = json.loads(out)
    assert (code, report["ready_for_patients"], report["errors"]) == (0, True, 0)
    assert report["reading_level_not_checked"] == ["vi", "zh"]


def test_a_good_file_says_which_languages_had_no_reading_level_check(
    content_folder: ContentFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(content_folder, capsys)

    assert (code, out) == (0, "")
    assert "Reading level not checked for Tiếng Việt (vi), 简体中文 (zh)" in err
    assert err.rstrip().endswith("OK, ready for patients.")
