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


def test_the_demo_appointment_names_its_locations_in_each_language(service: VenueService) -> None:
    load_demo(service)
    (engine,) = service.distributions.of_mechanism("appointment")
    sequence = service.catalog.sequence(engine.sequence_id)
    texts = service.catalog.experience(sequence.experience_id).i18n or {}
    for location in engine.config.schedule.locations:
        assert texts["es"][f"location:{location.name}"]
        assert texts["ar"][f"location:{location.name}"]
