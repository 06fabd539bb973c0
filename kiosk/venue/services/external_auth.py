"""Sign-in vouched for by the store's member system: `POST /auth/external/authorize`
(secret key, server to server) mints a one-time code, `POST /auth/external/exchange`
(publishable key, the kiosk) trades it for an authenticated consumer session."""

from __future__ import annotations

import secrets
import uuid

from kiosk.core.instants import format_instant
from kiosk.venue.domain.consumers import ConsumerProfile
from kiosk.venue.domain.errors import RefusedError, invalid
from kiosk.venue.domain.external_auth import Resolution, identity_key
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.domain.otp import destination_of
from kiosk.venue.state import IDENTITY_KIND, VenueState
from kiosk.venue.unit_of_work import Record, UnitOfWork
from kiosk.wire.auth import ConsumerSession as WireSession
from kiosk.wire.auth import (
    ExternalAuthorizeRequest,
    ExternalAuthorizeResponse,
    SessionResponse,
)


class ExternalAuthService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    def authorize(self, body: ExternalAuthorizeRequest) -> ExternalAuthorizeResponse:
        """A code for this member. `resolution` says who they will be: `existing` (this
        member signed in before), `linked` (new to us as a member, but their email claim is
        a consumer we know) or `created` (a new consumer at the exchange)."""
        state = self._state
        identity = identity_key(body.provider, body.issuer, body.canonical_subject or body.subject)
        claims = body.claims
        email_key = _email_key(claims.email) if claims and claims.email else None
        linked: str | None = None
        resolution: Resolution = "created"
        if identity in state.identities:
            resolution = "existing"
        elif email_key is not None and email_key in state.identities:
            resolution, linked = "linked", state.identities[email_key]
        with self._uow.begin() as work:
            code, stored = state.exchange_codes.issue(
                identity,
                resolution,
                work.now,
                email=email_key.removeprefix("email:") if email_key else None,
                full_name=(claims.full_name or claims.name) if claims else None,
                linked_consumer_id=linked,
            )
            work.add([stored.record()], consumers=())
            state.exchange_codes.put(stored)
            return ExternalAuthorizeResponse(
                exchange_code=code,
                expires_at=format_instant(stored.expires_at),
                resolution=resolution,
            )

    def exchange(self, code: str, current: ConsumerSession | None) -> SessionResponse:
        """An authenticated session for the code's member; the code is spent. A guest who
        exchanges keeps their consumer (and their place) when the member is new to us."""
        state = self._state
        with self._uow.begin() as work:
            now = work.now
            used = state.exchange_codes.redeem(code, now)
            records: list[Record] = [used.record()]
            consumer_id = state.identities.get(used.identity) or used.linked_consumer_id
            if consumer_id is None:
                # Only a guest's consumer is adopted: a signed-in one is someone already.
                guest = current is not None and current.kind == "guest"
                consumer_id = current.consumer_id if current and guest else str(uuid.uuid4())
            if state.identities.get(used.identity) != consumer_id:
                records.append((IDENTITY_KIND, used.identity, {"consumerId": consumer_id}))
            profile = state.consumers.profile(consumer_id)
            if used.email or used.full_name:
                profile = ConsumerProfile(
                    consumer_id,
                    now,
                    email=used.email or (profile.email if profile else None),
                    full_name=used.full_name or (profile.full_name if profile else None),
                )
                records.append(profile.record())
            email = used.email or (profile.email if profile else None)
            tokens = state.sessions.start(consumer_id, "authenticated", now, email=email)
            records.append(tokens.session.record())
            work.add(records)
            state.exchange_codes.put(used)
            state.identities[used.identity] = consumer_id
            if profile is not None:
                state.consumers.put_profile(profile)
            state.sessions.commit(tokens)
            return SessionResponse(
                session=WireSession(
                    type="authenticated",
                    consumer_id=consumer_id,
                    expires_at=format_instant(tokens.access_expires_at),
                    email=email,
                ),
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                refresh_token_ttl_seconds=(tokens.session.refresh_expires_at - now).total_seconds(),
                beacon_token=secrets.token_urlsafe(16),
            )


def _email_key(email: str) -> str:
    """The email claim as an identity key (`email:...`), or a 400 if it is not an email."""
    try:
        return destination_of(email, None)
    except RefusedError as exc:
        raise invalid(
            [
                {
                    "kind": "schema",
                    "type": "email",
                    "expected": "email",
                    "received": "string",
                    "message": exc.message,
                    "path": [
                        {"type": "object", "origin": "value", "input": None, "key": "claims"},
                        {"type": "object", "origin": "value", "input": None, "key": "email"},
                    ],
                }
            ],
            "The request body is not valid.",
        ) from exc
