"""The attract screen's images, held in memory for the screens (bounded), so a screen is
only ever given an image that is there and decodes: a missing or broken one is no image,
never a broken frame or a QML warning."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

PROVIDER = "venue"  # the screens read them as image://venue/<key>


class MediaShelf:
    def __init__(
        self,
        fetch: Callable[[str], Awaitable[bytes | None]],
        accept: Callable[[bytes], bool],
        *,
        max_items: int = 40,
    ) -> None:
        self._fetch = fetch
        self._accept = accept  # does it decode? (the app knows images; the session does not)
        self._max_items = max_items
        self._held: OrderedDict[str, bytes] = OrderedDict()  # key -> bytes, oldest first
        self._keys: dict[str, str] = {}  # url -> key
        self._refused: set[str] = set()

    def source(self, url: str) -> str:
        """What a screen's image shows: the held image, or "" (none)."""
        key = self._keys.get(url)
        return f"image://{PROVIDER}/{key}" if key in self._held else ""

    def sources(self) -> dict[str, str]:
        return {url: self.source(url) for url in self._keys if self.source(url)}

    def get(self, key: str) -> bytes | None:
        return self._held.get(key)

    async def fill(self, urls: Iterable[str]) -> bool:
        """Fetch what is not held yet (a refused URL is not asked again). True if any new."""
        added = False
        for url in dict.fromkeys(u for u in urls if u):
            if url in self._refused or self.source(url):
                continue
            data = await self._fetch(url)
            if not data or not self._accept(data):
                self._refused.add(url)
                continue
            key = self._keys.setdefault(url, str(len(self._keys) + 1))
            self._held[key] = data
            while len(self._held) > self._max_items:
                self._held.popitem(last=False)
            added = True
        return added
