# long module: one engine whose bidding, anti-sniping and settlement change together.
"""Auctions: English (ascending bids, reserve, anti-sniping) and Dutch (a falling price).

English: the first bid is at least `startPrice`, every later one at least `minBidIncrement`
over the highest. A bid in the last `autoExtendSeconds` before the close pushes the close
(and, if needed, the settlement) out, so nobody wins by sniping. At `settleAt` the highest
bidder wins if the bid reaches `reservePrice`; otherwise nobody wins and every bidder loses.

Dutch: the price starts at `startPrice` and drops by `priceDropAmount` every
`priceDropIntervalSeconds` down to `floorPrice`, where it stays until the close. A bid at or
above the current price buys one unit at the current price (one per consumer) until
`quantity` units are sold; selling out closes the auction. At `settleAt` every buyer wins.

Winners get a grant at settlement that expires after `admissionExpirationSeconds`. Money is
an exact `Decimal`, never a float. Like every engine, this one is pure bookkeeping over an
injected `now`: mutating methods return the records they changed and the venue service
writes them in one transaction (rebuilding the engine with `load` if that write fails).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from pydantic.alias_generators import to_camel

from kiosk.core.instants import format_instant, format_optional, parse_instant, require_instant
from kiosk.core.money import Money, fits_currency, minor_unit
from kiosk.venue.domain.auction_rules import (
    FIXED_ONCE_BID,
    AuctionConfig,
    AuctionCreate,
    AuctionUpdate,
    BidderStatus,
    GrantStatus,
    checked_config,
    money,
)
from kiosk.venue.domain.catalog import Experience
from kiosk.venue.domain.engine import (
    ConfiguredEngine,
    Dirty,
    Lifecycle,
    RecordSource,
    StoredRecord,
    TickResult,
    TokenFor,
    member_key,
    members_by_engine,
)
from kiosk.venue.domain.errors import RefusedError, not_open
from kiosk.venue.domain.granting import issue_grant, withdrawn_reason
from kiosk.venue.domain.phases import ended, granted, in_phase
from kiosk.wire.distributions import AuctionConsumerState
from kiosk.wire.projection import AuctionConsumer, Distribution, SequenceProjection

AUCTION_KIND = "auction"
STATE_KIND = "auction_state"
BID_KIND = "auction_bid"
BIDDER_KIND = "auction_bidder"

# ---- runtime state -------------------------------------------------------------------------


@dataclass(slots=True)
class Bid:
    """An accepted bid. Refused bids are never recorded."""

    seq: int
    consumer_id: str
    amount: Decimal  # English: the bid; Dutch: the price paid
    at: datetime

    def to_doc(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "consumerId": self.consumer_id,
            "amount": money(self.amount),
            "at": format_instant(self.at),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Bid:
        return cls(
            seq=doc["seq"],
            consumer_id=doc["consumerId"],
            amount=Decimal(doc["amount"]),
            at=require_instant(doc["at"]),
        )


@dataclass(slots=True)
class Bidder:
    consumer_id: str
    entered_at: datetime
    status: BidderStatus = "active"
    grant_id: str | None = None
    granted_at: datetime | None = None
    expires_at: datetime | None = None
    grant_status: GrantStatus | None = None
    ended_at: datetime | None = None
    reason: str | None = None
    # Derived from the bids when loading, never stored:
    bid_count: int = 0
    last_bid: Decimal | None = None
    handle: int | None = None  # "Bidder 3": the order of the first bid

    def to_doc(self) -> dict[str, Any]:
        return {
            "consumerId": self.consumer_id,
            "enteredAt": format_instant(self.entered_at),
            "status": self.status,
            "grantId": self.grant_id,
            "grantedAt": format_optional(self.granted_at),
            "expiresAt": format_optional(self.expires_at),
            "grantStatus": self.grant_status,
            "endedAt": format_optional(self.ended_at),
            "reason": self.reason,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Bidder:
        return cls(
            consumer_id=doc["consumerId"],
            entered_at=require_instant(doc["enteredAt"]),
            status=doc["status"],
            grant_id=doc["grantId"],
            granted_at=parse_instant(doc["grantedAt"]),
            expires_at=parse_instant(doc["expiresAt"]),
            grant_status=doc["grantStatus"],
            ended_at=parse_instant(doc["endedAt"]),
            reason=doc["reason"],
        )


@dataclass(slots=True)
class AuctionRuntime:
    close_at: datetime  # when bidding stops; anti-sniping moves it out
    settle_at: datetime  # when winners are decided; moves out with the close if needed
    closed_at: datetime | None = None  # closed early: sold out, or settled by the operator
    closed_reason: str | None = None
    settled_at: datetime | None = None
    reserve_met: bool | None = None  # decided at settlement
    extensions: int = 0

    @classmethod
    def initial(cls, config: AuctionConfig) -> AuctionRuntime:
        return cls(close_at=config.close_at or config.settle_at, settle_at=config.settle_at)

    def to_doc(self) -> dict[str, Any]:
        return {
            "closeAt": format_instant(self.close_at),
            "settleAt": format_instant(self.settle_at),
            "closedAt": format_optional(self.closed_at),
            "closedReason": self.closed_reason,
            "settledAt": format_optional(self.settled_at),
            "reserveMet": self.reserve_met,
            "extensions": self.extensions,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> AuctionRuntime:
        return cls(
            close_at=require_instant(doc["closeAt"]),
            settle_at=require_instant(doc["settleAt"]),
            closed_at=parse_instant(doc["closedAt"]),
            closed_reason=doc["closedReason"],
            settled_at=parse_instant(doc["settledAt"]),
            reserve_met=doc["reserveMet"],
            extensions=doc["extensions"],
        )


def bid_too_low(
    message: str, *, min_bid: Decimal, current_highest: Decimal | None
) -> RefusedError:
    """409 BID_TOO_LOW with `details: {minBid, currentHighest}`. Raised before anything
    changes, so the service writes nothing."""
    details = {"minBid": money(min_bid), "currentHighest": money(current_highest)}
    return RefusedError("BID_TOO_LOW", message, details=details)


# ---- the engine ----------------------------------------------------------------------------


class AuctionEngine(ConfiguredEngine[AuctionConfig]):
    mechanism: ClassVar[str] = "auction"

    def __init__(
        self,
        config: AuctionConfig,
        runtime: AuctionRuntime | None = None,
        bids: list[Bid] | None = None,
        bidders: list[Bidder] | None = None,
    ) -> None:
        self.config = config
        self.runtime = runtime or AuctionRuntime.initial(config)
        self._bidders: dict[str, Bidder] = {b.consumer_id: b for b in bidders or []}
        self._bids: list[Bid] = []
        self._handles = 0
        # Kept apart so a tick after settlement looks at the winners only, not every bidder.
        self._winners = [b for b in self._bidders.values() if b.status == "won"]
        for bid in sorted(bids or [], key=lambda b: b.seq):
            self._count(bid)

    def _count(self, bid: Bid) -> None:
        """Add an accepted bid to the derived figures (bid count, last bid, handle)."""
        self._bids.append(bid)
        bidder = self._bidders[bid.consumer_id]
        bidder.bid_count += 1
        bidder.last_bid = bid.amount
        if bidder.handle is None:
            self._handles += 1
            bidder.handle = self._handles

    # ---- reads ---------------------------------------------------------------------------

    @property
    def _is_dutch(self) -> bool:
        return self.config.auction_type == "dutch"

    @property
    def bids(self) -> Sequence[Bid]:
        """Accepted bids in the order they were placed (read only)."""
        return self._bids

    def bidder(self, consumer_id: str) -> Bidder | None:
        return self._bidders.get(consumer_id)

    @property
    def winners(self) -> list[Bidder]:
        return list(self._winners)

    def highest(self) -> Bid | None:
        """The highest accepted bid (English: the latest; Dutch: the first at the top price)."""
        if not self._bids:
            return None
        if not self._is_dutch:
            return self._bids[-1]  # accepted English bids strictly increase
        return max(self._bids, key=lambda b: (b.amount, -b.seq))

    @property
    def sold(self) -> int:
        return len(self._bids) if self._is_dutch else 0

    @property
    def remaining(self) -> int:
        if self._is_dutch:
            return self.config.units - self.sold
        settled = self.runtime.settled_at is not None
        return 0 if settled and self._winners else 1

    def closes_at(self) -> datetime:
        runtime = self.runtime
        return runtime.closed_at or runtime.close_at

    def _is_closed(self, now: datetime) -> bool:
        return self.runtime.closed_at is not None or now >= self.runtime.close_at

    def lifecycle(self, now: datetime) -> Lifecycle:
        if self.runtime.settled_at is not None:
            return "closed"
        if now < self.config.opens_at:
            return "scheduled"
        return "settling" if self._is_closed(now) else "open"

    def accepts_entries(self, now: datetime) -> bool:
        return self.lifecycle(now) == "open"

    def min_bid(self, now: datetime) -> Decimal:
        """The least a bid must be right now to be accepted."""
        if self._is_dutch:
            return self.current_price(now)
        highest = self.highest()
        if highest is None:
            return self.config.start_price or minor_unit(self.config.currency_code)
        increment = self.config.min_bid_increment or minor_unit(self.config.currency_code)
        return highest.amount + increment

    def current_price(self, now: datetime) -> Decimal:
        """English: the highest bid or the start price. Dutch: the falling price."""
        config = self.config
        if not self._is_dutch:
            highest = self.highest()
            return highest.amount if highest else config.start_price or Decimal(0)
        assert config.start_price is not None and config.floor_price is not None
        assert config.price_drop_amount is not None and config.price_drop_interval_seconds
        elapsed = max((now - config.opens_at).total_seconds(), 0.0)
        drops = int(elapsed // config.price_drop_interval_seconds)
        return max(config.floor_price, config.start_price - drops * config.price_drop_amount)

    def next_price_drop_at(self, now: datetime) -> datetime | None:
        config = self.config
        if not self._is_dutch or self._is_closed(now) or now < config.opens_at:
            return None
        if self.current_price(now) <= (config.floor_price or Decimal(0)):
            return None
        interval = config.price_drop_interval_seconds or 1
        drops = int((now - config.opens_at).total_seconds() // interval)
        return config.opens_at + timedelta(seconds=(drops + 1) * interval)

    def _reserve_met(self) -> bool:
        reserve, highest = self.config.reserve_price, self.highest()
        return highest is not None and (reserve is None or highest.amount >= reserve)

    # ---- consumer actions ----------------------------------------------------------------

    def _check_open(self, now: datetime) -> None:
        opens = self.config.opens_at
        if now < opens:
            raise not_open(
                "AUCTION_NOT_STARTED", "This auction has not opened yet.", opens, now
            )
        if self._is_closed(now) or self.runtime.settled_at is not None:
            reason = "sold out" if self.runtime.closed_reason == "SOLD_OUT" else "closed"
            raise RefusedError(
                "AUCTION_CLOSED", f"This auction is {reason}; bids are no longer taken."
            )

    def enter(self, consumer_id: str, now: datetime) -> TickResult:
        """Register to bid (optional: a first bid enters too). Entering twice is harmless."""
        self._check_open(now)
        bidder = self._bidders.get(consumer_id)
        if bidder is not None:
            self._check_may_bid(bidder)
            return TickResult()
        bidder = Bidder(consumer_id=consumer_id, entered_at=now)
        self._bidders[consumer_id] = bidder
        return TickResult(dirty=[self._bidder_record(bidder)])

    def _check_may_bid(self, bidder: Bidder) -> None:
        if bidder.status == "left":
            raise RefusedError("ALREADY_LEFT", "You left this auction and cannot bid in it again.")
        if self._is_dutch and bidder.bid_count > 0:
            raise RefusedError(
                "DISTRIBUTION_ORDER_LIMIT",
                "You already bought one; each customer may buy one in this auction.",
            )

    def bid(self, consumer_id: str, amount: Decimal, now: datetime) -> TickResult:
        """Place a bid for `consumer_id` (always the signed-in consumer, never a body field)."""
        self._check_open(now)
        bidder = self._bidders.get(consumer_id)
        if bidder is not None:
            self._check_may_bid(bidder)
        currency = self.config.currency_code
        if not amount.is_finite() or amount <= 0 or not fits_currency(amount, currency):
            raise RefusedError(
                "INVALID_BID_AMOUNT",
                f"Bid a positive multiple of {minor_unit(currency)} {currency}.",
            )
        minimum = self.min_bid(now)
        if amount < minimum:
            highest = self.highest()
            current = self.current_price(now) if self._is_dutch else highest and highest.amount
            raise bid_too_low(
                f"Bid at least {money(minimum)} {currency}.",
                min_bid=minimum,
                current_highest=current,
            )
        # Accepted. A Dutch buyer pays the current price, whatever they offered above it.
        price = minimum if self._is_dutch else amount
        price = Money(price, currency).rounded().amount  # it fits; this writes "150" as "150.00"
        result = TickResult()
        if bidder is None:
            bidder = Bidder(consumer_id=consumer_id, entered_at=now)
            self._bidders[consumer_id] = bidder
        bid = Bid(seq=len(self._bids), consumer_id=consumer_id, amount=price, at=now)
        self._count(bid)
        result.dirty.append((BID_KIND, member_key(self.id, f"{bid.seq:010d}"), bid.to_doc()))
        if bidder.bid_count == 1:
            result.dirty.append(self._bidder_record(bidder))
        if self._after_bid(now):
            result.dirty.append(self._state_record())
        return result

    def _after_bid(self, now: datetime) -> bool:
        """Anti-sniping (English) or selling out (Dutch). True if the runtime changed."""
        runtime = self.runtime
        if self._is_dutch:
            if self.sold >= self.config.units:
                runtime.closed_at, runtime.closed_reason = now, "SOLD_OUT"
                return True
            return False
        extend = self.config.auto_extend_seconds
        if not extend or (runtime.close_at - now).total_seconds() >= extend:
            return False
        runtime.close_at = now + timedelta(seconds=extend)
        runtime.settle_at = max(runtime.settle_at, runtime.close_at)
        runtime.extensions += 1
        return True

    def leave(self, consumer_id: str, now: datetime) -> TickResult:
        """Withdraw a bidder who is not winning. Leaving twice, or unentered, changes nothing."""
        bidder = self._bidders.get(consumer_id)
        if bidder is None or bidder.status == "left":
            return TickResult()
        if self.runtime.settled_at is not None or self._is_closed(now):
            raise RefusedError("AUCTION_CLOSED", "This auction has closed; its result stands.")
        if self._is_dutch and bidder.bid_count > 0:
            raise RefusedError(
                "WINNING_BIDDER_CANNOT_LEAVE",
                "You bought one in this auction; it cannot be undone.",
            )
        highest = self.highest()
        if highest is not None and highest.consumer_id == consumer_id:
            raise RefusedError(
                "HIGHEST_BIDDER_CANNOT_LEAVE",
                "You hold the highest bid, so you cannot leave until someone outbids you.",
            )
        bidder.status, bidder.ended_at = "left", now
        return TickResult(dirty=[self._bidder_record(bidder)])

    # ---- operator actions ----------------------------------------------------------------

    def reconfigure(self, update: AuctionUpdate, now: datetime) -> TickResult:
        """Apply an operator's partial update, or refuse it whole."""
        if self.runtime.settled_at is not None:
            raise RefusedError(
                "AUCTION_SETTLED", "This auction is settled; it can no longer change."
            )
        changes = update.model_dump(exclude_unset=True)
        if changes.get("currency_code"):
            changes["currency_code"] = changes["currency_code"].upper()
        config = checked_config({**self.config.model_dump(), **changes, "updated_at": now})
        if self._bids:
            fixed = [f for f in FIXED_ONCE_BID if getattr(config, f) != getattr(self.config, f)]
            if fixed:
                names = ", ".join(to_camel(f) for f in fixed)
                raise RefusedError(
                    "AUCTION_HAS_BIDS", f"Bids were placed, so these cannot change: {names}."
                )
        self.config = config
        runtime = self.runtime
        if {"close_at", "settle_at"} & changes.keys():
            # The operator's times replace any anti-sniping extension.
            runtime.close_at = config.close_at or config.settle_at
            runtime.settle_at = config.settle_at
        return TickResult(dirty=[self._config_record(), self._state_record()])

    def settle_now(self, now: datetime) -> TickResult:
        """Close (if still open) and settle at once."""
        runtime = self.runtime
        if runtime.settled_at is not None:
            raise RefusedError("AUCTION_SETTLED", "This auction is already settled.")
        if runtime.closed_at is None and now < runtime.close_at:
            runtime.closed_at, runtime.closed_reason = now, "SETTLED_BY_OPERATOR"
        result = TickResult()
        self._settle(now, result)
        return result

    # ---- time passing --------------------------------------------------------------------

    def tick(self, now: datetime) -> TickResult:
        result = TickResult()
        if self.runtime.settled_at is None:
            if now >= self.runtime.settle_at:
                self._settle(now, result)
            return result
        for winner in self._winners:
            if winner.grant_status == "active" and winner.expires_at and winner.expires_at <= now:
                result.dirty.extend(self.grant_withdrawn(winner.consumer_id, "expired", now))
                if winner.grant_id:
                    result.expired_grant_ids.append(winner.grant_id)
        return result

    def _settle(self, now: datetime, result: TickResult) -> None:
        runtime = self.runtime
        if self._is_dutch:
            winners = {bid.consumer_id for bid in self._bids}
            runtime.reserve_met = None
            lost_reason = "SOLD_OUT"
        else:
            highest = self.highest()
            met = self._reserve_met()
            runtime.reserve_met = met if self.config.reserve_price is not None else None
            winners = {highest.consumer_id} if highest is not None and met else set()
            lost_reason = "RESERVE_NOT_MET" if highest is not None and not met else "OUTBID"
        runtime.settled_at = now
        for bidder in self._bidders.values():
            if bidder.status != "active" or bidder.bid_count == 0:
                continue
            if bidder.consumer_id in winners:
                issue = issue_grant(
                    bidder.consumer_id, now, self.config.admission_expiration_seconds
                )
                self._winners.append(bidder)
                bidder.status, bidder.grant_status = "won", "active"
                bidder.grant_id, bidder.expires_at = issue.grant_id, issue.expires_at
                bidder.granted_at = now
                result.issued.append(issue)
            else:
                bidder.status, bidder.ended_at, bidder.reason = "lost", now, lost_reason
            result.dirty.append(self._bidder_record(bidder))
        result.dirty.append(self._state_record())

    # ---- grant outcomes ------------------------------------------------------------------

    def grant_used(self, consumer_id: str, now: datetime) -> Dirty:
        bidder = self._bidders.get(consumer_id)
        if bidder is None or bidder.grant_status != "active":
            return []
        bidder.grant_status, bidder.ended_at = "redeemed", now
        return [self._bidder_record(bidder)]

    def grant_withdrawn(self, consumer_id: str, reason: str, now: datetime) -> Dirty:
        """The winner's grant expired (`reason` expired) or was revoked (denied)."""
        bidder = self._bidders.get(consumer_id)
        if bidder is None or bidder.grant_status != "active":
            return []
        bidder.grant_status = "expired" if reason == "expired" else "revoked"
        bidder.ended_at = now
        bidder.reason = withdrawn_reason(reason)
        return [self._bidder_record(bidder)]

    # ---- projections ---------------------------------------------------------------------

    def _distribution(self, now: datetime) -> Distribution:
        config, runtime = self.config, self.runtime
        details: dict[str, Any] = {
            "auctionType": config.auction_type,
            "currencyCode": config.currency_code,
            "bidCount": len(self._bids),
            "admissionExpirationSeconds": config.admission_expiration_seconds,
        }
        if self._is_dutch:
            details["currentPrice"] = money(self.current_price(now))
            details["floorPrice"] = money(config.floor_price)
            details["remainingQuantity"] = self.remaining
            next_drop = self.next_price_drop_at(now)
            if next_drop is not None:
                details["nextPriceDropAt"] = format_optional(next_drop)
        else:
            highest = self.highest()
            details["highestBid"] = money(highest.amount) if highest else None
            details["minNextBid"] = money(self.min_bid(now))
            if config.reserve_price is not None:
                # Whether the reserve is met is public; the reserve itself is in GET /auctions.
                details["reserveMet"] = self._reserve_met()
            if config.auto_extend_seconds:
                details["autoExtendSeconds"] = config.auto_extend_seconds
        if runtime.closed_reason:
            details["closedReason"] = runtime.closed_reason
        return Distribution(
            type="auction",
            id=config.id,
            sequence_id=config.sequence_id,
            lifecycle=self.lifecycle(now),
            opens_at=format_optional(config.opens_at),
            closes_at=format_optional(self.closes_at()),
            settles_at=format_optional(runtime.settle_at),
            details=details,
        )

    def _consumer_status(self, bidder: Bidder | None) -> str:
        """`not_bid`, `bidding` (leading below the reserve), `winning`, `outbid`, `won`, `lost`."""
        if bidder is None or bidder.bid_count == 0:
            return "not_bid"
        if bidder.status in ("won", "lost"):
            return bidder.status
        if bidder.status == "left":
            return "lost"
        if self._is_dutch:
            return "winning"
        highest = self.highest()
        if highest is None or highest.consumer_id != bidder.consumer_id:
            return "outbid"
        return "winning" if self._reserve_met() else "bidding"

    def _consumer(self, bidder: Bidder | None) -> AuctionConsumer:
        highest = None if self._is_dutch else self.highest()
        reason = None
        if bidder is not None and bidder.status in ("lost", "won") and bidder.reason:
            reason = bidder.reason
        return AuctionConsumer(
            status=self._consumer_status(bidder),  # type: ignore[arg-type]
            current_bid=bidder.last_bid if bidder else None,
            highest_bid=highest.amount if highest else None,
            entered_at=format_optional(bidder.entered_at) if bidder else None,
            granted_at=format_optional(bidder.granted_at) if bidder else None,
            denied_reason=reason,
        )

    def project(
        self, consumer_id: str, experience_id: str, now: datetime, token_for: TokenFor
    ) -> SequenceProjection:
        distribution = self._distribution(now)
        lifecycle = distribution.lifecycle
        if lifecycle == "scheduled":
            return in_phase("scheduled", distribution)
        bidder = self._bidders.get(consumer_id)
        consumer = self._consumer(bidder)
        if bidder is not None and bidder.status == "left":
            return ended(distribution, consumer, "left", bidder.ended_at)
        has_bid = bidder is not None and bidder.bid_count > 0
        if lifecycle == "open":
            return in_phase("participating" if has_bid else "enterable", distribution, consumer)
        if not has_bid:
            reason = self.runtime.closed_reason or "AUCTION_CLOSED"
            return ended(distribution, consumer, "closed", self.closes_at(), reason)
        assert bidder is not None
        if lifecycle == "settling":
            return in_phase("settling", distribution, consumer)
        if bidder.status == "lost":
            return ended(distribution, consumer, "lost", bidder.ended_at, bidder.reason)
        if bidder.grant_status == "active":
            return granted(
                distribution,
                consumer,
                token=token_for(bidder.grant_id or ""),
                experience_id=experience_id,
                issued_at=bidder.granted_at,
                expires_at=bidder.expires_at,
            )
        kind = {"redeemed": "completed", "expired": "expired"}.get(bidder.grant_status or "")
        return ended(distribution, consumer, kind or "denied", bidder.ended_at, bidder.reason)

    def describe(self, now: datetime) -> dict[str, Any]:
        """The operator's view: configuration, effective times and live figures."""
        runtime = self.runtime
        highest = self.highest()
        return {
            **self.config.to_doc(),
            "mechanism": self.mechanism,
            "lifecycle": self.lifecycle(now),
            "effectiveCloseAt": format_optional(self.closes_at()),
            "effectiveSettleAt": format_optional(runtime.settle_at),
            "extensions": runtime.extensions,
            "closedReason": runtime.closed_reason,
            "settledAt": format_optional(runtime.settled_at),
            "bidCount": len(self._bids),
            "bidderCount": len(self._bidders),
            "highestBid": money(highest.amount) if highest else None,
            "currentPrice": money(self.current_price(now)),
            "remainingQuantity": self.remaining,
            "reserveMet": runtime.reserve_met if runtime.settled_at else self._reserve_met(),
            "winners": [
                {
                    "consumerId": w.consumer_id,
                    "amount": money(w.last_bid),
                    "grantStatus": w.grant_status,
                    "expiresAt": format_optional(w.expires_at),
                }
                for w in self.winners
            ],
        }

    # ---- records -------------------------------------------------------------------------

    def records(self) -> Dirty:
        """Everything needed to rebuild a new engine (config and runtime)."""
        return [self._config_record(), self._state_record()]

    def _config_record(self) -> StoredRecord:
        return (AUCTION_KIND, self.id, self.config.to_doc())

    def _state_record(self) -> StoredRecord:
        return (STATE_KIND, self.id, self.runtime.to_doc())

    def _bidder_record(self, bidder: Bidder) -> StoredRecord:
        return (BIDDER_KIND, member_key(self.id, bidder.consumer_id), bidder.to_doc())


