"""One customer visit on one kiosk: attract, journey, handoff, goodbye, wipe. No Qt.

`KioskSession` owns the visit and its tasks; `presenter` turns the journey's view into the
plain snapshots the screens bind to; `fixtures` builds a view for every screen (screenshots,
tests). Collaborators are injected: the SDK (`Fanfare` factory and session store), the
experience catalogue, the grant handoff, the sign-in authenticator and the slot source.
"""

from kiosk.core.tasks import TaskScope
from kiosk.session.auth import (
    Authenticator,
    AuthUnavailableError,
    InvalidCodeError,
    SdkAuthenticator,
    UnavailableAuthenticator,
)
from kiosk.session.catalog import ApiCatalog, ExperienceCatalog, ExperienceChoice, StaticCatalog
from kiosk.session.handoff import (
    GrantHandoff,
    HandoffContext,
    HandoffReceipt,
    SeeStaffHandoff,
)
from kiosk.session.presenter import SCREENS, JourneyState, KioskState, screen_for
from kiosk.session.session import KioskSession
from kiosk.session.settings import LANGUAGES, SessionSettings
from kiosk.session.slots import DetailsSlotSource, Slot, SlotSource, ViewSlotSource

__all__ = [
    "LANGUAGES",
    "SCREENS",
    "ApiCatalog",
    "AuthUnavailableError",
    "Authenticator",
    "DetailsSlotSource",
    "ExperienceCatalog",
    "ExperienceChoice",
    "GrantHandoff",
    "HandoffContext",
    "HandoffReceipt",
    "InvalidCodeError",
    "JourneyState",
    "KioskSession",
    "KioskState",
    "SdkAuthenticator",
    "SeeStaffHandoff",
    "SessionSettings",
    "Slot",
    "SlotSource",
    "StaticCatalog",
    "TaskScope",
    "UnavailableAuthenticator",
    "ViewSlotSource",
    "screen_for",
]
