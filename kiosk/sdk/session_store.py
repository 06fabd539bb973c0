"""Where a consumer session survives a process restart, so a journey can resume.

The record is small and JSON-able: the tokens, who the consumer is, when the access token
expires, the consumer's language, and per experience the access code the journey routed
with. Tokens and codes are hidden from `repr`; the file is written atomically and readable
only by its owner.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.wire.base import JSON_STRINGS_CACHED

logger = logging.getLogger(__name__)


class StoredJourney(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, cache_strings=JSON_STRINGS_CACHED)

    access_code: str | None = Field(default=None, repr=False)


class StoredSession(BaseModel):
    """One consumer session and the journeys it has started."""

    model_config = ConfigDict(extra="ignore", frozen=True, cache_strings=JSON_STRINGS_CACHED)

    version: int = 1
    consumer_id: str
    session_type: str = "guest"
    access_token: str = Field(repr=False)
    refresh_token: str = Field(repr=False)
    # When the access token expires (the session's `expiresAt`).
    expires_at: datetime | None = None
    # Experience id -> what the journey needs to resume.
    journeys: dict[str, StoredJourney] = Field(default_factory=dict)
    # The language the consumer chose (a BCP 47 tag), so a resumed journey speaks it.
    locale: str | None = None


class SessionStore(Protocol):
    def load(self) -> StoredSession | None: ...

    def save(self, record: StoredSession) -> None: ...

    def delete(self) -> None: ...


class MemorySessionStore:
    """Keeps the record for the life of the process (tests, or a kiosk that never resumes)."""

    def __init__(self, record: StoredSession | None = None) -> None:
        self._record = record

    def load(self) -> StoredSession | None:
        return self._record

    def save(self, record: StoredSession) -> None:
        self._record = record

    def delete(self) -> None:
        self._record = None


class FileSessionStore:
    """One JSON file, replaced atomically, mode 0600."""

    def __init__(self, path: Path | str) -> None:
        self._path = Path(path)

    @property
    def path(self) -> Path:
        return self._path

    def load(self) -> StoredSession | None:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            logger.warning("cannot read the stored session at %s: %s", self._path, exc.strerror)
            return None
        try:
            return StoredSession.model_validate_json(text)
        except ValidationError:
            # A damaged file must not stop the kiosk; the customer starts a new journey.
            logger.warning("ignoring an unreadable stored session at %s", self._path)
            return None

    def save(self, record: StoredSession) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(record.model_dump(mode="json")).encode("utf-8")
        fd, tmp_name = tempfile.mkstemp(prefix=".session-", dir=self._path.parent)
        try:
            os.chmod(tmp_name, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self._path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise

    def delete(self) -> None:
        self._path.unlink(missing_ok=True)
