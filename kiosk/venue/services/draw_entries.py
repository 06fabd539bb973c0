"""Coming back to a draw entry by its reference: `POST /auth/draw-entry` (our extension).

A customer who entered a draw at a kiosk and walked away types the entry's reference on any
kiosk of the venue; the answer is a consumer session for that entry's consumer, the same
shape as the guest sign-in, so the kiosk resumes the journey and shows the result. Wrong
references are limited per client address and per draw; the reference is never logged.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from kiosk.core.instants import format_instant
from kiosk.venue.domain.attempts import MissLimiter
from kiosk.venue.domain.draw import DrawEngine, DrawEntry
from kiosk.venue.domain.errors import RefusalKind, RefusedError, not_found, rate_limited
from kiosk.venue.state import VenueState
from kiosk.venue.unit_of_work import UnitOfWork
from kiosk.wire.auth import ConsumerSession as WireSession
from kiosk.wire.auth import SessionResponse

# A few tries a minute from one kiosk; more for one draw, which many kiosks share.
PER_CLIENT = 5
PER_DRAW = 30
WINDOW = timedelta(minutes=1)
NO_SUCH_ENTRY = "No entry in this draw has that reference. Check it and try again."


class DrawEntryService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow
        self._misses = MissLimiter({"client": PER_CLIENT, "draw": PER_DRAW}, WINDOW)

    def resume(self, experience_id: str, reference: str, client: str | None) -> SessionResponse:
        """A session for the consumer whose entry in the experience's draw has `reference`."""
        state = self._state
        state.experience(experience_id)
        with self._uow.begin() as work:
            now = work.now
            draws = self._draws(experience_id)
            if not draws:
                raise not_found("This experience has no draw to come back to.")
            keys = [("draw", engine.id) for engine in draws]
            if client is not None:
                keys.append(("client", client))
            wait = self._misses.retry_after(keys, now)
            if wait is not None:
                raise rate_limited(
                    "Too many wrong references; wait a minute before trying again.",
                    retry_after=wait,
                )
            entry = _find(draws, reference)
            if entry is None:
                self._misses.record_miss(keys, now)
                raise not_found(NO_SUCH_ENTRY)
            tokens = state.sessions.start(entry.consumer_id, "guest", now)
            work.add([tokens.session.record()], consumers=())  # a session, same projection
            state.sessions.commit(tokens)
            return SessionResponse(
                session=WireSession(
                    type="guest",
                    consumer_id=entry.consumer_id,
                    expires_at=format_instant(tokens.access_expires_at),
                ),
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                refresh_token_ttl_seconds=(tokens.session.refresh_expires_at - now).total_seconds(),
                beacon_token=secrets.token_urlsafe(16),
            )

    def _draws(self, experience_id: str) -> list[DrawEngine]:
        state = self._state
        engines = (state.distribution_of(s.id) for s in state.sequences_of(experience_id))
        return [e for e in engines if isinstance(e, DrawEngine)]


def _find(draws: list[DrawEngine], reference: str) -> DrawEntry | None:
    """The entry with `reference` in any of `draws` (a spent one raises), else None."""
    for engine in draws:
        try:
            return engine.entry_by_reference(reference)
        except RefusedError as exc:
            if exc.kind is not RefusalKind.NOT_FOUND:
                raise
    return None
