"""Facts for the code-lab contract shown to students: which libraries the sandbox has."""

from functools import lru_cache
from importlib import metadata

LIBRARIES = ("numpy", "pandas", "scikit-learn", "scipy")


@lru_cache(maxsize=1)
def installed_libraries() -> list[tuple[str, str]]:
    """(name, version) of the data libraries installed where the sandbox imports from."""
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return found
