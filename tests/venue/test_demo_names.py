"""The demo names every experience in each language the kiosk offers."""

from __future__ import annotations

from kiosk.venue.demo import load_demo
from kiosk.venue.service import VenueService


def test_every_demo_experience_has_a_spanish_and_an_arabic_name(service: VenueService) -> None:
    load_demo(service)
    experiences = list(service.experiences.values())
    assert len(experiences) == 9
    for experience in experiences:
        names = experience.i18n or {}
        assert set(names) >= {"es", "ar"}, experience.name
        assert all(names[language]["name"] != experience.name for language in ("es", "ar"))
