"""The name a student has on the leaderboards until they choose one: stable, not theirs.

Derived from the user id with an HMAC of the site's secret key, so it is the same on
every page and every visit, and nobody can work back from an alias to a person (nor
from a user id to an alias without the key). Plain Python apart from Django's HMAC.
"""

import re

from django.utils.crypto import salted_hmac

ADJECTIVES = (
    "Amber", "Brave", "Bright", "Calm", "Clever", "Cosmic", "Crimson", "Curious",
    "Daring", "Eager", "Gentle", "Golden", "Happy", "Hidden", "Jolly", "Keen",
    "Kind", "Lively", "Lucky", "Mellow", "Misty", "Nimble", "Noble", "Patient",
    "Quick", "Quiet", "Rapid", "Serene", "Silver", "Steady", "Sunny", "Swift",
    "Tidy", "Vivid", "Witty", "Zesty",
)  # fmt: skip
ANIMALS = (
    "Badger", "Beaver", "Bison", "Crane", "Dolphin", "Falcon", "Ferret", "Finch",
    "Fox", "Gecko", "Heron", "Ibis", "Jaguar", "Koala", "Lemur", "Lynx",
    "Marten", "Moose", "Narwhal", "Ocelot", "Orca", "Otter", "Owl", "Panda",
    "Puffin", "Quokka", "Raven", "Seal", "Stoat", "Swan", "Tapir", "Walrus",
    "Wombat", "Wren", "Yak", "Zebra",
)  # fmt: skip
_SALT = "lodestar.leaderboards.alias"
# Anything of the alias shape is reserved, so nobody can choose a classmate's alias.
ALIAS_SHAPE = re.compile(
    rf"^\s*({'|'.join(ADJECTIVES)})\s+({'|'.join(ANIMALS)})\s*\d+\s*$", re.IGNORECASE
)


def alias_for(user_id: int) -> str:
    """e.g. "Quiet Heron 417": 36 x 36 x 900 names, so a cohort rarely has two alike."""
    digest = salted_hmac(_SALT, str(int(user_id)), algorithm="sha256").digest()
    adjective = ADJECTIVES[digest[0] % len(ADJECTIVES)]
    animal = ANIMALS[digest[1] % len(ANIMALS)]
    number = 100 + int.from_bytes(digest[2:4], "big") % 900
    return f"{adjective} {animal} {number}"


def looks_like_an_alias(name: str) -> bool:
    return bool(ALIAS_SHAPE.match(name))
