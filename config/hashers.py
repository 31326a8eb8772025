"""The password hasher: Argon2id at OWASP's minimum settings.

Argon2id is memory-hard, so guessing passwords on GPUs costs memory as well as time, and
Django recommends it. OWASP's minimum is 19 MiB, 2 passes, 1 lane; Django's own defaults
(100 MiB, 8 lanes) cost several times the CPU per hash for little gain on a 2-core web host
where 300 people sign up at once when a cohort opens (`make bench`, `signup_burst_s`).
The hashes stay in Django's "argon2" format: a hash made with other settings, or with
PBKDF2 before this hasher, is rehashed with these at the user's next log-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
