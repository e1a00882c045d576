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


def test_ci_runs_the_readme_test_command_and_installs_its_packages() -> None:
    apt_part, _, rest = readme_commands()[1].partition(" && ")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    ci_packages = (REPO / ".ci" / "apt-packages").read_text(encoding="utf-8").split()

    assert rest in ci.splitlines()[ci.splitlines().index("set +e") + 1]
    assert set(apt_part.split()[4:]) <= set(ci_packages)
