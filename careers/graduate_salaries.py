"""Graduates' salaries on the salary page, from the app that knows them (outcomes registers
in its AppConfig.ready): careers sits at the bottom of the layers and imports no other app.
"""

from collections.abc import Callable

_sources: dict[str, Callable[[], list[dict]]] = {}


def graduate_salary_register(*, name: str, figures: Callable[[], list[dict]]) -> None:
    """`figures()` returns dicts with program, period, median (text), count (salaries)."""
    _sources[name] = figures


def graduate_salary_figures() -> list[dict]:
    return [figure for source in _sources.values() for figure in source()]
