"""Where the venue keeps its secrets: the secret key, retired keys still in their overlap,
and the signing secret for tokens and grants. Not in the database.

`KeyringSecrets` uses the OS's secret store (Keychain, Windows Credential Locker, the
Secret Service) through the `keyring` package; `FileSecrets` is a 0600 JSON file in the
0700 data folder, for machines without one (a server, CI, a root shell). `open_secrets`
picks: `keyring`, `file`, or `auto` (the keyring when a real backend is there, else the
file, saying so once in the log). The venue reads one document:

    {"secretKey": "sk_...", "signingSecret": "<hex>",
     "retiredSecretKeys": [{"key": "sk_...", "until": "2026-05-01T12:00:00Z"}]}
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

from kiosk.core.private import private_dir, private_file

log = logging.getLogger(__name__)

SECRETS_FILE = "secrets.json"
KEYRING_SERVICE = "fanfare-kiosk-venue"
CHOICES = ("auto", "keyring", "file")


class SecretsError(Exception):
    """The secrets cannot be read or saved; the message says where and why."""


class Secrets(Protocol):
    where: str

    def load(self) -> dict[str, Any] | None: ...

    def save(self, doc: dict[str, Any]) -> None: ...


class FileSecrets:
    """A JSON file, 0600, written whole (beside, synced, renamed) or not at all."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = f"the file {path}"

    def load(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SecretsError(f"cannot read the venue's secrets from {self.path}: {exc}") from exc
        private_file(self.path)  # put an older file's mode right
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise SecretsError(f"the secrets file {self.path} is not JSON") from exc
        if not isinstance(doc, dict):
            raise SecretsError(f"the secrets file {self.path} holds no secrets")
        return doc

    def save(self, doc: dict[str, Any]) -> None:
        try:
            private_dir(self.path.parent)
            descriptor, temporary = tempfile.mkstemp(
                prefix=".secrets-", suffix=".part", dir=self.path.parent
            )
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    os.chmod(temporary, 0o600)
                    json.dump(doc, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            raise SecretsError(f"cannot save the venue's secrets to {self.path}: {exc}") from exc


class KeyringSecrets:
    """One keyring entry (service `fanfare-kiosk-venue`, account: the data folder)."""

    def __init__(self, backend: Any, account: str) -> None:
        self._backend = backend  # the `keyring` module, or anything with its two calls
        self._account = account
        self.where = f"the OS keyring ({KEYRING_SERVICE} / {account})"

    def load(self) -> dict[str, Any] | None:
        try:
            text = self._backend.get_password(KEYRING_SERVICE, self._account)
        except Exception as exc:  # keyring backends raise their own kinds
            raise SecretsError(f"cannot read the venue's secrets from {self.where}") from exc
        if text is None:
            return None
        try:
            doc = json.loads(text)
        except ValueError as exc:
            raise SecretsError(f"the keyring entry in {self.where} is not JSON") from exc
        return doc if isinstance(doc, dict) else None

    def save(self, doc: dict[str, Any]) -> None:
        try:
            self._backend.set_password(KEYRING_SERVICE, self._account, json.dumps(doc))
        except Exception as exc:
            raise SecretsError(f"cannot save the venue's secrets to {self.where}") from exc


def _usable_keyring() -> Any | None:
    """The `keyring` module when it has a real backend (not the fail or null one)."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: as good as none
        return None
    if float(getattr(backend, "priority", 0) or 0) <= 0:
        return None
    return keyring


def open_secrets(data_dir: Path, choice: str = "auto") -> Secrets:
    if choice not in CHOICES:
        raise SecretsError(f"the secret store is one of {', '.join(CHOICES)}, not {choice!r}")
    file = FileSecrets(data_dir / SECRETS_FILE)
    if choice == "file" or (choice == "auto" and file.path.exists()):
        return file  # `auto` keeps them where an earlier start put them
    backend = _usable_keyring()
    if backend is not None:
        return KeyringSecrets(backend, str(data_dir.resolve()))
    if choice == "keyring":
        raise SecretsError(
            "no OS keyring is available here (install 'keyring' and a backend), "
            "or use --secret-store file"
        )
    log.info("no OS keyring here: the venue's secrets are kept in %s (mode 0600)", file.path)
    return file
