"""`GET /media/{name}`: the experiences' public images (our extension), from one directory.

Public like the catalogue's own names: no key, so a kiosk's image element can load them by
URL. A name is one plain file name; anything else (a path, `..`, a NUL byte, a symlink that
leads out of the directory, an unknown type) is 404, and no file outside is ever read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

CONTENT_TYPES = {".png": "image/png", ".webp": "image/webp", ".jpg": "image/jpeg"}
# One file name: letters, digits, '.', '_', '-'; not starting with a dot.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
CACHE_CONTROL = "public, max-age=3600"


def shipped_media_dir() -> Path:
    """The demo's images: `resources/images` in a bundle, an installed wheel or a checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources" / "images"
    try:
        spec = importlib.util.find_spec("kiosk.resources")
    except ModuleNotFoundError:
        spec = None
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "images").is_dir():
            return Path(location) / "images"
    return Path(__file__).resolve().parents[3] / "resources" / "images"


def _not_found() -> Response:
    return JSONResponse({"error": "not_found", "message": "No such image."}, status_code=404)


class MediaApi:
    def __init__(self, directory: Path) -> None:
        self._directory = directory.resolve()
        self._etags: dict[tuple[str, int, int], str] = {}

    def routes(self) -> list[BaseRoute]:
        # `:path` so that hostile names reach `_file` and are refused there, not elsewhere.
        return [Route("/media/{name:path}", self.media, methods=["GET", "HEAD"])]

    def _file(self, name: str) -> Path | None:
        if not _NAME.fullmatch(name) or ".." in name:
            return None
        if Path(name).suffix.lower() not in CONTENT_TYPES:
            return None
        path = (self._directory / name).resolve()
        # A symlink is followed by resolve(): it must still land inside the directory.
        if path.parent != self._directory or not path.is_file():
            return None
        return path

    def _etag(self, path: Path, data: bytes) -> str:
        stat = path.stat()
        key = (path.name, stat.st_mtime_ns, stat.st_size)
        etag = self._etags.get(key)
        if etag is None:
            etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            self._etags[key] = etag
        return etag

    async def media(self, request: Request) -> Response:
        path = self._file(request.path_params["name"])
        if path is None:
            return _not_found()
        try:
            data = path.read_bytes()
        except OSError:
            return _not_found()
        etag = self._etag(path, data)
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        body = b"" if request.method == "HEAD" else data
        media_type = CONTENT_TYPES[path.suffix.lower()]
        return Response(body, media_type=media_type, headers=headers)
