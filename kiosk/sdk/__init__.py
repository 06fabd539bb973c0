"""The journey SDK: the Python counterpart of Fanfare's core browser SDK.

    async with Fanfare(organization_id=..., publishable_key=..., api_url=...) as fanfare:
        journey = fanfare.journeys.get(experience_id)
        view = await journey.view.start()

Render only from `journey.view`; call only the actions it has. Each action is one typed call
on its mechanism's port (`kiosk.sdk.ports`). Imports only `kiosk.wire` and `kiosk.core` from
the rest of the project.
"""

from kiosk.sdk.client import DEFAULT_API_URL, ConsumerClient
from kiosk.sdk.displays import (
    AppointmentDisplay,
    AuctionDisplay,
    DrawDisplay,
    QueueDisplay,
    TimedReleaseDisplay,
)
from kiosk.sdk.errors import (
    ActionUnavailableError,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EntryReferenceError,
    EntryReferenceNotFoundError,
    EntryReferenceRateLimitedError,
    EntryReferenceSpentError,
    ExchangeCodeRejectedError,
    FanfareError,
    JourneyError,
    NotFoundError,
    NotOpenYetError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from kiosk.sdk.events import JourneyEvent
from kiosk.sdk.fanfare import Fanfare, JourneyRegistry
from kiosk.sdk.fetched import Fetched
from kiosk.sdk.journey import Journey
from kiosk.sdk.media import MediaFetcher
from kiosk.sdk.polling import PollPolicy
from kiosk.sdk.retry import RetryPolicy
from kiosk.sdk.server_time import ServerTime
from kiosk.sdk.session_keeper import SessionInfo
from kiosk.sdk.session_store import (
    FileSessionStore,
    MemorySessionStore,
    SessionStore,
    StoredJourney,
    StoredSession,
)
from kiosk.sdk.views import (
    UNSET,
    AccessCodeSubmitResult,
    EndedSequence,
    EnterableAppointment,
    EnterableAuction,
    EnterableDraw,
    EnterableQueue,
    EnterableTimedRelease,
    GatedView,
    GateView,
    GrantedSequence,
    JourneyView,
    NotWaitlisted,
    ParticipatingAppointment,
    ParticipatingAuction,
    ParticipatingDraw,
    ParticipatingQueue,
    ParticipatingTimedRelease,
    ReadyView,
    RoutedView,
    RoutingView,
    ScheduledSequence,
    SequenceView,
    SettlingSequence,
    UnavailableSequence,
    UnknownGate,
    WaitlistAttachmentView,
    Waitlisted,
    WaitlistNotified,
)
from kiosk.wire.projection import AdmissionGrant, Outcome

__all__ = [
    "DEFAULT_API_URL",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AccessCodeSubmitResult",
    "ActionUnavailableError",
    "AdmissionGrant",
    "AppointmentDisplay",
    "AuctionDisplay",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ConsumerClient",
    "DrawDisplay",
    "EndedSequence",
    "EnterableAppointment",
    "EnterableAuction",
    "EnterableDraw",
    "EnterableQueue",
    "EnterableTimedRelease",
    "EntryReferenceError",
    "EntryReferenceNotFoundError",
    "EntryReferenceRateLimitedError",
    "EntryReferenceSpentError",
    "ExchangeCodeRejectedError",
    "Fanfare",
    "FanfareError",
    "Fetched",
    "FileSessionStore",
    "GateView",
    "GatedView",
    "GrantedSequence",
    "Journey",
    "JourneyError",
    "JourneyEvent",
    "JourneyRegistry",
    "JourneyView",
    "MediaFetcher",
    "MemorySessionStore",
    "NotFoundError",
    "NotOpenYetError",
    "NotWaitlisted",
    "Outcome",
    "ParticipatingAppointment",
    "ParticipatingAuction",
    "ParticipatingDraw",
    "ParticipatingQueue",
    "ParticipatingTimedRelease",
    "PermissionDeniedError",
    "PollPolicy",
    "QueueDisplay",
    "RateLimitedError",
    "ReadyView",
    "RetryPolicy",
    "RoutedView",
    "RoutingView",
    "ScheduledSequence",
    "SequenceView",
    "ServerError",
    "ServerTime",
    "SessionInfo",
    "SessionStore",
    "SettlingSequence",
    "StoredJourney",
    "StoredSession",
    "TimedReleaseDisplay",
    "UnavailableSequence",
    "UnknownGate",
    "WaitlistAttachmentView",
    "WaitlistNotified",
    "Waitlisted",
]
