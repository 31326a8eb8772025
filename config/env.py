"""What every settings module reads first: the project folder, the environment (with a
`.env` file's values under it), the state folder and the Redis address (cache and broker)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime state of the embedded setup (database, broker spool, uploads) lives here. Nothing
# is created at import: config/state_folders.py makes what a process uses when it starts.
VAR_DIR = Path(env.str("LODESTAR_VAR_DIR", default=str(BASE_DIR / "var")))

REDIS_URL = env.str("REDIS_URL", default="")
