"""Display names that would pass for someone else: how two names are compared, and the
names the boards themselves use (the reference row, the site's roles). Plain Python."""

import unicodedata

REFERENCE_LABEL = "Reference model"
# A name made only of these (and of FILLER_WORDS) reads as the site speaking.
ROLE_WORDS = frozenset(
    {
        "admin",
        "administrator",
        "instructor",
        "lodestar",
        "moderator",
        "reference",
        "staff",
        "teacher",
        "tutor",
    }
)
FILLER_WORDS = frozenset({"a", "an", "the", "our", "s", "site", "team", "model", "official"})


def reference_row_label(pipeline: str) -> str:
    """The name of the reference model's row on a board."""
    return f"{REFERENCE_LABEL} ({pipeline})"


def person_names(first_name: str, last_name: str, username: str, email: str) -> tuple[str, ...]:
    """The names a person goes by: the full name in both orders, the username, the email."""
    return (f"{first_name} {last_name}", f"{last_name} {first_name}", username, email)


def name_key(name: str) -> str:
    """What a reader tells apart: letters and digits, case folded, accents and spacing,
    punctuation and invisible characters dropped ("Zoë  O'Neil" -> "zoeoneil")."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", name).casefold())
    return "".join(char for char in folded if char.isalnum())


def is_reference_label(name: str) -> bool:
    """ "Reference model", with or without a pipeline after it."""
    return name_key(name).startswith(name_key(REFERENCE_LABEL))


def is_role_name(name: str) -> bool:
    """Made only of role and filler words, at least one a role, however spaced:
    "Instructor", "The Admin", "Lodestar-Staff", "instructors"."""
    key = name_key(name)
    return _spelled_with(key, ROLE_WORDS | FILLER_WORDS) and not _spelled_with(key, FILLER_WORDS)


def _spelled_with(key: str, words: frozenset[str]) -> bool:
    """Whether `key` is a run of `words` glued together (each may repeat)."""
    if not key:
        return False
    longest = max(map(len, words))
    reachable = [True] + [False] * len(key)  # reachable[i]: key[:i] is such a run
    for end in range(1, len(key) + 1):
        starts = range(max(0, end - longest), end)
        reachable[end] = any(reachable[start] and key[start:end] in words for start in starts)
    return reachable[-1]
