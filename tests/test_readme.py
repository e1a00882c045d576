"""The README's first commands are the ones CI runs, so they keep working on a fresh machine."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[:12] if line.strip().startswith("sudo apt-get install")]


def test_readme_starts_with_the_two_commands() -> None:
    commands = readme_commands()

    assert len(commands) == 2
    assert commands[0].endswith("python main.py")
    assert commands[1].endswith("python -m pytest")


def apt_packages(command: str) -> set[str]:
    return set(command.partition(" && ")[0].split()[4:])


def test_the_kiosk_command_installs_a_speech_engine_for_read_aloud() -> None:
    """Qt's speechd engine needs libspeechd2 to load, and speech-dispatcher needs its espeak-ng module."""
    assert {"speech-dispatcher", "speech-dispatcher-espeak-ng", "libspeechd2"} <= apt_packages(
        readme_commands()[0]
    )


def test_ci_installs_the_packages_of_both_commands() -> None:
    """So a package name that does not exist, or is misspelt, fails CI rather than a clinic's install."""
    ci_packages = set((REPO / ".ci" / "apt-packages").read_text(encoding="utf-8").split())

    for command in readme_commands():
        assert apt_packages(command) <= ci_packages


def test_ci_runs_the_readme_test_command() -> None:
    rest = readme_commands()[1].partition(" && ")[2]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")

    assert rest in ci.splitlines()[ci.splitlines().index("set +e") + 1]
