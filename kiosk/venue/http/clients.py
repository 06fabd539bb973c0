"""Who the client is: the socket's peer, or what a trusted proxy says it forwarded for.

`X-Forwarded-For` is anyone's to write, so it is read only when the peer is one of the
configured proxies (`Limits.trusted_proxies`, none by default); the client is then the
nearest hop that is not itself a trusted proxy. Everything after this middleware (rate
limits, wrong-code lockouts per kiosk) sees that address in `scope["client"]`.
"""

from __future__ import annotations

import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.venue.limits import Limits

MAX_HOPS = 20  # a longer chain is not read: it is junk or an attack


def forwarded_client(peer: str, header_values: list[str], limits: Limits) -> str:
    """The client address for a request from `peer` carrying these X-Forwarded-For values."""
    if not limits.is_proxy(peer):
        return peer
    hops = [hop.strip() for value in header_values for hop in value.split(",")]
    hops = [hop for hop in hops if hop][-MAX_HOPS:]
    client = peer
    for hop in reversed(hops):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            return client  # a malformed hop: trust nothing beyond it
        client = address
        if not limits.is_proxy(address):
            return address
    return client


class ClientAddressMiddleware:
    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.limits.trusted_proxies:
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        if peer:
            values = [
                value.decode("latin-1")
                for name, value in scope.get("headers", [])
                if name.lower() == b"x-forwarded-for"
            ]
            host = forwarded_client(str(peer[0]), values, self.limits)
            if host != peer[0]:
                scope = {**scope, "client": (host, 0)}
        await self.app(scope, receive, send)
