"""The code's own rules, checked by the tools that enforce them: lint, types, and the import contracts
(Qt only in the Qt packages; the layers the README draws), which a planted import must break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
        ["lint-imports", "--no-cache"],
    ],
    ids=["ruff", "ruff-format", "mypy", "import-contracts"],
)
def test_tool_passes(command: list[str]) -> None:
    completed = subprocess.run(
        [str(BIN / command[0]), *command[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]


def _lint_imports_with(tmp_path: Path, planted: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """lint-imports over a copy of the package with extra modules planted in it."""
    shutil.copytree(REPO / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for name, source in planted.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_qt_import_in_a_brand_new_package_breaks_the_contract(tmp_path: Path) -> None:
    """The contract covers all of kiosk, so a package nobody has listed yet is covered too."""
    linted = _lint_imports_with(
        tmp_path, {"kiosk/newdomain/__init__.py": "from PySide6.QtCore import QObject\n"}
    )
    assert linted.returncode != 0
    assert "Qt only in the Qt packages" in linted.stdout and "BROKEN" in linted.stdout
    assert "kiosk.newdomain -> PySide6 (l.1)" in linted.stdout


def test_an_import_up_the_layers_breaks_the_contract(tmp_path: Path) -> None:
    linted = _lint_imports_with(tmp_path, {"kiosk/wire/upward.py": "import kiosk.station.core\n"})
    assert linted.returncode != 0
    assert "kiosk.wire.upward -> kiosk.station.core" in linted.stdout
