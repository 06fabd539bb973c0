"""The experience object's extension: description, media and a public live status."""

from __future__ import annotations

from datetime import timedelta

import httpx

from kiosk.venue.demo import load_demo
from kiosk.venue.domain.catalog import (
    ExperienceCreate,
    ExperienceMedia,
    QueueCreate,
    SequenceCreate,
)
from kiosk.venue.service import VenueService
from tests.fakes import FakeClock
from tests.venue.clients import GuestClient


def _by_name(service: VenueService) -> dict[str, str]:
    return {e.name: e.id for e in service.catalog.experiences()}


async def _experience(http: httpx.AsyncClient, key: str, experience_id: str) -> dict:
    response = await http.get(f"/experiences/{experience_id}", headers={"X-Publishable-Key": key})
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_demo_experience_carries_media_and_a_description_in_each_language(
    service: VenueService, venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    load_demo(service)
    for experience_id in _by_name(service).values():
        body = await _experience(venue_http, publishable_key, experience_id)
        assert body["description"]
        assert body["media"]["hero"].startswith("/media/")
        assert body["media"]["thumbnail"].startswith("/media/")
        for language in ("es", "ar"):
            assert body["i18n"][language]["description"] not in ("", body["description"])
        image = await venue_http.get(body["media"]["hero"])
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/png"


async def test_live_status_per_demo_mechanism(
    service: VenueService, venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    load_demo(service)
    ids = _by_name(service)

    async def status(name: str) -> dict:
        return (await _experience(venue_http, publishable_key, ids[name]))["liveStatus"]

    drop = await status("Sneaker drop: Aurora 1")
    assert drop["state"] == "open"
    assert drop["waiting"] == 12  # the demo crowd
    assert drop["waitSeconds"] == 24.0  # 12 at 30 a minute
    soon = await status("Coming soon: Aurora 2")
    assert soon["state"] == "scheduled"
    assert soon["opensAt"]
    draw = await status("Members draw: Aurora 1 Gold")
    assert draw["state"] == "open" and draw["closesAt"]
    auction = await status("Auction: Aurora 1 sample pair #001")
    assert auction["currentPrice"] == "100.00" and auction["closesAt"]
    assert (await status("Timed release: Aurora 1 restock"))["available"] == 25
    # Never who is in line: counts and times only.
    assert "consumer" not in str(drop).lower()


async def test_a_sold_out_release_says_so(
    service: VenueService, venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    load_demo(service)
    (engine,) = service.distributions.of_mechanism("timed_release")
    experience_id = _by_name(service)["Timed release: Aurora 1 restock"]
    for _ in range(engine.available):
        shopper = await GuestClient.sign_in(venue_http, publishable_key)
        await shopper.route(experience_id)
        entered = await venue_http.post(
            f"/timed-releases/{engine.id}/enter", headers=shopper.headers, json={}
        )
        assert entered.status_code == 200, entered.text

    body = await _experience(venue_http, publishable_key, experience_id)

    assert body["liveStatus"]["state"] == "sold_out"


async def test_a_queue_that_opened_is_no_longer_scheduled(
    service: VenueService, clock: FakeClock, venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    experience = service.catalog.create_experience(ExperienceCreate(name="Later"))
    sequence = service.catalog.create_sequence(
        SequenceCreate(experience_id=experience.id, name="G")
    )
    service.queueing.create(
        QueueCreate(
            sequence_id=sequence.id,
            name="Q",
            admit_rate=60,
            open_at=clock.now() + timedelta(minutes=5),
        )
    )
    assert (await _experience(venue_http, publishable_key, experience.id))["liveStatus"][
        "state"
    ] == "scheduled"

    clock.advance(301)

    body = await _experience(venue_http, publishable_key, experience.id)
    assert body["liveStatus"] == {
        "mechanism": "queue",
        "state": "open",
        "waiting": 0,
        "waitSeconds": 0.0,
    }


async def test_an_experience_without_a_distribution_has_no_status_and_no_media(
    service: VenueService, venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    experience = service.catalog.create_experience(ExperienceCreate(name="Bare"))

    body = await _experience(venue_http, publishable_key, experience.id)

    assert "liveStatus" not in body and "media" not in body and "description" not in body


async def test_the_operator_sets_media_and_description(
    venue_http: httpx.AsyncClient, secret_key: str, publishable_key: str
) -> None:
    auth = {"Authorization": f"Bearer {secret_key}"}
    created = await venue_http.post(
        "/operator/experiences",
        json={
            "name": "Drop",
            "description": "A drop",
            "media": {"hero": "/media/x-hero.png"},
            "i18n": {"es": {"name": "Lanzamiento", "description": "Un lanzamiento"}},
        },
        headers=auth,
    )
    assert created.status_code == 200, created.text

    body = await _experience(venue_http, publishable_key, created.json()["id"])
    assert body["description"] == "A drop"
    assert body["media"] == {"hero": "/media/x-hero.png"}
    assert ExperienceMedia.model_validate(body["media"]).thumbnail is None
    refused = await venue_http.post(
        "/operator/experiences",
        json={"name": "Drop", "media": {"hero": "/x", "poster": "/y"}},
        headers=auth,
    )
    assert refused.status_code == 400


async def test_openapi_documents_the_extension_and_the_media_path(
    venue_http: httpx.AsyncClient,
) -> None:
    document = (await venue_http.get("/openapi.json")).json()

    extension = document["components"]["schemas"]["ExperienceExtension"]
    assert {"description", "media", "liveStatus"} <= set(extension["properties"])
    media = document["paths"]["/media/{name}"]["get"]
    assert media["security"] == []
    assert {"200", "304", "404"} <= set(media["responses"])
