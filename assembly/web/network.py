"""This machine on the room's network: the addresses phones can reach.

A facilitator who opens the app at 127.0.0.1 sees pages whose join address no phone
can open. The projector and the conduct page ask `for_phones` for the address to show.
"""

import socket
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on its networks, loopback aside.

    Asks each network interface for its address (Linux), so a laptop that shares
    a hotspot with no internet at all still finds the address phones can reach.
    """
    found = []
    try:
        import fcntl
        import struct

        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            for _index, name in socket.if_nameindex():
                request = struct.pack("256s", name[:15].encode())
                try:
                    reply = fcntl.ioctl(probe.fileno(), 0x8915, request)  # SIOCGIFADDR
                except OSError:
                    continue  # interface without an IPv4 address
                found.append(socket.inet_ntoa(reply[20:24]))
    except (ImportError, OSError):
        found = [
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        ]
    return [address for address in dict.fromkeys(found) if not address.startswith("127.")]


def is_loopback(host: str | None) -> bool:
    return host is not None and (host in LOOPBACK or host.startswith("127."))


class ForPhones(NamedTuple):
    """A URL as phones in the room must open it."""

    url: str
    loopback: bool  # the page was opened at this machine's own address
    moved: bool  # … and the URL was moved to its address on the room's network


def for_phones(url: str) -> ForPhones:
    """`url` as a phone in the room must open it.

    At 127.0.0.1 (or localhost) the same URL is given at this machine's first address
    on the room's network; with none found, `url` comes back unchanged (the page then
    says to start the hotspot and `assembly serve --lan`).
    """
    parts = urlsplit(url)
    if not is_loopback(parts.hostname):
        return ForPhones(url, loopback=False, moved=False)
    addresses = lan_addresses()
    if not addresses:
        return ForPhones(url, loopback=True, moved=False)
    netloc = addresses[0] + (f":{parts.port}" if parts.port else "")
    return ForPhones(urlunsplit(parts._replace(netloc=netloc)), loopback=True, moved=True)
