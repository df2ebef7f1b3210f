"""Who is asking: the client address that the rate limit and sign-in throttling count by.

One IPv6 subscriber is usually given a whole /64, and can use a new address of it for
each request; counting per address would let them slip every limit. So an IPv6 client
is its /64 (written as the network's first address), an IPv4 client its address, and
an IPv4 address carried in IPv6 (`::ffff:192.0.2.1`) the IPv4 address it carries.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

IPV6_PREFIX = 64


def client_address(request: HttpRequest) -> str | None:
    """The client's key: the socket peer, or our own proxy's last hop when TRUST_PROXY.

    Only the rightmost `X-Forwarded-For` entry was written by our own proxy; anything to
    its left came from the client and could be forged to dodge a limit. None when no
    address is known (a test client, a Unix socket without a proxy header).
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            address = hops[-1]
    return client_key(address)


def client_key(address: str) -> str | None:
    """An address as the limits count it: IPv6 by its /64, IPv4 as it is."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        host_bits = 128 - IPV6_PREFIX
        return str(ipaddress.IPv6Address(int(ip) >> host_bits << host_bits))
    return str(ip)
