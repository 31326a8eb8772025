"""The `lodestar` client as this site hands it out: the wheel `make install` (and the Docker
image) builds from client/ into LODESTAR_CLIENT_DIR, outside the web root.

Only a file named like a wheel of lodestar_client, directly in that folder and not a link,
is ever served; a student's pip asks for it by name, and the name must be exactly that of
the newest such wheel: nothing else in the folder (or beyond it) has an address.
"""

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse

WHEEL_NAME = re.compile(r"^lodestar_client-(?P<version>\d+(?:\.\d+)*)-py3-none-any\.whl$")


@dataclass(frozen=True)
class ClientWheel:
    path: Path
    filename: str
    version: str
    sha256: str
    size: int


def built_wheel() -> ClientWheel | None:
    """The newest client wheel in the build folder, or None when none was built."""
    try:
        entries = list(os.scandir(settings.LODESTAR_CLIENT_DIR))
    except OSError:
        return None
    candidates = []
    for entry in entries:
        match = WHEEL_NAME.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            version = tuple(int(part) for part in match["version"].split("."))
            candidates.append((version, entry))
    if not candidates:
        return None
    _, entry = max(candidates, key=lambda pair: pair[0])
    try:
        stat = entry.stat(follow_symlinks=False)
        return _described(entry.path, stat.st_size, stat.st_mtime_ns)
    except OSError:  # removed since the folder was read (a rebuild under way)
        return None


@lru_cache(maxsize=8)
def _described(path: str, size: int, mtime_ns: int) -> ClientWheel:
    """Hashed once per file as built: a rebuild changes its size or time, hence the key."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    filename = os.path.basename(path)
    return ClientWheel(
        path=Path(path),
        filename=filename,
        version=WHEEL_NAME.match(filename)["version"],
        sha256=digest.hexdigest(),
        size=size,
    )


def wheel_url(request, wheel: ClientWheel) -> str:
    """The wheel's address on this site, as the student's browser reached it."""
    return request.build_absolute_uri(reverse("client_wheel", args=[wheel.filename]))
