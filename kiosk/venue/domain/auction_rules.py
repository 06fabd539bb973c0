"""An auction's settings and their rules: the stored config, the operator's create and
update bodies, and the checks that keep English and Dutch settings consistent. A currency's
smallest unit comes from `kiosk.core.money`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, Field, ValidationError
from pydantic.alias_generators import to_camel

from kiosk.core.money import fits_currency, minor_unit
from kiosk.venue.domain.catalog import AdminBody, Record
from kiosk.venue.domain.errors import RefusedError, invalid
from kiosk.wire.base import Money

AuctionType = Literal["english", "dutch"]
BidderStatus = Literal["active", "left", "won", "lost"]
GrantStatus = Literal["active", "redeemed", "expired", "revoked"]


def money(amount: Decimal | None) -> str | None:
    """An amount as the wire writes it: the decimal string, exactly as stored (no rounding)."""
    return format(amount, "f") if amount is not None else None


# ---- configuration -------------------------------------------------------------------------


class AuctionConfig(Record):
    """What the operator set. Times the engine moves (anti-sniping) live in the runtime."""

    id: str
    sequence_id: str
    name: str
    auction_type: AuctionType = "english"
    time_zone: str = "UTC"
    currency_code: str = "USD"
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    settle_at: AwareDatetime
    start_price: Money | None = None
    reserve_price: Money | None = None
    floor_price: Money | None = None
    min_bid_increment: Money | None = None
    price_drop_amount: Money | None = None
    price_drop_interval_seconds: int | None = None
    quantity: int | None = None
    auto_extend_seconds: int | None = None
    admission_expiration_seconds: int = 600
    supports_guest: bool = True
    created_at: AwareDatetime
    updated_at: AwareDatetime | None = None

    @property
    def opens_at(self) -> datetime:
        return self.open_at or self.created_at

    @property
    def units(self) -> int:
        return self.quantity or 1


_MONEY_FIELDS = ("start_price", "reserve_price", "floor_price", "min_bid_increment")
_ENGLISH_ONLY = ("min_bid_increment", "reserve_price", "auto_extend_seconds")
_DUTCH_ONLY = ("floor_price", "price_drop_amount", "price_drop_interval_seconds")
_DUTCH_REQUIRED = ("start_price", "floor_price", "price_drop_amount", "price_drop_interval_seconds")
# What may not change once someone has bid: it would change the rules mid-game.
FIXED_ONCE_BID = (
    "auction_type",
    "currency_code",
    "open_at",
    "start_price",
    "reserve_price",
    "floor_price",
    "min_bid_increment",
    "price_drop_amount",
    "price_drop_interval_seconds",
    "quantity",
    "auto_extend_seconds",
)


def rule_problems(config: AuctionConfig) -> list[tuple[str, str]]:
    """Every way the configuration breaks the auction's rules, as (field, message)."""
    problems: list[tuple[str, str]] = []
    name = to_camel
    if config.open_at and config.close_at and config.open_at >= config.close_at:
        problems.append(("closeAt", "closeAt must be after openAt"))
    if config.close_at and config.close_at > config.settle_at:
        problems.append(("settleAt", "settleAt must not be before closeAt"))
    if config.open_at and config.settle_at <= config.open_at:
        problems.append(("settleAt", "settleAt must be after openAt"))
    for field_name in (*_MONEY_FIELDS, "price_drop_amount"):
        amount = getattr(config, field_name)
        if amount is not None and not fits_currency(amount, config.currency_code):
            problems.append(
                (
                    name(field_name),
                    f"{name(field_name)} has more decimal places than {config.currency_code} "
                    f"allows (smallest unit {minor_unit(config.currency_code)})",
                )
            )
    if config.auction_type == "english":
        for field_name in _DUTCH_ONLY:
            if getattr(config, field_name) is not None:
                problems.append((name(field_name), f"{name(field_name)} is for Dutch auctions"))
        if config.quantity not in (None, 1):
            problems.append(("quantity", "an English auction sells exactly one unit"))
        if config.min_bid_increment is not None and config.min_bid_increment <= 0:
            problems.append(("minBidIncrement", "minBidIncrement must be more than 0"))
        return problems
    for field_name in _ENGLISH_ONLY:
        if getattr(config, field_name) is not None:
            problems.append((name(field_name), f"{name(field_name)} is for English auctions"))
    missing = [name(f) for f in _DUTCH_REQUIRED if getattr(config, f) is None]
    if missing:
        problems.append((missing[0], f"a Dutch auction needs {', '.join(missing)}"))
        return problems
    assert config.start_price is not None and config.floor_price is not None
    assert config.price_drop_amount is not None
    if config.floor_price > config.start_price:
        problems.append(("floorPrice", "floorPrice must not be above startPrice"))
    if config.price_drop_amount <= 0:
        problems.append(("priceDropAmount", "priceDropAmount must be more than 0"))
    return problems


