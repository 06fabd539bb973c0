"""The venue's files and secrets, tokens and keys under hostile use: 0700/0600 on disk, the
secret key out of the database (a 0600 file or the OS keyring), a rotatable secret key,
canonical token signatures only, error messages that do not echo kilobytes back."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.domain.signing import BadSignature, TokenSigner
from kiosk.venue.http.app import create_app
from kiosk.venue.keystore import FileSecrets, KeyringSecrets, SecretsError, open_secrets
from kiosk.venue.service import VenueService
from kiosk.venue.store import SqliteStore, StoreError
from tests.conftest import BASE_URL
from tests.fakes import FakeClock

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- files -------------------------------------------------------------------------------


@posix_only
def test_the_data_folder_is_0700_and_its_files_0600(tmp_path: Path) -> None:
    data = tmp_path / "venue"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    store = SqliteStore(data / "venue.sqlite3")
    service = VenueService(store, FakeClock(), secrets=FileSecrets(data / "secrets.json"))
    service.access.start_guest_session()  # a write: the WAL and its index exist now
    try:
        assert mode(data) == 0o700
        files = sorted(p.name for p in data.iterdir())
        assert "venue.sqlite3-wal" in files and "secrets.json" in files
        assert {name: mode(data / name) for name in files} == dict.fromkeys(files, 0o600)
    finally:
        store.close()


@posix_only
def test_files_an_older_version_left_readable_are_made_private(tmp_path: Path) -> None:
    path = tmp_path / "venue" / "venue.sqlite3"
    SqliteStore(path).close()
    os.chmod(path, 0o644)
    os.chmod(path.parent, 0o755)
    SqliteStore(path).close()
    assert (mode(path.parent), mode(path)) == (0o700, 0o600)


# ---- secrets -------------------------------------------------------------------------------


def open_venue(data: Path, secrets: Any) -> tuple[SqliteStore, VenueService]:
    store = SqliteStore(data / "venue.sqlite3")
    return store, VenueService(store, FakeClock(), secrets=secrets)


def test_with_a_secret_store_the_database_holds_no_secret(tmp_path: Path) -> None:
    store, service = open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))
    org = service.organization
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("venue.sqlite3*"))
    assert org.secret_key.encode() not in raw
    assert org.signing_secret.encode() not in raw
    held = json.loads((tmp_path / "secrets.json").read_text())
    assert held["secretKey"] == org.secret_key
    store, again = open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))
    assert (again.organization.secret_key, again.organization.id) == (org.secret_key, org.id)
    store.close()


def test_an_older_database_moves_its_secrets_out_and_keeps_no_copy(tmp_path: Path) -> None:
    store, old = open_venue(tmp_path, None)  # secrets in the database, as before
    secret_key = old.organization.secret_key
    old.access.start_guest_session()
    store.close()
    store, moved = open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))
    assert moved.organization.secret_key == secret_key
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("venue.sqlite3*"))
    assert secret_key.encode() not in raw


def test_missing_secrets_stop_the_server_with_where_to_look(tmp_path: Path) -> None:
    store, _ = open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))
    store.close()
    (tmp_path / "secrets.json").unlink()
    with pytest.raises(StoreError, match="missing from the file"):
        open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))


def test_a_damaged_secrets_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "secrets.json").write_text("{not json")
    with pytest.raises(SecretsError, match="not JSON"):
        FileSecrets(tmp_path / "secrets.json").load()


class MemoryKeyring:
    """The two calls of the `keyring` module the venue uses, over a dict."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, account: str) -> str | None:
        return self.entries.get((service, account))

    def set_password(self, service: str, account: str, value: str) -> None:
        self.entries[(service, account)] = value


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service: str, account: str) -> str | None:
        raise RuntimeError("the keyring daemon is gone")


