"""The address a request came from, for log-in throttling (django-axes).

Without trusted proxies it is REMOTE_ADDR, whatever headers say. Behind
TRUSTED_PROXY_COUNT reverse proxies, each appending the address it saw to
X-Forwarded-For, the client is the entry that many places from the right: the entries
to its left were sent by the client and prove nothing. Written out here rather than
through django-ipware, whose lenient parser let a stray quote in the header hide the
proxy's entry and promote a forged one.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < count:
        return remote  # not through all the proxies: only the connection is known
    try:
        return _address(entries[-count])
    except ValueError:
        return remote  # a proxy wrote something that is not an address: do not key on it


def _address(entry: str) -> str:
    """An address as proxies write it: "v4", "v4:port", "v6", "[v6]" or "[v6]:port"."""
    if entry.startswith("["):
        entry, closed, _ = entry[1:].partition("]")
        if not closed:
            raise ValueError("unclosed bracket")
    elif entry.count(":") == 1:
        entry = entry.partition(":")[0]
    address = ipaddress.ip_address(entry)
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped  # the same client, however the proxy wrote it
    return str(address)
