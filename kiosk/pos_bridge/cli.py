"""`kiosk pos-bridge`: run the POS bridge (see kiosk/pos/bridge/config.py for the settings)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import httpx
from platformdirs import user_data_dir

from kiosk.core.clock import Clock, SystemClock
from kiosk.pos_bridge.app import create_bridge_app
from kiosk.pos_bridge.config import DEFAULT_PORT, BridgeConfig, ConfigError, load_config
from kiosk.pos_bridge.config import parse_kiosk_tokens as _parse_kiosk_tokens
from kiosk.pos_bridge.redeemers import (
    CheckoutProduct,
    FanfareCheckoutRedeemer,
    GrantRedeemer,
    VenueGrantRedeemer,
)
from kiosk.pos_bridge.service import BridgeService, PosDesk
from kiosk.pos_bridge.store import BridgeStorageError, BridgeStore
from kiosk.pos_bridge.webhooks import WebhookDispatcher

log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    return Path(user_data_dir("fanfare-kiosk", appauthor=False)) / "pos-bridge"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None, help="a TOML settings file")
    parser.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--data-dir", type=Path, default=None, help="where bridge.sqlite3 lives")
    parser.add_argument(
        "--redeemer",
        choices=["venue", "fanfare-checkout"],
        default=None,
        help="redeem at the venue server (default) or through Fanfare's checkout API",
    )
    parser.add_argument("--venue-url", default=None, help="the venue server's URL")
    parser.add_argument(
        "--secret-key",
        default=None,
        help="the venue's secret key (prefer FANFARE_POS_SECRET_KEY: arguments are visible)",
    )
    parser.add_argument("--pos-token", default=None, help="the POS API's bearer token")
    parser.add_argument(
        "--kiosk-token",
        action="append",
        default=[],
        metavar="NAME=TOKEN",
        help="allow a kiosk in with its own token (repeatable)",
    )
    parser.add_argument(
        "--register", action="append", default=[], help="a register to send customers to"
    )
    parser.add_argument(
        "--experience", action="append", default=[], help="accept grants for this experience only"
    )
    parser.add_argument("--webhook-url", default=None, help="POST signed events to this URL")
    parser.add_argument("--webhook-secret", default=None, help="the webhooks' signing secret")


def config_from_args(args: argparse.Namespace, environ: dict[str, str]) -> BridgeConfig:
    overrides = {
        "host": args.host,
        "port": args.port,
        "data_dir": args.data_dir,
        "redeemer": args.redeemer,
        "venue_url": args.venue_url,
        "secret_key": args.secret_key,
        "pos_token": args.pos_token,
        "kiosks": _parse_kiosk_tokens(args.kiosk_token) if args.kiosk_token else None,
        "registers": args.register,
        "experiences": args.experience,
        "webhook_url": args.webhook_url,
        "webhook_secret": args.webhook_secret,
    }
    return load_config(args.config, environ=environ, overrides=overrides)


def build_redeemer(config: BridgeConfig, http: httpx.AsyncClient | None = None) -> GrantRedeemer:
    assert config.secret_key is not None
    secret = config.secret_key.get_secret_value()
    if config.redeemer == "fanfare-checkout":
        assert config.checkout is not None
        products = {
            key: CheckoutProduct(p.product_id, p.variant_id, p.currency_code, p.quantity)
            for key, p in config.checkout.products.items()
        }
        return FanfareCheckoutRedeemer(
            config.checkout.url,
            secret,
            products=products,
            success_url=config.checkout.success_url,
            cancel_url=config.checkout.cancel_url,
            http_client=http,
        )
    return VenueGrantRedeemer(config.venue_url, secret, http_client=http)


def build_service(
    config: BridgeConfig,
    store: BridgeStore,
    redeemer: GrantRedeemer,
    clock: Clock,
    *,
    on_webhook_queued: object = None,
) -> BridgeService:
    assert config.pos_token is not None
    return BridgeService(
        store,
        redeemer,
        kiosk_tokens={name: token.get_secret_value() for name, token in config.kiosks.items()},
        pos_token=config.pos_token.get_secret_value(),
        clock=clock,
        desk=PosDesk(tuple(config.registers), config.message),
        experiences=config.experiences or None,
        webhooks=config.webhook is not None,
        on_webhook_queued=on_webhook_queued,  # type: ignore[arg-type]
        redeem_attempts=config.redeem_attempts,
    )


def run(args: argparse.Namespace) -> int:
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        config = config_from_args(args, dict(os.environ))
    except ConfigError as exc:
        print(f"kiosk pos-bridge: {exc}", file=sys.stderr)
        return 2
    clock = SystemClock()
    data_dir = config.data_dir or default_data_dir()
    try:
        store = BridgeStore(data_dir / "bridge.sqlite3")
    except BridgeStorageError as exc:
        print(f"kiosk pos-bridge: {exc}", file=sys.stderr)
        return 2
    redeemer = build_redeemer(config)
    dispatcher = None
    background = {}
    if config.webhook is not None and config.webhook.secret is not None:
        dispatcher = WebhookDispatcher(
            store,
            url=config.webhook.url,
            secret=config.webhook.secret.get_secret_value(),
            clock=clock,
        )
        background["pos-bridge-webhooks"] = dispatcher.run
    service = build_service(
        config, store, redeemer, clock, on_webhook_queued=dispatcher.wake if dispatcher else None
    )
    closers = [redeemer.aclose] + ([dispatcher.aclose] if dispatcher else [])
    app = create_bridge_app(service, background=background, on_close=closers)
    log.info(
        "POS bridge on http://%s:%d for %d kiosks, redeeming through %s (data in %s)",
        config.host,
        config.port,
        len(config.kiosks),
        config.redeemer,
        data_dir,
    )
    try:
        uvicorn.run(app, host=config.host, port=config.port, log_level="info", access_log=False)
    finally:
        store.close()
    return 0
