"""The installation's secret that the built-in datasets are drawn with, from the environment.

The catalog needs no Django, so it reads the environment itself (in a Django process the
settings have already copied a `.env` file into it). ``LODESTAR_DATASET_SECRET`` wins;
without it the secret is derived from ``DJANGO_SECRET_KEY`` by HMAC, so a fresh `make run`
works unconfigured and a production site, which must set its secret key, has a secret of
its own. Without either, a fixed development secret: fine on a laptop, public everywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

import numpy as np

DEVELOPMENT_KEY = "lodestar-development-only-set-DJANGO_SECRET_KEY"


def dataset_secret(environ: Mapping[str, str] | None = None) -> bytes:
    """The secret the built-in datasets are drawn with (``environ`` defaults to os.environ)."""
    environ = os.environ if environ is None else environ
    explicit = environ.get("LODESTAR_DATASET_SECRET", "")
    if explicit:
        return explicit.encode("utf-8")
    key = environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_KEY
    return hmac.new(key.encode("utf-8"), b"lodestar built-in datasets", hashlib.sha256).digest()


def dataset_rng(secret: bytes | str | None, slug: str) -> np.random.Generator:
    """The random generator of one dataset: the same for the same secret and slug."""
    if secret is None:
        secret = dataset_secret()
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    digest = hmac.new(secret, f"dataset:{slug}".encode(), hashlib.sha256).digest()
    return np.random.default_rng(int.from_bytes(digest, "big"))


def split_seed(secret: bytes | str | None, slug: str) -> int:
    """The seed that orders and splits one dataset's rows.

    Secret too: the split is stratified by label, so with a seed anyone can read, which
    ids landed in the test split would say something about their labels.
    """
    return int(dataset_rng(secret, f"{slug}/split").integers(2**32))