def test_the_keyring_holds_the_secrets_when_there_is_one(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    store, service = open_venue(tmp_path, KeyringSecrets(backend, str(tmp_path)))
    secret_key = service.organization.secret_key
    store.close()
    assert not (tmp_path / "secrets.json").exists()
    [(where, value)] = backend.entries.items()
    assert where[1] == str(tmp_path) and json.loads(value)["secretKey"] == secret_key
    with pytest.raises(SecretsError, match="cannot read"):
        KeyringSecrets(BrokenKeyring(), "x").load()


def test_with_no_keyring_auto_falls_back_to_the_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    caplog.set_level("INFO")
    assert isinstance(open_secrets(tmp_path, "auto"), FileSecrets)
    assert "no OS keyring here" in caplog.text
    with pytest.raises(SecretsError, match="no OS keyring"):
        open_secrets(tmp_path, "keyring")
    with pytest.raises(SecretsError, match="one of"):
        open_secrets(tmp_path, "vault")


# ---- the secret key ------------------------------------------------------------------------


async def test_a_rotated_secret_key_overlaps_then_the_old_one_stops(tmp_path: Path) -> None:
    clock = FakeClock()
    store = SqliteStore(tmp_path / "venue.sqlite3")
    service = VenueService(store, clock, secrets=FileSecrets(tmp_path / "secrets.json"))
    old = service.organization.secret_key
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:

        async def codes(key: str) -> int:
            headers = {"Authorization": f"Bearer {key}"}
            return (await http.get("/operator/otp", headers=headers)).status_code

        rotated = await http.post(
            "/operator/keys/secret/rotate",
            headers={"Authorization": f"Bearer {old}"},
            json={"overlapSeconds": 600},
        )
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secretKey"]
        assert new.startswith("sk_") and new != old
        assert rotated.headers["cache-control"] == "no-store"
        assert (await codes(new), await codes(old)) == (200, 200)
        clock.advance(601)
        assert (await codes(new), await codes(old)) == (200, 403)
        bad = await http.post(
            "/operator/keys/secret/rotate",
            headers={"Authorization": f"Bearer {new}"},
            json={"overlapSeconds": -1},
        )
        assert bad.status_code == 400
    store.close()
    store, again = open_venue(tmp_path, FileSecrets(tmp_path / "secrets.json"))
    assert again.organization.secret_key == new  # the rotation survived a restart
    store.close()


def test_only_the_secret_key_itself_passes(service: VenueService) -> None:
    key = service.organization.secret_key
    for wrong in (key[:-1], key + "0", key.upper(), "sk_é" + key[4:], "sk_" + "0" * 4096):
        with pytest.raises(RefusedError):
            service.access.check_secret_key(wrong)
    service.access.check_secret_key(key)


# ---- tokens ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tamper",
    [
        lambda mac: mac + "=",
        lambda mac: mac + "==",
        lambda mac: mac + "A",
        lambda mac: mac + "!",
        lambda mac: mac[:-1] + "\n" + mac[-1],
        lambda mac: mac.replace("_", "/").replace("-", "+"),
        lambda mac: " " + mac,
    ],
)
def test_a_signature_passes_in_its_one_canonical_spelling_only(tamper: Any) -> None:
    signer = TokenSigner(b"k" * 32, "fat1")
    for n in range(200):  # a signature the tampering changes (some lack '-' and '_')
        token = signer.sign({"c": "consumer", "e": n})
        prefix, body, mac = token.split(".")
        spelled = tamper(mac)
        if spelled != mac:
            break
    assert spelled != mac
    assert signer.verify(token)["c"] == "consumer"
    with pytest.raises(BadSignature):
        signer.verify(f"{prefix}.{body}.{spelled}")


def test_a_signature_with_spare_bits_set_is_refused() -> None:
    signer = TokenSigner(b"k" * 32, "fat1")
    prefix, body, mac = signer.sign({"c": "consumer"}).split(".")
    # 32 bytes -> 43 characters; the last one carries 2 spare bits that must be zero.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(mac[-1])
    twin = mac[:-1] + alphabet[last | 1]
    assert twin != mac
    with pytest.raises(BadSignature):
        signer.verify(f"{prefix}.{body}.{twin}")


# ---- error messages ----------------------------------------------------------------------


async def test_a_404_does_not_echo_kilobytes_of_the_request(
    venue_http: httpx.AsyncClient, publishable_key: str
) -> None:
    long_id = "x" * 8000
    answer = await venue_http.get(
        f"/experiences/{long_id}", headers={"X-Publishable-Key": publishable_key}
    )
    assert answer.status_code == 404
    assert len(answer.content) < 500
    assert answer.json()["message"].endswith("…")
