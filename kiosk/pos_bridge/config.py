"""The bridge's settings: a TOML file, then environment variables, then command-line options.

Secrets (the secret key, kiosk tokens, the POS API token, the webhook secret) are best kept
in the file (readable by the bridge's account only) or the environment: command-line values
show up in process listings.

    host = "127.0.0.1"
    port = 4810
    redeemer = "venue"                 # or "fanfare-checkout"
    venue_url = "http://127.0.0.1:4802"
    secret_key = "sk_..."              # or FANFARE_POS_SECRET_KEY
    pos_token = "..."                  # or FANFARE_POS_API_TOKEN: the POS's bearer token
    registers = ["1", "2"]
    message = "Go to register {register} and show reference {reference}."
    experiences = []                   # if set, only grants for these are accepted

    [kiosks]                           # or FANFARE_POS_KIOSK_TOKENS="K7=...,K8=..."
    K7 = "a long random token"

    [webhook]                          # optional
    url = "http://pos.local/fanfare"
    secret = "whsec_..."               # or FANFARE_POS_WEBHOOK_SECRET

    [checkout]                         # for redeemer = "fanfare-checkout"
    url = "https://checkout.fanfare.io/api"
    success_url = "https://shop.example/ok"
    cancel_url = "https://shop.example/cancel"
    [checkout.products.DISTRIBUTION_OR_EXPERIENCE_ID]
    product_id = "..."
    variant_id = "..."
    currency_code = "USD"
    quantity = 1
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

DEFAULT_PORT = 4810
ENV_SECRET_KEY = "FANFARE_POS_SECRET_KEY"
ENV_POS_TOKEN = "FANFARE_POS_API_TOKEN"
ENV_WEBHOOK_SECRET = "FANFARE_POS_WEBHOOK_SECRET"
ENV_KIOSK_TOKENS = "FANFARE_POS_KIOSK_TOKENS"


class ConfigError(Exception):
    """The bridge's settings are missing something or are wrong; the message says what."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WebhookSettings(_Section):
    url: str
    secret: SecretStr | None = None


class ProductSettings(_Section):
    product_id: str
    variant_id: str
    currency_code: str
    quantity: int = Field(default=1, ge=1)


class CheckoutSettings(_Section):
    url: str = "https://checkout.fanfare.io/api"
    success_url: str
    cancel_url: str
    products: dict[str, ProductSettings] = Field(default_factory=dict)


class BridgeConfig(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=DEFAULT_PORT, ge=1, le=65535)
    data_dir: Path | None = None
    redeemer: Literal["venue", "fanfare-checkout"] = "venue"
    venue_url: str = "http://127.0.0.1:4802"
    secret_key: SecretStr | None = None
    pos_token: SecretStr | None = None
    kiosks: dict[str, SecretStr] = Field(default_factory=dict)
    registers: list[str] = Field(default_factory=lambda: ["1"])
    message: str = "Go to register {register} and show reference {reference}."
    experiences: list[str] = Field(default_factory=list)
    webhook: WebhookSettings | None = None
    checkout: CheckoutSettings | None = None
    redeem_attempts: int = Field(default=3, ge=1, le=10)

    def check(self) -> BridgeConfig:
        """Complain about anything the bridge cannot run without."""
        if self.secret_key is None:
            raise ConfigError(f"no secret key: set secret_key, {ENV_SECRET_KEY} or --secret-key")
        if not self.secret_key.get_secret_value().startswith("sk_"):
            raise ConfigError("the secret key must be the venue's sk_... key")
        if self.pos_token is None:
            raise ConfigError(f"no POS API token: set pos_token, {ENV_POS_TOKEN} or --pos-token")
        if not self.kiosks:
            raise ConfigError(
                f"no kiosk is allowed in: add [kiosks], {ENV_KIOSK_TOKENS} or --kiosk-token"
            )
        if self.redeemer == "fanfare-checkout" and (
            self.checkout is None or not self.checkout.products
        ):
            raise ConfigError("redeemer 'fanfare-checkout' needs [checkout] with products")
        if self.webhook is not None and self.webhook.secret is None:
            raise ConfigError(
                f"the webhook needs a secret: [webhook] secret or {ENV_WEBHOOK_SECRET}"
            )
        try:
            self.message.format(register="1", order_number="0001", reference="K1-0000")
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                "message may use {register}, {order_number} and {reference} only"
            ) from exc
        return self


def parse_kiosk_tokens(items: list[str] | str) -> dict[str, str]:
    """`NAME=TOKEN` items (a list, or one comma-separated string) as a dict."""
    if isinstance(items, str):
        items = [item for item in items.split(",") if item.strip()]
    tokens: dict[str, str] = {}
    for item in items:
        name, separator, token = item.partition("=")
        if not separator or not name.strip() or not token.strip():
            raise ConfigError("kiosk tokens are NAME=TOKEN")  # the item may hold a secret
        tokens[name.strip()] = token.strip()
    return tokens


def load_config(
    path: Path | None,
    *,
    environ: Mapping[str, str],
    overrides: Mapping[str, Any],
) -> BridgeConfig:
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
    if environ.get(ENV_SECRET_KEY):
        data["secret_key"] = environ[ENV_SECRET_KEY]
    if environ.get(ENV_POS_TOKEN):
        data["pos_token"] = environ[ENV_POS_TOKEN]
    if environ.get(ENV_KIOSK_TOKENS):
        data["kiosks"] = {**data.get("kiosks", {}), **parse_kiosk_tokens(environ[ENV_KIOSK_TOKENS])}
    if environ.get(ENV_WEBHOOK_SECRET) and isinstance(data.get("webhook"), dict):
        data["webhook"] = {**data["webhook"], "secret": environ[ENV_WEBHOOK_SECRET]}
    for key, value in overrides.items():
        if value is None or value == []:
            continue
        if key == "kiosks":
            data["kiosks"] = {**data.get("kiosks", {}), **value}
        elif key == "webhook_url":
            data["webhook"] = {**(data.get("webhook") or {}), "url": value}
        elif key == "webhook_secret":
            data["webhook"] = {**(data.get("webhook") or {}), "secret": value}
        else:
            data[key] = value
    if isinstance(data.get("webhook"), dict) and "url" not in data["webhook"]:
        raise ConfigError("a webhook secret was given without a webhook url")
    try:
        return BridgeConfig.model_validate(data).check()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors(include_input=False, include_url=False)
        )
        raise ConfigError(f"bad bridge settings: {problems}") from None
