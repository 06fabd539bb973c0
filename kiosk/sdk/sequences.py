"""The sequence views by the module name older code imports them from.

They live in `kiosk.sdk.views` (beside the journey stages that hold them, which they
return), and their live data in `kiosk.sdk.displays`.
"""

from kiosk.sdk.displays import (
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    QueueDisplay,
    TimedReleaseDisplay,
)
from kiosk.sdk.views import (
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GrantedSequence,
    NotWaitlisted,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    ScheduledSequence,
    SequenceView,
    SequenceViewBase,
    SettlingSequence,
    UnavailableSequence,
    WaitlistAttachmentBase,
    WaitlistAttachmentView,
    Waitlisted,
    WaitlistNotified,
)

__all__ = [
    "AppointmentDisplay",
    "AuctionDisplay",
    "DrawDisplay",
    "EndedSequence",
    "EnterableAppointment",
    "EnterableAuction",
    "EnterableDraw",
    "EnterableQueue",
    "EnterableTimedRelease",
    "GrantedSequence",
    "NotWaitlisted",
    "ParticipatingAppointment",
    "ParticipatingAuction",
    "ParticipatingDraw",
    "ParticipatingQueue",
    "ParticipatingTimedRelease",
    "QueueDisplay",
    "ScheduledSequence",
    "SequenceView",
    "SequenceViewBase",
    "SettlingSequence",
    "TimedReleaseDisplay",
    "UnavailableSequence",
    "WaitlistAttachmentBase",
    "WaitlistAttachmentView",
    "WaitlistNotified",
    "Waitlisted",
]
