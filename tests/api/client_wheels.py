"""A build folder of the client's wheel for tests: settings.LODESTAR_CLIENT_DIR in tmp, with
a stand-in wheel (bytes pip never reads here) or none."""

import hashlib
from pathlib import Path

WHEEL = "lodestar_client-{version}-py3-none-any.whl"


def put_wheel(folder: Path, version: str = "9.1.0", content: bytes | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / WHEEL.format(version=version)
    path.write_bytes(content if content is not None else f"wheel {version}".encode() * 100)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
