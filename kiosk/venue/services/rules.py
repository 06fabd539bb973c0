"""Who may enter a distribution: the access rules routing and every mechanism share."""

from __future__ import annotations

from kiosk.venue.domain.access import Requirements
from kiosk.venue.domain.catalog import Sequence
from kiosk.venue.domain.engine import DistributionEngine
from kiosk.venue.domain.errors import forbidden
from kiosk.venue.domain.identity import ConsumerSession
from kiosk.venue.state import VenueState


def requirements(state: VenueState, sequence: Sequence) -> Requirements:
    engine = state.distribution_of(sequence.id)
    guests_welcome = getattr(engine.config, "supports_guest", True) if engine else True
    return Requirements(
        needs_sign_in=sequence.authentication == "otp" or not guests_welcome,
        protected=state.access_codes.protects(sequence),
    )


def check_may_use(state: VenueState, session: ConsumerSession, engine: DistributionEngine) -> None:
    """Protected sequences are entered only after routing into them."""
    sequence = state.sequence(engine.sequence_id)
    needs = requirements(state, sequence)
    if not needs.protected and not needs.needs_sign_in:
        return
    record = state.journeys.get(session.consumer_id, sequence.experience_id)
    if record is None or record.stage != "routed" or record.sequence_id != sequence.id:
        raise forbidden("Route into this experience (with its access code) before entering.")
    if needs.needs_sign_in and session.kind != "authenticated":
        raise forbidden("Sign in with a one-time code before entering.")
