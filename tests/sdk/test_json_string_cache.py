"""What the SDK parses from JSON keeps no customer's strings in pydantic's process-wide cache.

pydantic-core caches parsed JSON strings (up to 16,384) by default, values as well as keys:
a kiosk would keep every customer's ids and short tokens after the wipe, and grow a little
with every visit. The proof that a value was not cached: the same document parsed twice
gives two distinct string objects (a cached value comes back as the very same object).
"""

from __future__ import annotations

from kiosk.sdk.session_store import StoredSession
from kiosk.wire.auth import SessionResponse
from kiosk.wire.base import wire_adapter
from kiosk.wire.routing import Gate

SESSION = (
    b'{"session":{"type":"guest","consumerId":"c-7f3a","expiresAt":"2026-12-02T20:00:00Z"},'
    b'"accessToken":"short-token","refreshToken":"r-token","refreshTokenTtlSeconds":60,'
    b'"beaconToken":"beacon-1"}'
)


def test_a_wire_response_does_not_cache_its_values() -> None:
    first = SessionResponse.model_validate_json(SESSION)
    second = SessionResponse.model_validate_json(SESSION)
    assert first.beacon_token == second.beacon_token
    assert first.beacon_token is not second.beacon_token
    assert first.session.consumer_id is not second.session.consumer_id


def test_a_union_adapter_does_not_cache_its_values() -> None:
    gate = wire_adapter(Gate)
    document = (
        b'{"type":"access_code","status":"invalid",'
        b'"reason":{"code":"ACCESS_CODE_INVALID","detail":"code-9"}}'
    )
    first, second = gate.validate_json(document), gate.validate_json(document)
    assert first.reason.detail == "code-9"
    assert first.reason.detail is not second.reason.detail


def test_the_stored_session_does_not_cache_its_tokens() -> None:
    document = b'{"consumer_id":"c-1","access_token":"a-tok","refresh_token":"r-tok"}'
    first = StoredSession.model_validate_json(document)
    second = StoredSession.model_validate_json(document)
    assert first.access_token is not second.access_token
    assert first.consumer_id is not second.consumer_id
