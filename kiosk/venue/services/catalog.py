"""What the operator sets up: experiences, sequences and their access-code lists."""

from __future__ import annotations

import uuid

from kiosk.venue.domain.access import AccessCode, normalize_code
from kiosk.venue.domain.catalog import (
    AccessCodesCreate,
    Experience,
    ExperienceCreate,
    ExperienceUpdate,
    Sequence,
    SequenceCreate,
    SequenceUpdate,
    apply_update,
)
from kiosk.venue.services.live_status import live_status, pick_engine
from kiosk.venue.state import EXPERIENCE_KIND, SEQUENCE_KIND, VenueState
from kiosk.venue.unit_of_work import UnitOfWork
from kiosk.wire.routing import Experience as WireExperience
from kiosk.wire.routing import ExperienceMedia as WireMedia


class CatalogService:
    def __init__(self, state: VenueState, uow: UnitOfWork) -> None:
        self._state = state
        self._uow = uow

    # ---- reads -----------------------------------------------------------------------------

    def experiences(self) -> list[Experience]:
        return list(self._state.experiences.values())

    def experience(self, experience_id: str) -> Experience:
        return self._state.experience(experience_id)

    def sequences(self) -> list[Sequence]:
        return list(self._state.sequences.values())

    def sequence(self, sequence_id: str) -> Sequence:
        return self._state.sequence(sequence_id)

    def sequences_of(self, experience_id: str) -> list[Sequence]:
        return self._state.sequences_of(experience_id)

    def access_codes(self, sequence_id: str) -> list[AccessCode]:
        self._state.sequence(sequence_id)
        return self._state.access_codes.of(sequence_id)

    def wire_experience(self, experience_id: str) -> WireExperience:
        state = self._state
        experience = state.experience(experience_id)
        with self._uow.begin() as work:  # the live status as of now: one tick, no changes
            picked = pick_engine(state.sequences_of(experience_id), state.distribution_of)
            status = live_status(picked[1], work.now) if picked else None
        media = experience.media
        return WireExperience(
            id=experience.id,
            name=experience.name,
            time_zone=experience.time_zone,
            currency_code=experience.currency_code,
            open_at=experience.open_at,
            close_at=experience.close_at,
            has_protected_sequences=any(s.access_code for s in state.sequences_of(experience_id)),
            i18n=experience.i18n,
            description=experience.description,
            media=WireMedia(hero=media.hero, thumbnail=media.thumbnail) if media else None,
            live_status=status,
            draw_entry_references=any(
                getattr(state.distribution_of(s.id), "mechanism", None) == "draw"
                for s in state.sequences_of(experience_id)
            )
            or None,
        )

    # ---- changes ---------------------------------------------------------------------------

    def create_experience(self, body: ExperienceCreate) -> Experience:
        with self._uow.begin() as work:
            experience = Experience(id=str(uuid.uuid4()), created_at=work.now, **body.model_dump())
            work.add([(EXPERIENCE_KIND, experience.id, experience.to_doc())])
            self._state.experiences[experience.id] = experience
            return experience

    def update_experience(self, experience_id: str, body: ExperienceUpdate) -> Experience:
        with self._uow.begin() as work:
            updated = apply_update(self._state.experience(experience_id), body, work.now)
            assert isinstance(updated, Experience)
            work.add([(EXPERIENCE_KIND, updated.id, updated.to_doc())])
            self._state.experiences[updated.id] = updated
            return updated

    def create_sequence(self, body: SequenceCreate) -> Sequence:
        with self._uow.begin() as work:
            self._state.experience(body.experience_id)
            sequence = Sequence(id=str(uuid.uuid4()), created_at=work.now, **body.model_dump())
            work.add([(SEQUENCE_KIND, sequence.id, sequence.to_doc())])
            self._state.sequences[sequence.id] = sequence
            return sequence

    def update_sequence(self, sequence_id: str, body: SequenceUpdate) -> Sequence:
        with self._uow.begin() as work:
            updated = apply_update(self._state.sequence(sequence_id), body, work.now)
            assert isinstance(updated, Sequence)
            work.add([(SEQUENCE_KIND, updated.id, updated.to_doc())])
            self._state.sequences[updated.id] = updated
            return updated

    def add_access_codes(self, sequence_id: str, body: AccessCodesCreate) -> list[AccessCode]:
        with self._uow.begin() as work:
            self._state.sequence(sequence_id)
            codes = [
                AccessCode(sequence_id, normalize_code(code), body.max_uses)
                for code in dict.fromkeys(body.codes)
            ]
            work.add([code.record() for code in codes])
            for code in codes:
                self._state.access_codes.add(code)
            return codes
