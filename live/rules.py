"""The rules of live sessions, in plain Python: the check-in window and the check-in code.

The window opens CHECK_IN_OPENS_BEFORE before the session starts and closes when it ends:
a student may check in from 10 minutes early until the last minute, not after.
A code is CODE_LENGTH characters of an alphabet without look-alikes (no 0/O, 1/I/L): 31^6,
about 887 million codes, and a student gets CHECK_IN_TRIES wrong tries per
CHECK_IN_TRIES_WINDOW (live.services.check_in), so guessing one is hopeless.
"""

import datetime
import secrets
from dataclasses import dataclass

CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=10)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
CHECK_IN_TRIES = 5
CHECK_IN_TRIES_WINDOW = datetime.timedelta(minutes=10)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a student typed, as a code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -")[:32]


@dataclass(frozen=True)
class Window:
    opens: datetime.datetime
    closes: datetime.datetime

    def state(self, now: datetime.datetime) -> str:
        """ "early", "open" or "closed" (the close is exclusive)."""
        if now < self.opens:
            return "early"
        if now < self.closes:
            return "open"
        return "closed"


def check_in_window(*, starts_at: datetime.datetime, ends_at: datetime.datetime) -> Window:
    return Window(opens=starts_at - CHECK_IN_OPENS_BEFORE, closes=ends_at)
