"""The Lodestar client: an API client, the `lodestar` command and a notebook helper."""

# The one place the client's version is written: client/pyproject.toml reads it from here,
# and so do the wheel's file name and the `lodestar --version` line.
__version__ = "0.2.0"

from lodestar_client.api import API_VERSION, ApiError, Client, NotLoggedIn  # noqa: E402

__all__ = ["API_VERSION", "ApiError", "Client", "NotLoggedIn", "__version__"]
