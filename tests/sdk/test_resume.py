"""Session persistence and resume after a process restart."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.sdk import (
    FileSessionStore,
    GatedView,
    MemorySessionStore,
    ParticipatingQueue,
    ReadyView,
    RoutedView,
    StoredJourney,
    StoredSession,
)
from tests.sdk.fakes import EXPERIENCE_ID, FakeConsumerApi


def record() -> StoredSession:
    return StoredSession(
        consumer_id="cons_1",
        access_token="at-secret-9",
        refresh_token="rt-secret-9",
        journeys={EXPERIENCE_ID: StoredJourney(access_code="CODE-1")},
    )


def test_the_file_store_round_trips_atomically_with_owner_only_permissions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state" / "session.json"
    store = FileSessionStore(path)
    assert store.load() is None

    store.save(record())
    store.save(record())

    assert store.load() == record()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [item.name for item in path.parent.iterdir()] == ["session.json"]
    store.delete()
    assert store.load() is None
    store.delete()  # deleting twice is fine


def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text("{not json")

    assert FileSessionStore(path).load() is None


def test_the_record_hides_tokens_and_codes_from_repr() -> None:
    text = repr(record()) + str(record())

    assert "secret" not in text
    assert "CODE-1" not in text


async def test_a_restarted_process_resumes_at_the_same_place(
    make_fanfare, api: FakeConsumerApi, tmp_path: Path
) -> None:
    path = tmp_path / "session.json"
    async with make_fanfare(session_store=FileSessionStore(path)) as first:
        view = await first.journeys.get(EXPERIENCE_ID).view.start()
        await view.sequence.enter()
        api.set_queue_position(4)
    saved = json.loads(path.read_text())
    assert saved["consumer_id"] == "cons_1"
    assert EXPERIENCE_ID in saved["journeys"]

    async with make_fanfare(session_store=FileSessionStore(path)) as second:
        journey = second.journeys.get(EXPERIENCE_ID)
        assert isinstance(journey.view, ReadyView)  # get() does no I/O
        resumed = await second.journeys.resume(EXPERIENCE_ID)

        assert resumed is journey
        view = journey.view
        assert isinstance(view, RoutedView)
        assert isinstance(view.sequence, ParticipatingQueue)
        assert view.sequence.display.position == 4
        assert journey.events == ()  # no reroute event for landing where we were
    assert len(api.calls("POST", "/auth/guest")) == 1
    assert api.requests[-1].headers["Authorization"] == "Bearer at-secret-1"


async def test_resume_restores_the_stored_access_code(make_fanfare, api: FakeConsumerApi) -> None:
    api.required_code = "LETMEIN"
    store = MemorySessionStore()
    async with make_fanfare(session_store=store) as first:
        gated = await first.journeys.get(EXPERIENCE_ID).view.start()
        assert isinstance(gated, GatedView)
        await gated.reroute(access_code="LETMEIN")

    async with make_fanfare(session_store=store) as second:
        (journey,) = await second.journeys.resume_all()
        await journey.view.reroute()

    assert api.route_calls[-1] == {"accessCode": "LETMEIN"}


async def test_resume_without_a_session_stays_ready(make_fanfare, api: FakeConsumerApi) -> None:
    async with make_fanfare() as fanfare:
        journey = await fanfare.journeys.resume(EXPERIENCE_ID)

    assert isinstance(journey.view, ReadyView)
    assert api.requests == []


async def test_resume_with_a_revoked_session_starts_fresh(
    make_fanfare, api: FakeConsumerApi
) -> None:
    store = MemorySessionStore()
    async with make_fanfare(session_store=store) as first:
        await first.journeys.get(EXPERIENCE_ID).view.start()
    api.valid_access.clear()
    api.valid_refresh.clear()

    async with make_fanfare(session_store=store) as second:
        journey = await second.journeys.resume(EXPERIENCE_ID)

        assert isinstance(journey.view, ReadyView)
        assert second.session is None
        assert store.load() is None
        assert isinstance(await journey.view.start(), RoutedView)  # a new guest session


async def test_logout_ends_the_session_and_wipes_the_store(
    make_fanfare, api: FakeConsumerApi, tmp_path: Path
) -> None:
    store = FileSessionStore(tmp_path / "session.json")
    async with make_fanfare(session_store=store) as fanfare:
        await fanfare.journeys.get(EXPERIENCE_ID).view.start()
        assert store.load() is not None

        await fanfare.logout()

        assert store.load() is None
        assert fanfare.session is None
    assert len(api.calls("POST", "/auth/logout")) == 1


async def test_a_full_disk_does_not_stop_the_journey(
    make_fanfare, caplog: pytest.LogCaptureFixture
) -> None:
    class FullDiskStore(MemorySessionStore):
        def save(self, record: StoredSession) -> None:
            raise OSError(28, "No space left on device")

    async with make_fanfare(session_store=FullDiskStore()) as fanfare:
        view = await fanfare.journeys.get(EXPERIENCE_ID).view.start()

    assert isinstance(view, RoutedView)
    assert "cannot save the consumer session" in caplog.text
