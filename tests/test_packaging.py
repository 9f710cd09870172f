"""The Docker image builds from what the package needs: every file pyproject installs as data
(the shipped feed list and rules) is copied into the image before `pip install .` runs."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_dockerfile_copies_the_packages_data_files_before_installing():
    data_files = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["data-files"]
    lines = (REPO / "Dockerfile").read_text(encoding="utf-8").splitlines()
    install = next(i for i, line in enumerate(lines) if "pip install ." in line)
    copied = [line.split()[1] for line in lines[:install] if line.startswith("COPY ")]
    for patterns in data_files.values():
        for pattern in patterns:
            assert list(REPO.glob(pattern)), f"{pattern} matches nothing in the repository"
            source = pattern.split("/*")[0] if "*" in pattern else pattern
            assert any(source == c or source.startswith(c.rstrip("/") + "/") for c in copied), (
                f"{pattern} is installed by pyproject but not copied before `pip install .`")
