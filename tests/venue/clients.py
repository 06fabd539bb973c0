"""Thin drivers for the venue server's HTTP APIs, shared by the venue and contract tests.

`GuestClient` is one consumer with the publishable key and its own access token;
`ServerClient` is a server (POS bridge, staff tablet) holding the secret key. Each method
returns the raw `httpx.Response` so a test can check status, headers and body itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from kiosk.venue.domain.grants import GRANT_KIND
from kiosk.venue.domain.identity import SESSION_KIND
from kiosk.venue.domain.journeys import JOURNEY_KIND
from kiosk.venue.domain.queue import ENTRY_KIND, QUEUE_KIND, SHUFFLE_KIND, STATE_KIND
from kiosk.venue.state import EXPERIENCE_KIND, ORG_KIND, SEQUENCE_KIND
from kiosk.venue.store import VenueStore

RECORD_KINDS = (
    ORG_KIND,
    EXPERIENCE_KIND,
    SEQUENCE_KIND,
    QUEUE_KIND,
    STATE_KIND,
    ENTRY_KIND,
    SHUFFLE_KIND,
    GRANT_KIND,
    SESSION_KIND,
    JOURNEY_KIND,
)


def store_snapshot(store: VenueStore) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Every durable record, by kind: equal snapshots mean nothing was changed."""
    return {kind: store.load(kind) for kind in RECORD_KINDS}


@dataclass
class GuestClient:
    http: httpx.AsyncClient
    publishable_key: str
    access_token: str
    refresh_token: str
    consumer_id: str

    @classmethod
    async def sign_in(cls, http: httpx.AsyncClient, publishable_key: str) -> GuestClient:
        response = await http.post("/auth/guest", headers={"X-Publishable-Key": publishable_key})
        assert response.status_code == 200, response.text
        body = response.json()
        return cls(
            http=http,
            publishable_key=publishable_key,
            access_token=body["accessToken"],
            refresh_token=body["refreshToken"],
            consumer_id=body["session"]["consumerId"],
        )

    @property
    def headers(self) -> dict[str, str]:
        return {
            "X-Publishable-Key": self.publishable_key,
            "Authorization": f"Bearer {self.access_token}",
        }

    async def route(self, experience_id: str, access_code: str | None = None) -> httpx.Response:
        body = {"accessCode": access_code} if access_code is not None else {}
        return await self.http.post(
            f"/experiences/{experience_id}/route", headers=self.headers, json=body
        )

    async def enter(self, queue_id: str) -> httpx.Response:
        return await self.http.post(f"/queues/{queue_id}/enter", headers=self.headers)

    async def leave(self, queue_id: str) -> httpx.Response:
        return await self.http.post(f"/queues/{queue_id}/leave", headers=self.headers)

    async def status(self, queue_id: str) -> httpx.Response:
        return await self.http.get(f"/queues/{queue_id}/status", headers=self.headers)

    async def me(self) -> httpx.Response:
        return await self.http.get("/consumers/me", headers=self.headers)

    async def journey(self, experience_id: str) -> dict[str, Any]:
        """This consumer's journey through one experience, from `/consumers/me`."""
        response = await self.me()
        assert response.status_code == 200, response.text
        for journey in response.json()["active"]["journeys"]:
            if journey["experienceId"] == experience_id:
                return journey
        raise AssertionError(f"no journey for experience {experience_id}")

    async def grant_token(self, queue_id: str) -> str:
        response = await self.status(queue_id)
        body = response.json()
        assert body["status"] == "GRANTED", body
        return body["admissionGrant"]


@dataclass
class ServerClient:
    http: httpx.AsyncClient
    secret_key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret_key}"}

    async def grant(
        self, action: str, token: str, experience_id: str | None = None
    ) -> httpx.Response:
        body: dict[str, str] = {"token": token}
        if experience_id is not None:
            body["experienceId"] = experience_id
        return await self.http.post(f"/grants/{action}", headers=self.headers, json=body)

    async def validate(self, token: str, experience_id: str | None = None) -> httpx.Response:
        return await self.grant("validate", token, experience_id)

    async def redeem(self, token: str, experience_id: str | None = None) -> httpx.Response:
        return await self.grant("redeem", token, experience_id)

    async def revoke(self, token: str) -> httpx.Response:
        return await self.grant("revoke", token)

    async def operator(
        self, method: str, path: str, json: dict[str, Any] | None = None
    ) -> httpx.Response:
        return await self.http.request(method, f"/operator{path}", headers=self.headers, json=json)
