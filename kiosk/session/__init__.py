"""One customer visit on one kiosk: attract, journey, handoff, goodbye, wipe. No Qt.

`KioskSession` (`session.py`) is the coordinator: it owns the phase (attract -> visiting ->
wiping), the catalogue and publishing. Its parts decide: `staff` (PIN and lockout), `idle`
(idle and presence prompts), `toasts`, and per visit (`visit.py`) the journey `actions` and one
form per screen in `forms/` (access code, one-time code, bid, slot picker). `presenter` turns
the journey's view into the plain snapshots the screens bind to. Collaborators are injected:
the SDK (`Fanfare` factory and session store), the experience catalogue, the grant handoff,
the sign-in authenticator and the slot source. Screen fixtures live in `kiosk.devtools`.
"""

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
from kiosk.session.session import KioskSession, Phase
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
    "Phase",
    "SdkAuthenticator",
    "SeeStaffHandoff",
    "SessionSettings",
    "Slot",
    "SlotSource",
    "StaticCatalog",
    "UnavailableAuthenticator",
    "ViewSlotSource",
    "screen_for",
]
