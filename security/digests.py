"""What the database keeps of a secret that a person holds: its SHA-256, never the secret.

API tokens and calendar links are found by this digest in one query. Their secrets carry
at least 256 random bits (or are an HMAC of such), so a fast hash is enough: nobody can
search that space, and a slow password hash would cost every request its time.
"""

import hashlib


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
