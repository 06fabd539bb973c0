"""One form per screen that takes input: each owns its fields and its feedback, and turns a
submit into one typed journey action on the visit."""

from kiosk.session.forms.access_code import AccessCodeForm
from kiosk.session.forms.bid import BidForm
from kiosk.session.forms.one_time_code import OneTimeCodeForm
from kiosk.session.forms.slot_picker import SlotPicker

__all__ = ["AccessCodeForm", "BidForm", "OneTimeCodeForm", "SlotPicker"]
