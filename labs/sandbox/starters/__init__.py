"""Starter files for code labs: a .py file, and the same code as a notebook."""

import json
from pathlib import Path

HERE = Path(__file__).parent
CELL_MARK = "# %%"


def starter_source(task: str) -> str:
    name = "regression.py" if task == "regression" else "classification.py"
    return (HERE / name).read_text()


def starter_notebook(task: str) -> bytes:
    """The starter split at its ``# %%`` marks into notebook cells (comments become text)."""
    cells = []
    for chunk in starter_source(task).split(CELL_MARK):
        lines = chunk.strip("\n").splitlines()
        if not lines or not "".join(lines).strip():
            continue
        if all(line.startswith("#") or not line.strip() for line in lines):
            text = [line.removeprefix("#").removeprefix(" ") for line in lines]
            cells.append({"cell_type": "markdown", "metadata": {}, "source": _lines(text)})
        else:
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {},
                    "outputs": [],
                    "source": _lines(lines),
                }
            )
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    return (json.dumps(notebook, indent=1) + "\n").encode()


def _lines(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines[:-1]] + lines[-1:]
