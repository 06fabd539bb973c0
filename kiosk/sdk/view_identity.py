"""Which view a stale reference stands for, and how views are named in logs and errors."""

from __future__ import annotations

from typing import Any

from kiosk.sdk.views import (
    BoundModel,
    JourneyView,
    JourneyViewBase,
    RoutedView,
    SequenceView,
    SequenceViewBase,
    WaitlistAttachmentView,
)

# What makes two sequence views of one class the same sequence.
_SEQUENCE_IDENTITY = {"sequence_id", "mechanism"}


def counterpart(owner: BoundModel, current: JourneyView) -> BoundModel | None:
    """The object in `current` that plays `owner`'s role, if it is still the same kind."""
    if isinstance(owner, JourneyViewBase):
        return current if type(current) is type(owner) else None
    sequence = current.sequence if isinstance(current, RoutedView) else None
    if isinstance(owner, SequenceViewBase):
        same = (
            sequence is not None
            and type(sequence) is type(owner)
            and sequence.model_dump(include=_SEQUENCE_IDENTITY)
            == owner.model_dump(include=_SEQUENCE_IDENTITY)
        )
        return sequence if same else None
    if isinstance(owner, WaitlistAttachmentView):
        waitlist = getattr(sequence, "waitlist", None)
        same = (
            isinstance(waitlist, WaitlistAttachmentView)
            and type(waitlist) is type(owner)
            and waitlist.waitlist_id == owner.waitlist_id
        )
        return waitlist if same else None
    return None


def describe(view: JourneyView) -> str:
    """`ready`, `gated`, `routed/participating/queue`, ... (no customer data)."""
    if not isinstance(view, RoutedView):
        return view.journey_stage
    sequence = view.sequence
    text = f"routed/{sequence.phase}"
    if sequence.mechanism is not None:
        text += f"/{sequence.mechanism}"
    return text + (" (stale)" if view.degraded else "")


def describe_owner(owner: BoundModel) -> str:
    if isinstance(owner, JourneyView):
        return describe(owner)
    if isinstance(owner, WaitlistAttachmentView):
        return f"waitlist ({owner.status})"
    if isinstance(owner, SequenceView):
        mechanism = owner.mechanism
        return f"routed/{owner.phase}" + (f"/{mechanism}" if mechanism else "")
    return type(owner).__name__


def content(view: JourneyView) -> tuple[Any, ...]:
    """What a subscriber would notice: everything but the refresh time and its threshold."""
    sequence = getattr(view, "sequence", None)
    dump = view.model_dump(exclude={"refreshed_at", "stale_after_seconds"})
    return (type(view), type(sequence), dump)
