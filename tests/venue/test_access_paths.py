"""Access paths through the SDK: codes (single, listed, limited), sign-in with a one-time
code, wrong-code limits, upgrade offers, and waitlists before a sequence opens."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest

from kiosk.sdk import EnterableQueue, Fanfare, GatedView, RoutedView, ScheduledSequence
from kiosk.sdk.errors import AuthenticationError, RateLimitedError
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    ExperienceCreate,
    QueueCreate,
    SequenceCreate,
    WaitlistCreate,
)
from kiosk.venue.domain.otp import StaffOtpSender
from kiosk.venue.http.app import create_app
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock


@pytest.fixture
async def venue_client(service: VenueService) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport) as client:
        yield client


@pytest.fixture
def connect(
    service: VenueService, venue_client: httpx.AsyncClient, clock: FakeClock
) -> Callable[[], Fanfare]:
    def factory() -> Fanfare:
        return Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url="http://venue.test",
            http_client=venue_client,
            clock=clock,
            random=lambda: 0.5,
        )

    return factory


def vip_over_general(service: VenueService, *, with_general: bool = True) -> dict[str, str]:
    experience = service.create_experience(ExperienceCreate(name="Launch"))
    vip = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="VIP", priority=10, access_code="VIP2026")
    )
    service.create_queue(QueueCreate(sequence_id=vip.id, name="VIP line", admit_rate=60))
    ids = {"experience": experience.id, "vip": vip.id}
    if with_general:
        general = service.create_sequence(
            SequenceCreate(experience_id=experience.id, name="General", priority=0)
        )
        service.create_queue(QueueCreate(sequence_id=general.id, name="Line", admit_rate=60))
        ids["general"] = general.id
    return ids


async def test_general_customers_see_the_vip_offer_and_a_code_advances_them(
    service: VenueService, connect: Callable[[], Fanfare]
) -> None:
    ids = vip_over_general(service)
    async with connect() as fanfare:
        view = await fanfare.journeys.get(ids["experience"]).view.start()
        assert isinstance(view, RoutedView)
        assert view.sequence_id == ids["general"]
        assert [offer.sequence.id for offer in view.offers] == [ids["vip"]]

        unchanged = await view.submit_access_code("NOT-A-CODE")
        assert unchanged.outcome == "unchanged"
        advanced = await view.submit_access_code("vip2026")  # case-insensitive
        assert advanced.outcome == "advanced"
        assert fanfare.journeys.get(ids["experience"]).view.sequence_id == ids["vip"]


async def test_a_vip_only_experience_is_gated_until_the_code_is_given(
    service: VenueService, connect: Callable[[], Fanfare]
) -> None:
    ids = vip_over_general(service, with_general=False)
    async with connect() as fanfare:
        gated = await fanfare.journeys.get(ids["experience"]).view.start()
        assert isinstance(gated, GatedView)
        assert [gate.type for gate in gated.gates] == ["access_code"]
        still = await gated.reroute(access_code="wrong")
        assert isinstance(still, GatedView)
        assert still.gates[0].status == "invalid"
        routed = await still.reroute(access_code=" VIP2026 ")
        assert isinstance(routed, RoutedView)
        assert isinstance(routed.sequence, EnterableQueue)


async def test_a_single_use_code_admits_one_consumer_only(
    service: VenueService, connect: Callable[[], Fanfare]
) -> None:
    ids = vip_over_general(service, with_general=False)
    service.catalog.add_access_codes(ids["vip"], AccessCodesCreate(codes=["GOLD-1"], max_uses=1))
    async with connect() as first:
        view = await first.journeys.get(ids["experience"]).view.start()
        assert isinstance(await view.reroute(access_code="gold-1"), RoutedView)
        # The same consumer routing again keeps their use.
        again = await first.journeys.get(ids["experience"]).view.reroute()
        assert isinstance(again, RoutedView)
    async with connect() as second:
        view = await second.journeys.get(ids["experience"]).view.start()
        refused = await view.reroute(access_code="GOLD-1")
        assert isinstance(refused, GatedView)
        assert refused.gates[0].status == "invalid"


async def test_wrong_codes_are_limited_per_consumer(
    service: VenueService, connect: Callable[[], Fanfare], clock: FakeClock
) -> None:
    ids = vip_over_general(service, with_general=False)
    async with connect() as fanfare:
        view = await fanfare.journeys.get(ids["experience"]).view.start()
        for attempt in range(5):
            view = await view.reroute(access_code=f"guess-{attempt}")
        with pytest.raises(RateLimitedError) as refused:
            await view.reroute(access_code="VIP2026")
        assert refused.value.retry_after is not None
        clock.advance(601)
        assert isinstance(await view.reroute(access_code="VIP2026"), RoutedView)


async def test_members_sign_in_with_a_one_time_code_and_keep_their_consumer(
    store, clock: FakeClock
) -> None:
    sender = StaffOtpSender()
    service = VenueService(store, clock, otp_sender=sender)
    transport = httpx.ASGITransport(app=create_app(service))
    experience = service.create_experience(ExperienceCreate(name="Members"))
    members = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="Members", authentication="otp")
    )
    service.create_queue(QueueCreate(sequence_id=members.id, name="Line", admit_rate=60))
    async with (
        httpx.AsyncClient(transport=transport) as http,
        Fanfare(
            organization_id=service.organization.id,
            publishable_key=service.organization.publishable_key,
            api_url="http://venue.test",
            http_client=http,
            clock=clock,
        ) as fanfare,
    ):
        gated = await fanfare.journeys.get(experience.id).view.start()
        assert isinstance(gated, GatedView)
        assert [gate.type for gate in gated.gates] == ["authentication"]
        guest_id = fanfare.auth.check().session.consumer_id
        assert fanfare.auth.check().is_guest

        await fanfare.auth.request_otp(email="Shopper@Example.com")
        (sent,) = sender.recent(clock.now())
        assert sent.destination == "email:shopper@example.com"
        wrong = "000000" if sent.code != "000000" else "111111"
        with pytest.raises(AuthenticationError):
            await fanfare.auth.verify_otp(wrong, email="shopper@example.com")
        session = await fanfare.auth.verify_otp(sent.code, email="shopper@example.com")
        assert session.session_type == "authenticated"
        assert session.consumer_id == guest_id  # the guest's place is kept

        routed = await gated.reroute()
        assert isinstance(routed, RoutedView)
        entered = await routed.sequence.enter()
        assert entered.sequence.phase in {"participating", "granted"}


async def test_a_guest_cannot_enter_a_members_queue_by_skipping_routing(
    service: VenueService, venue_client: httpx.AsyncClient
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Members"))
    members = service.create_sequence(
        SequenceCreate(experience_id=experience.id, name="Members", authentication="otp")
    )
    queue = service.create_queue(QueueCreate(sequence_id=members.id, name="Q", admit_rate=60))
    key = {"X-Publishable-Key": service.organization.publishable_key}
    guest = (await venue_client.post("http://venue.test/auth/guest", headers=key)).json()
    headers = {**key, "Authorization": f"Bearer {guest['accessToken']}"}
    refused = await venue_client.post(f"http://venue.test/queues/{queue.id}/enter", headers=headers)
    assert refused.status_code == 403
    assert service.queueing.get(queue.id).queued_count == 0


async def test_one_time_code_requests_are_rate_limited_and_codes_expire(
    service: VenueService, venue_client: httpx.AsyncClient, clock: FakeClock
) -> None:
    key = {"X-Publishable-Key": service.organization.publishable_key}
    url = "http://venue.test/auth/otp"
    for _ in range(3):
        ok = await venue_client.post(f"{url}/request", headers=key, json={"phone": "+1 555 0100"})
        assert ok.json() == {"ok": True}
    limited = await venue_client.post(f"{url}/request", headers=key, json={"phone": "+15550100"})
    assert limited.status_code == 429
    assert "Retry-After" in limited.headers
    code = service.access.otp_sender.recent(clock.now())[0].code
    clock.advance(301)
    expired = await venue_client.post(
        f"{url}/verify", headers=key, json={"phone": "+15550100", "code": code}
    )
    assert expired.status_code == 401
    assert expired.json()["error"] == "otp_expired"
    bad = await venue_client.post(f"{url}/request", headers=key, json={"email": "not-an-email"})
    assert (bad.status_code, bad.json()["error"]) == (400, "validation_error")  # not a 409


async def test_waitlist_before_opening_then_notified_when_it_opens(
    service: VenueService, connect: Callable[[], Fanfare], clock: FakeClock
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Soon"))
    general = service.create_sequence(SequenceCreate(experience_id=experience.id, name="G"))
    service.create_queue(
        QueueCreate(
            sequence_id=general.id,
            name="Q",
            admit_rate=60,
            open_at=clock.now() + timedelta(minutes=30),
            early_entry_seconds=0,
        )
    )
    waitlist = service.waitlists.create(WaitlistCreate(sequence_id=general.id))
    async with connect() as fanfare:
        journey = fanfare.journeys.get(experience.id)
        view = await journey.view.start()
        assert isinstance(view.sequence, ScheduledSequence)
        assert view.sequence.waitlist.status == "not_waitlisted"
        joined = await view.sequence.waitlist.join()
        assert joined.sequence.waitlist.status == "waitlisted"
        assert not hasattr(joined.sequence, "enter")  # a waitlist never grants or enters

        me = await fanfare.client.get_me()
        assert [w.waitlist_id for w in me.waitlists or []] == [waitlist.id]

        clock.advance(30 * 60)
        opened = await journey.refresh()
        assert isinstance(opened.sequence, EnterableQueue)
        entry = service.waitlists.get(waitlist.id).entries[fanfare.session.consumer_id]
        assert entry.status == "notified"


async def test_joining_a_waitlist_after_opening_is_refused_clearly(
    service: VenueService, venue_client: httpx.AsyncClient
) -> None:
    experience = service.create_experience(ExperienceCreate(name="Open"))
    general = service.create_sequence(SequenceCreate(experience_id=experience.id, name="G"))
    service.create_queue(QueueCreate(sequence_id=general.id, name="Q", admit_rate=60))
    waitlist = service.waitlists.create(WaitlistCreate(sequence_id=general.id))
    key = {"X-Publishable-Key": service.organization.publishable_key}
    guest = (await venue_client.post("http://venue.test/auth/guest", headers=key)).json()
    headers = {**key, "Authorization": f"Bearer {guest['accessToken']}"}
    refused = await venue_client.post(
        f"http://venue.test/waitlists/{waitlist.id}/enter", headers=headers
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "WAITLIST_CLOSED"
    assert not service.waitlists.get(waitlist.id).entries
