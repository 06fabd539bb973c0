"""The outbox itself: reference codes, what is kept, what is erased, and reading it back."""

from __future__ import annotations

import itertools

import pytest

from kiosk.pos import Notice, PosAnswer, PosOutbox, UnknownHandoffError, qr_modules
from kiosk.pos.reference import (
    ALPHABET,
    REFERENCE_PATTERN,
    kiosk_prefix,
    new_reference,
    spells_a_word,
)
from tests.pos.conftest import KIOSK_ID, GrantDesk
from tests.pos.fakes import FakeSteppingClock


@pytest.mark.parametrize(
    ("kiosk_id", "prefix"),
    [("K7", "K7"), ("k7", "K7"), ("lobby-kiosk-12", "LOBB"), ("--", "K"), ("Ü7", "7")],
)
def test_reference_prefixes_come_from_the_kiosk_id(kiosk_id: str, prefix: str) -> None:
    assert kiosk_prefix(kiosk_id) == prefix


def test_references_avoid_characters_that_read_as_others() -> None:
    codes = {new_reference("K7") for _ in range(500)}

    assert all(REFERENCE_PATTERN.match(code) for code in codes)
    assert not set("ILOU") & set("".join(code[3:] for code in codes))
    assert len(ALPHABET) == 32


@pytest.mark.parametrize("word", ["WTF4", "5H1T", "SEX7", "A55Z"])
def test_a_reference_never_spells_a_word(word: str) -> None:
    picks = itertools.chain(word, "K7QZ")  # the first draw spells a word, the second does not

    assert new_reference("K7", choice=lambda _: next(picks)) == "K7-K7QZ"


def test_a_word_across_the_dash_is_refused_too() -> None:
    picks = itertools.chain("F4GZ", "9Q2R")  # "K7" + "F4G.." would not spell, "WT-F..." does

    assert new_reference("WT", choice=lambda _: next(picks)) == "WT-9Q2R"


def test_the_deny_list_reads_digits_as_the_letters_they_look_like() -> None:
    assert spells_a_word("5H1T") and spells_a_word("WTF4UA") and spells_a_word("A55")
    assert not spells_a_word("K7QZ") and not spells_a_word("3F9Q")


async def test_a_taken_reference_is_never_reused(grants: GrantDesk, outbox_path, clock) -> None:
    picks = itertools.cycle("AAAAAAAABBBB")  # the second handoff first draws K7-AAAA
    outbox = PosOutbox(outbox_path, clock=clock, choice=lambda _: next(picks))
    try:
        first = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
        second = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    finally:
        outbox.close()

    assert (first.reference, second.reference) == ("K7-AAAA", "K7-BBBB")


async def test_the_handoff_carries_the_grants_details_and_expiry(
    outbox: PosOutbox, grants: GrantDesk
) -> None:
    grant = await grants.issue()

    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)

    assert handoff.kiosk_id == KIOSK_ID
    assert (handoff.experience_id, handoff.sequence_id) == (grant.experience_id, grant.sequence_id)
    assert (handoff.distribution_type, handoff.distribution_id) == ("queue", grant.distribution_id)
    assert handoff.expires_at.isoformat().startswith(grant.expires_at[:19])
    assert grant.token not in repr(handoff)
    assert outbox.find(handoff.reference.lower()) == handoff


def _files(outbox: PosOutbox) -> bytes:
    path = outbox.path
    return b"".join(
        candidate.read_bytes()
        for candidate in (path, path.with_name(path.name + "-wal"))
        if candidate.exists()
    )


@pytest.mark.parametrize("ending", ["acknowledged", "expired", "failed"])
async def test_the_grant_token_is_erased_from_disk_once_the_handoff_is_final(
    outbox: PosOutbox, grants: GrantDesk, ending: str
) -> None:
    grant = await grants.issue()
    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)
    assert grant.token.encode() in _files(outbox)

    if ending == "acknowledged":
        outbox.acknowledge(handoff.id, PosAnswer("Go to register 1", register="1"))
    else:
        outbox.finish(handoff.id, ending, Notice("GRANT_EXPIRED", "expired"))

    assert outbox.require(handoff.id).status == ending
    assert outbox.delivery(handoff.id) is None
    assert grant.token.encode() not in _files(outbox)


async def test_a_final_handoff_does_not_change_again(outbox: PosOutbox, grants: GrantDesk) -> None:
    handoff = await outbox.submit(await grants.issue(), kiosk_id=KIOSK_ID)
    outbox.acknowledge(handoff.id, PosAnswer("first"))

    outbox.finish(handoff.id, "failed", Notice("X", "late"))
    outbox.acknowledge(handoff.id, PosAnswer("second"))

    final = outbox.require(handoff.id)
    assert final.status == "acknowledged" and final.answer == PosAnswer("first")


async def test_unknown_handoffs_are_a_clear_error(outbox: PosOutbox) -> None:
    assert outbox.get("nope") is None
    with pytest.raises(UnknownHandoffError):
        outbox.require("nope")
    with pytest.raises(UnknownHandoffError):
        await outbox.wait("nope")


async def test_an_empty_kiosk_id_is_refused(outbox: PosOutbox, grants: GrantDesk) -> None:
    with pytest.raises(ValueError):
        await outbox.submit(await grants.issue(), kiosk_id=" ")


async def test_a_grant_without_an_expiry_gets_the_default_lifetime(
    outbox: PosOutbox, grants: GrantDesk, clock: FakeSteppingClock
) -> None:
    grant = (await grants.issue()).model_copy(update={"expires_at": None})

    handoff = await outbox.submit(grant, kiosk_id=KIOSK_ID)

    assert (handoff.expires_at - clock.now()).total_seconds() == 30 * 60


def test_the_qr_code_of_a_reference_is_a_square_of_modules() -> None:
    modules = qr_modules("K7-3F9Q")

    assert len(modules) == len(modules[0]) >= 21
    assert any(any(row) for row in modules)
