"""The venue server's limits: connections, request rates, who is trusted, CORS.

One settings object (`Limits`), filled from a TOML file (`--limits FILE`, or a launch file's
`[limits]` table), then `--limit NAME=VALUE` flags; every field has a safe default, listed in
docs/hardening.md. Rates are `COUNT/SECONDS` (`"20/60"`, `"5/1h"`): a burst of COUNT, then
COUNT more every SECONDS.

    header_timeout = 10.0
    connections_per_client = 50
    guest_sessions_per_client = "20/60"
    trusted_proxies = ["10.0.0.5"]         # X-Forwarded-For is read from these only
    trusted_clients = ["192.168.1.50/32"]  # a load generator: no rate or connection limits
    cors_origins = []                      # closed unless listed
"""

from __future__ import annotations

import argparse
import ipaddress
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from kiosk.core.ratelimit import Rate

try:
    import resource
except ImportError:  # Windows: no RLIMIT_NOFILE to read or raise
    resource = None  # type: ignore[assignment]

# File descriptors kept free of connections: the database and its WAL, logs, accept().
FD_RESERVE = 64


def _rate(value: Any) -> Rate:
    if isinstance(value, Rate):
        return value
    if isinstance(value, str):
        return Rate.parse(value)
    raise ValueError("a rate is a string COUNT/SECONDS, e.g. '20/60'")


RateField = Annotated[Rate, BeforeValidator(_rate)]


def _networks(value: Any) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    items = [value] if isinstance(value, str) else list(value or ())
    return tuple(ipaddress.ip_network(str(item).strip(), strict=False) for item in items)


Networks = Annotated[
    tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...], BeforeValidator(_networks)
]


class LimitsError(ValueError):
    """A limit has a bad value, or the limits file cannot be read; the message says which."""


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    # ---- connections (uvicorn protocol level) ---------------------------------------------
    header_timeout: float = Field(10.0, gt=0)  # from connect / last answer to a request head
    body_timeout: float = Field(30.0, gt=0)  # from the request head to its last body byte
    keep_alive_timeout: float = Field(5.0, gt=0)  # idle between requests
    connections_per_client: int = Field(50, ge=1)
    max_connections: int | None = Field(None, ge=1)  # None: from RLIMIT_NOFILE
    # ---- request rates (token buckets) -------------------------------------------------------
    guest_sessions_per_client: RateField = Rate(20, 60)  # POST /auth/guest, /auth/draw-entry
    guest_sessions_per_key: RateField = Rate(1200, 60)  # the whole fleet's publishable key
    otp_requests_per_client: RateField = Rate(10, 600)  # POST /auth/otp/request
    otp_requests_per_contact: RateField = Rate(3, 600)  # per email / phone (domain rule)
    entries_per_client: RateField = Rate(10, 60)  # per queue / timed release, first come
    tracked_keys: int = Field(100_000, ge=100)  # buckets remembered per limit
    # ---- trust --------------------------------------------------------------------------
    trusted_proxies: Networks = ()
    trusted_clients: Networks = ()
    cors_origins: tuple[str, ...] = ()

    def summary(self) -> str:
        """One log line: the connection limits and the rates (never a secret)."""
        return (
            f"{self.connections_per_client} connections per client, {self.connection_cap()} in "
            f"all; request head within {self.header_timeout:g} s, body within "
            f"{self.body_timeout:g} s; guest sessions {self.guest_sessions_per_client} per "
            f"client; {len(self.trusted_proxies)} trusted proxies, "
            f"{len(self.trusted_clients)} trusted clients, CORS origins {len(self.cors_origins)}"
        )

    def trusts_client(self, host: str | None) -> bool:
        return _within(host, self.trusted_clients)

    def is_proxy(self, host: str | None) -> bool:
        return _within(host, self.trusted_proxies)

    def connection_cap(self) -> int:
        """The most connections served at once: set, or what the open-file limit allows."""
        if self.max_connections is not None:
            return self.max_connections
        if resource is None:
            return 10_000
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return 10_000
        return max(16, soft - FD_RESERVE)


def _within(host: str | None, networks: Sequence[Any]) -> bool:
    if not host or not networks:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def raise_open_file_limit(wanted: int = 65_536) -> tuple[int, int]:
    """Lift the soft RLIMIT_NOFILE towards the hard limit (a process may); (soft, hard)."""
    if resource is None:
        return (-1, -1)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass  # keep what we have: connection_cap() sizes itself from it
    return soft, hard


def limits_from(document: Mapping[str, Any]) -> Limits:
    try:
        return Limits.model_validate(dict(document))
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise LimitsError(f"bad limits: {problems}") from exc


def load_limits(path: Path | None, overrides: Sequence[str] = ()) -> Limits:
    """The file's `[limits]` table (or its top level), then each `NAME=VALUE` override."""
    document: dict[str, Any] = {}
    if path is not None:
        try:
            with path.open("rb") as handle:
                loaded = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise LimitsError(f"cannot read the limits file {path}: {exc}") from exc
        document = dict(loaded.get("limits", loaded))
    for item in overrides:
        name, sep, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise LimitsError(f"--limit {item!r}: write NAME=VALUE, e.g. header_timeout=5")
        if name in {"trusted_proxies", "trusted_clients", "cors_origins"}:
            document[name] = [part for part in value.split(",") if part.strip()]
        elif name not in Limits.model_fields:
            raise LimitsError(f"--limit {name}: no such limit (see docs/hardening.md)")
        else:
            document[name] = value
    return limits_from(document)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`kiosk venue serve`'s limit options, all in one place."""
    parser.add_argument("--limits", type=Path, default=None, help="a TOML file of limits")
    parser.add_argument(
        "--limit",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set one limit, e.g. --limit guest_sessions_per_client=20/60 (repeatable)",
    )
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="CIDR",
        help="read X-Forwarded-For from this proxy (default: from none)",
    )
    parser.add_argument(
        "--trusted-client",
        action="append",
        default=[],
        metavar="CIDR",
        help="a load-test address: no rate or per-client connection limits",
    )
    parser.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser calls from this origin (default: none)",
    )


def from_arguments(args: argparse.Namespace) -> Limits:
    overrides = list(args.limit)
    for flag, name in (
        ("trusted_proxy", "trusted_proxies"),
        ("trusted_client", "trusted_clients"),
        ("cors_origin", "cors_origins"),
    ):
        if getattr(args, flag):
            overrides.append(f"{name}={','.join(getattr(args, flag))}")
    return load_limits(args.limits, overrides)