def invalid_auction(problems: list[tuple[str, str]]) -> RefusedError:
    """400 with the `validation_error` body: the auction's settings break its rules."""
    issues = [
        {
            "kind": "schema",
            "type": "auction_rules",
            "expected": "consistent auction settings",
            "received": "inconsistent settings",
            "message": message,
            "path": [{"type": "object", "origin": "value", "input": None, "key": key}],
        }
        for key, message in problems
    ]
    return invalid(issues, "; ".join(message for _, message in problems))


def checked_config(fields: dict[str, Any]) -> AuctionConfig:
    try:
        config = AuctionConfig.model_validate(fields)
    except ValidationError as exc:  # e.g. an update that clears settleAt
        raise invalid_auction(
            [(".".join(to_camel(str(p)) for p in e["loc"]), e["msg"]) for e in exc.errors()]
        ) from exc
    problems = rule_problems(config)
    if problems:
        raise invalid_auction(problems)
    return config


class AuctionCreate(AdminBody):
    """`POST /operator/auctions`: Fanfare's admin `POST /auctions` body, plus our extras."""

    sequence_id: str = Field(max_length=64)
    name: str = Field(min_length=1, max_length=200)
    settle_at: AwareDatetime
    auction_type: AuctionType = "english"
    time_zone: str = Field(default="UTC", min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    start_price: Money | None = None
    reserve_price: Money | None = None
    floor_price: Money | None = None
    min_bid_increment: Money | None = None
    price_drop_amount: Money | None = None
    price_drop_interval_seconds: int | None = Field(default=None, ge=1, le=86_400)
    quantity: int | None = Field(default=None, ge=1, le=1_000_000)
    auto_extend_seconds: int | None = Field(default=None, ge=1, le=3_600)
    # Our extensions:
    currency_code: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")  # experience's
    admission_expiration_seconds: int = Field(default=600, ge=1, le=86_400)
    supports_guest: bool = True


class AuctionUpdate(AdminBody):
    """`PUT /operator/auctions/{id}`: any of the create fields but the sequence."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    settle_at: AwareDatetime | None = None
    auction_type: AuctionType | None = None
    time_zone: str | None = Field(default=None, min_length=1, max_length=64)
    open_at: AwareDatetime | None = None
    close_at: AwareDatetime | None = None
    start_price: Money | None = None
    reserve_price: Money | None = None
    floor_price: Money | None = None
    min_bid_increment: Money | None = None
    price_drop_amount: Money | None = None
    price_drop_interval_seconds: int | None = Field(default=None, ge=1, le=86_400)
    quantity: int | None = Field(default=None, ge=1, le=1_000_000)
    auto_extend_seconds: int | None = Field(default=None, ge=1, le=3_600)
    currency_code: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$")
    admission_expiration_seconds: int | None = Field(default=None, ge=1, le=86_400)
    supports_guest: bool | None = None
