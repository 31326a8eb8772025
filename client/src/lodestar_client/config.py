"""Where the site address and the token are kept: one JSON file only its owner can read."""

import json
import os
from pathlib import Path


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "lodestar" / "config.json"


def load() -> dict:
    """The saved settings, with LODESTAR_URL and LODESTAR_TOKEN taking precedence."""
    saved = {}
    path = config_path()
    if path.exists():
        saved = json.loads(path.read_text())
    for key in ("url", "token"):
        value = os.environ.get(f"LODESTAR_{key.upper()}")
        if value:
            saved[key] = value
    return saved


def save(*, url: str, token: str) -> Path:
    """Write the settings with mode 0600 (created so: never readable by others, even briefly)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an older file may have had wider permissions
        os.write(descriptor, json.dumps({"url": url, "token": token}, indent=2).encode())
    finally:
        os.close(descriptor)
    return path