# ---- views (the consumer and bid-list answers) --------------------------------------------


def consumer_state(
    engine: AuctionEngine, consumer_id: str, token_for: TokenFor
) -> AuctionConsumerState:
    """`GET /auctions/{id}/status` (and the answer to a bid)."""
    bidder = engine.bidder(consumer_id)
    status = engine._consumer_status(bidder).upper()
    winning: Decimal | None = None
    if engine._is_dutch:
        winning = bidder.last_bid if bidder and bidder.bid_count else None
    elif engine.runtime.settled_at is None or engine._winners:
        highest = engine.highest()
        winning = highest.amount if highest else None
    grant = None
    if bidder is not None and bidder.grant_status == "active" and bidder.grant_id:
        grant = token_for(bidder.grant_id)
    return AuctionConsumerState(
        status=status,  # type: ignore[arg-type]
        bid_count=bidder.bid_count if bidder else 0,
        last_bid_amount=bidder.last_bid if bidder else None,
        winning_bid_amount=winning,
        admission_grant=grant,
    )


def bid_rows(
    engine: AuctionEngine, bids: list[Bid], viewer: str | None, *, show_consumers: bool = False
) -> list[dict[str, Any]]:
    """Bids newest first, as `GET .../bids` answers. Other bidders appear by handle only."""
    highest = engine.highest()
    rows = []
    for bid in reversed(bids):
        bidder = engine.bidder(bid.consumer_id)
        assert bidder is not None  # every bid has its bidder
        row: dict[str, Any] = {
            "amount": money(bid.amount),
            "isHighest": highest is not None and bid.seq == highest.seq,
            "timestamp": format_optional(bid.at),
            "bidderHandle": f"Bidder {bidder.handle}",
        }
        if show_consumers or bid.consumer_id == viewer:
            row["consumerId"] = bid.consumer_id
        rows.append(row)
    return rows


