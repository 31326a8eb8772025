"""The Lodestar client: an API client, the `lodestar` command and a notebook helper."""

from lodestar_client.api import ApiError, Client, NotLoggedIn

__version__ = "0.1.0"
__all__ = ["ApiError", "Client", "NotLoggedIn", "__version__"]
