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
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote  # a proxy wrote something that is not an address: do not key on it