def has_left(engine: AuctionEngine, consumer_id: str) -> bool:
    bidder = engine.bidder(consumer_id)
    return bidder is not None and bidder.status == "left"


def leave_experience(
    engine: AuctionEngine, consumer_id: str, now: datetime
) -> tuple[TickResult, bool]:
    """`DELETE /experiences/{id}/leave` on an auction: withdraw a bidder who is not winning."""
    result = engine.leave(consumer_id, now)
    return result, has_left(engine, consumer_id)


# ---- loading and creating ------------------------------------------------------------------


def load(store: RecordSource) -> list[AuctionEngine]:
    """Rebuild every auction exactly as it was last written."""
    runtimes = {key: AuctionRuntime.from_doc(doc) for key, doc in store.load(STATE_KIND)}
    bids = members_by_engine(store, BID_KIND, Bid.from_doc)
    bidders = members_by_engine(store, BIDDER_KIND, Bidder.from_doc)
    engines = []
    for key, doc in store.load(AUCTION_KIND):
        config = AuctionConfig.model_validate(doc)
        engines.append(AuctionEngine(config, runtimes.get(key), bids.get(key), bidders.get(key)))
    return engines


def create(
    body: AuctionCreate, now: datetime, experience: Experience
) -> tuple[AuctionEngine, Dirty]:
    """Check the rules of a new auction (in the experience's currency unless it names one)."""
    fields = body.model_dump()
    fields["currency_code"] = (body.currency_code or experience.currency_code).upper()
    config = checked_config({**fields, "id": str(uuid.uuid4()), "created_at": now})
    engine = AuctionEngine(config)
    return engine, engine.records()
