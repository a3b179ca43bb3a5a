"""`serve` answers only requests that name this computer: a defence against DNS rebinding.

A preview shows drafts and embargoed items, so it listens on this computer only. A web
page elsewhere can still reach it through the reader's own browser, by making its own
name lead to 127.0.0.1 for a moment (DNS rebinding): the browser then treats the preview
as that page's own site, and sends that name as the request's `Host`. So a preview bound
to this computer answers only requests whose `Host` names this computer, and every other
with 421 Misdirected Request. (Given another address with -a, it answers that address's
names as its reader chooses.)
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any

#: The names of this computer a browser sends, as written in a `Host` header.
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
#: A `Host` header: a name, or an IPv6 address in brackets, then perhaps a port.
HOST = re.compile(r"(?P<name>\[[0-9a-f:.]*\]|[^:\[\]]*)(?::[0-9]*)?")
REFUSED = "421 Misdirected Request"


def is_this_computer(address: str) -> bool:
    """Whether the preview listens on this computer only (127.0.0.1, ::1, localhost)."""
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def names_this_computer(host: str, listening_on: str = "127.0.0.1") -> bool:
    """Whether a `Host` header names this computer, with or without a port. The address
    the preview listens on counts too (127.0.0.2, say)."""
    found = HOST.fullmatch(host.strip().lower())
    if found is None:
        return False
    own = f"[{listening_on}]" if ":" in listening_on else listening_on.lower()
    return found["name"] in LOCAL_NAMES | {own}


def answer_this_computer_only(server: Any) -> None:
    """Have MkDocs' preview server (a WSGI server) refuse requests that do not name this
    computer, if it listens on this computer only."""
    address = str(server.server_address[0])
    if not is_this_computer(address):
        return
    serve = server.get_app()
    port = server.server_address[1]

    def only_this_computer(environ: dict[str, Any],
                           start_response: Callable[..., Any]) -> Iterable[bytes]:
        if names_this_computer(environ.get("HTTP_HOST", ""), address):
            return serve(environ, start_response)
        start_response(REFUSED, [("Content-Type", "text/plain; charset=utf-8")])
        return [f"The preview answers only at addresses of this computer, such as "
                f"http://localhost:{port}/ or http://127.0.0.1:{port}/.\n".encode()]

    server.set_app(only_this_computer)
