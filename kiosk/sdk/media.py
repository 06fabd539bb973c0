"""The catalogue's images, fetched from the venue: public files, so no key or token is sent.

A URL is the venue's (`/media/...`, relative to the API) or absolute. Anything that is not
a small image answered with 200 is `None`: a kiosk shows the experience without it.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

import httpx

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 4_000_000


class MediaFetcher:
    def __init__(
        self, http: httpx.AsyncClient, api_url: str, *, max_bytes: int = MAX_IMAGE_BYTES
    ) -> None:
        self._http = http
        self._base = api_url.rstrip("/") + "/"
        self._max_bytes = max_bytes

    def resolve(self, url: str) -> str:
        return urljoin(self._base, url)

    async def fetch(self, url: str) -> bytes | None:
        """The image's bytes, or None (missing, not an image, too large, unreachable)."""
        try:
            response = await self._http.get(self.resolve(url))
        except httpx.HTTPError as exc:
            logger.info("image %s not loaded: %s", url, exc)
            return None
        kind = response.headers.get("content-type", "")
        if response.status_code != 200 or not kind.startswith("image/"):
            logger.info("image %s not loaded: %s %s", url, response.status_code, kind)
            return None
        if len(response.content) > self._max_bytes:
            logger.info("image %s not loaded: %d bytes", url, len(response.content))
            return None
        return response.content
