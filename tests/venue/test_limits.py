"""The hardening rules, one by one, in process: token buckets, the limits settings, who the
client is behind a proxy, one-time codes per contact and per kiosk, wrong-code lockouts,
ended sessions pruned in bounded batches, a demo crowd that cannot loop forever.

The same rules against a real served venue are in test_hostile.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from kiosk.core.ratelimit import Rate, TokenBuckets
from kiosk.venue.demo import DemoCrowd
from kiosk.venue.domain.access import WrongCodeLimiter
from kiosk.venue.domain.errors import RefusalKind, RefusedError
from kiosk.venue.domain.identity import SESSION_KIND
from kiosk.venue.domain.otp import OtpBook, StaffOtpSender
from kiosk.venue.http.app import create_app
from kiosk.venue.http.clients import forwarded_client
from kiosk.venue.limits import Limits, LimitsError, load_limits
from kiosk.venue.service import VenueService
from tests.conftest import BASE_URL, make_queue
from tests.fakes import FakeClock

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# ---- token buckets ------------------------------------------------------------------------


def test_a_bucket_passes_its_burst_then_one_per_period_and_says_when() -> None:
    time = Ticks()
    buckets = TokenBuckets(Rate.parse("3/60"), time)
    decisions = [buckets.take("a") for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].retry_after == pytest.approx(20.0)
    assert decisions[-1].reset_seconds == pytest.approx(60.0)
    assert buckets.take("b").allowed  # another key has its own bucket
    time.now = 20.0
    assert buckets.take("a").allowed
    assert not buckets.take("a").allowed


def test_a_flood_of_fresh_keys_keeps_the_buckets_bounded() -> None:
    time = Ticks()
    buckets = TokenBuckets(Rate(1, 60), time, max_keys=100)
    for n in range(1000):
        buckets.take(f"k{n}")
    assert len(buckets) <= 100
    assert not buckets.take("k999").allowed  # the newest are remembered


@pytest.mark.parametrize("text", ["", "abc", "0/60", "5/0", "-1/60", "5/-3", "5/inf"])
def test_a_bad_rate_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError):
        Rate.parse(text)


def test_rates_read_units() -> None:
    assert Rate.parse("5/1h") == Rate(5, 3600)
    assert Rate.parse(" 20 / 1m ") == Rate(20, 60)


# ---- the settings ------------------------------------------------------------------------


def test_limits_come_from_a_file_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "launch.toml"
    path.write_text('[limits]\nheader_timeout = 4.0\nguest_sessions_per_client = "7/60"\n')
    limits = load_limits(path, ["guest_sessions_per_client=9/60", "trusted_proxies=10.0.0.1"])
    assert limits.header_timeout == 4.0
    assert limits.guest_sessions_per_client == Rate(9, 60)
    assert limits.is_proxy("10.0.0.1") and not limits.is_proxy("10.0.0.2")


@pytest.mark.parametrize(
    "override",
    ["nonsense=1", "header_timeout=-1", "entries_per_client=lots", "connections_per_client=0"],
)
def test_a_bad_limit_is_refused_with_its_name(override: str) -> None:
    with pytest.raises(LimitsError, match=override.split("=")[0]):
        load_limits(None, [override])


def test_an_unreadable_limits_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("header_timeout = [")
    with pytest.raises(LimitsError, match="cannot read the limits file"):
        load_limits(tmp_path / "bad.toml")


def test_the_connection_cap_follows_the_open_file_limit() -> None:
    resource = pytest.importorskip("resource")
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY:
        assert Limits().connection_cap() == max(16, soft - 64)
    assert Limits(max_connections=7).connection_cap() == 7


# ---- X-Forwarded-For ---------------------------------------------------------------------


def test_forwarded_for_is_read_only_from_a_configured_proxy() -> None:
    none = Limits()
    assert forwarded_client("127.0.0.1", ["203.0.113.7"], none) == "127.0.0.1"
    proxied = Limits.model_validate({"trusted_proxies": ["10.0.0.1", "10.0.0.2"]})
    assert forwarded_client("10.0.0.1", ["203.0.113.7"], proxied) == "203.0.113.7"
    # The nearest hop that is not a proxy: what the client wrote before it does not count.
    chain = ["198.51.100.1, 203.0.113.7", "10.0.0.2"]
    assert forwarded_client("10.0.0.1", chain, proxied) == "203.0.113.7"
    assert forwarded_client("10.0.0.1", ["junk, 203.0.113.7"], proxied) == "203.0.113.7"
    assert forwarded_client("10.0.0.1", ["203.0.113.7, junk"], proxied) == "10.0.0.1"
    assert forwarded_client("10.0.0.9", ["203.0.113.7"], proxied) == "10.0.0.9"


async def test_the_app_limits_by_the_forwarded_address_behind_a_proxy(
    service: VenueService,
) -> None:
    limits = Limits.model_validate(
        {"trusted_proxies": ["127.0.0.1"], "guest_sessions_per_client": "1/60"}
    )
    app = create_app(service, limits=limits, monotonic=Ticks())
    key = {"X-Publishable-Key": service.organization.publishable_key}
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        one = {**key, "X-Forwarded-For": "203.0.113.7"}
        other = {**key, "X-Forwarded-For": "203.0.113.8"}
        assert (await http.post("/auth/guest", headers=one)).status_code == 200
        assert (await http.post("/auth/guest", headers=one)).status_code == 429
        assert (await http.post("/auth/guest", headers=other)).status_code == 200


async def test_every_rate_limit_refusal_is_counted_in_the_metrics(service: VenueService) -> None:
    limits = Limits.model_validate({"guest_sessions_per_client": "1/60"})
    app = create_app(service, limits=limits, monotonic=Ticks())
    key = {"X-Publishable-Key": service.organization.publishable_key}
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        statuses = [(await http.post("/auth/guest", headers=key)).status_code for _ in range(3)]
        metrics = (await http.get("/metrics")).text
    assert statuses == [200, 429, 429]
    refused = [line for line in metrics.splitlines() if line.startswith("kiosk_venue_rate_limited")]
    assert any(line.endswith(" 2.0") for line in refused), refused


async def test_cors_is_closed_unless_origins_are_listed(service: VenueService) -> None:
    preflight = {
        "Origin": "https://shop.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-publishable-key",
    }
    for limits, allowed in (
        (Limits(), False),
        (Limits(cors_origins=("https://shop.example",)), True),
    ):
        transport = httpx.ASGITransport(app=create_app(service, limits=limits))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            answer = await http.options("/auth/guest", headers=preflight)
            got = answer.headers.get("access-control-allow-origin")
            assert (got == "https://shop.example") is allowed


# ---- one-time codes ----------------------------------------------------------------------


def test_the_staff_list_keeps_the_latest_code_of_every_contact() -> None:
    sender = StaffOtpSender(keep=1000)
    sender.send("email:me@example.com", "111111", T0)
    for n in range(60):
        sender.send(f"email:x{n}@example.com", f"{n:06d}", T0)
    sender.send("email:me@example.com", "222222", T0)
    codes = {sent.destination: sent.code for sent in sender.recent(T0)}
    assert codes["email:me@example.com"] == "222222"
    assert len(codes) == 61
    assert sender.recent(T0 + timedelta(minutes=6)) == []  # expired codes are not shown


def test_wrong_codes_lock_out_the_kiosk_across_contacts() -> None:
    book = OtpBook(StaffOtpSender(), wrong_per_client=3)
    for n in range(3):
        book.request(f"email:x{n}@example.com", T0)
        with pytest.raises(RefusedError) as wrong:
            book.verify(f"email:x{n}@example.com", "000000x", T0, client="10.0.0.7")
        assert wrong.value.code == "otp_invalid"
    book.request("email:x9@example.com", T0)
    with pytest.raises(RefusedError) as locked:
        book.verify("email:x9@example.com", "000000x", T0, client="10.0.0.7")
    assert locked.value.kind is RefusalKind.RATE_LIMITED
    assert locked.value.retry_after and locked.value.retry_after > 0
    with pytest.raises(RefusedError) as elsewhere:  # another kiosk may still try
        book.verify("email:x9@example.com", "000000x", T0, client="10.0.0.8")
    assert elsewhere.value.code == "otp_invalid"


def test_codes_per_contact_follow_the_configured_rate() -> None:
    book = OtpBook(StaffOtpSender(), per_contact=1, window=timedelta(minutes=1))
    book.request("email:me@example.com", T0)
    with pytest.raises(RefusedError) as again:
        book.request("email:me@example.com", T0 + timedelta(seconds=30))
    assert again.value.kind is RefusalKind.RATE_LIMITED
    book.request("email:me@example.com", T0 + timedelta(minutes=1))


def test_wrong_access_codes_are_counted_per_consumer_and_per_kiosk() -> None:
    limiter = WrongCodeLimiter(per_consumer=2, per_kiosk=3)
    for n in range(3):  # a fresh consumer each time: the kiosk's count still holds
        limiter.record_miss(f"consumer-{n}", "10.0.0.7", T0)
    assert limiter.retry_after("consumer-new", "10.0.0.7", T0) is not None
    assert limiter.retry_after("consumer-new", "10.0.0.8", T0) is None
    limiter.record_miss("c", None, T0)
    limiter.record_miss("c", None, T0)
    assert limiter.retry_after("c", "10.0.0.9", T0) is not None
    # Misses from thousands of consumers who never come back are forgotten after the window.
    for n in range(3000):
        limiter.record_miss(f"passer-{n}", None, T0)
    later = T0 + timedelta(minutes=11)
    assert limiter.retry_after("consumer-0", "10.0.0.7", later) is None
    for n in range(5):
        limiter.record_miss(f"late-{n}", None, later)
    assert len(limiter) <= 1024


# ---- sessions and the demo crowd ---------------------------------------------------------


def test_ended_sessions_are_pruned_in_bounded_batches(
    service: VenueService, store, clock: FakeClock
) -> None:
    for _ in range(5):
        service.access.start_guest_session()
    leaving = service.access.start_guest_session()
    session = service.access.authenticate(leaving.access_token)
    service.access.logout(session)
    service.tick()
    assert session.id not in {key for key, _ in store.load(SESSION_KIND)}
    assert len(store.load(SESSION_KIND)) == 5
    clock.advance(timedelta(days=31).total_seconds())
    assert service.access.prune_sessions(limit=2) == 2
    assert len(store.load(SESSION_KIND)) == 3
    service.tick()
    assert store.load(SESSION_KIND) == []


def test_a_refreshed_session_is_not_pruned_at_its_old_expiry(
    service: VenueService, store, clock: FakeClock
) -> None:
    tokens = service.access.start_guest_session()
    clock.advance(timedelta(days=20).total_seconds())
    service.access.refresh_session(tokens.refresh_token)
    clock.advance(timedelta(days=15).total_seconds())
    service.tick()
    assert len(store.load(SESSION_KIND)) == 1


class MovingClock(FakeClock):
    """Time moves a millisecond whenever it is read, as it does on a real server."""

    def now(self) -> datetime:
        self.advance(0.001)
        return super().now()


def test_the_demo_crowd_stops_when_a_queue_admits_everyone_at_once(store) -> None:
    service = VenueService(store, MovingClock())
    queue = make_queue(service, admit_rate=1_000_000)
    crowd = DemoCrowd(service, size=12)
    assert crowd.top_up() == 12  # every shopper admitted at once: the line never fills
    assert service.queues[queue.queue_id].queued_count < 12
    assert crowd.top_up() <= 12  # and the next top-up ends too
