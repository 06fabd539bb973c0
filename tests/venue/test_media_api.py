"""`GET /media/{name}`: the catalogue's public images, and nothing outside their directory."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from kiosk.venue.http.app import create_app
from kiosk.venue.http.media_api import shipped_media_dir
from kiosk.venue.service import VenueService

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "media"
    directory.mkdir()
    (directory / "hero.png").write_bytes(PNG)
    (directory / "thumb.webp").write_bytes(b"RIFF....WEBP")
    (directory / "notes.txt").write_text("not an image")
    (tmp_path / "secret.png").write_bytes(b"outside the media directory")
    return directory


@pytest.fixture
async def http(service: VenueService, media_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service, media_dir=media_dir))
    async with httpx.AsyncClient(transport=transport, base_url="http://venue.test") as client:
        yield client


async def test_an_image_is_served_with_its_type_and_cache_headers(http: httpx.AsyncClient) -> None:
    response = await http.get("/media/hero.png")

    assert response.status_code == 200
    assert response.content == PNG
    assert response.headers["content-type"] == "image/png"
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert response.headers["etag"].startswith('"')
    webp = await http.get("/media/thumb.webp")
    assert webp.headers["content-type"] == "image/webp"


async def test_media_need_no_key(http: httpx.AsyncClient) -> None:
    # Public, so an image element can load them by URL: no key or token ever in the URL.
    assert (await http.get("/media/hero.png")).status_code == 200


async def test_a_matching_etag_is_not_modified(http: httpx.AsyncClient) -> None:
    etag = (await http.get("/media/hero.png")).headers["etag"]

    response = await http.get("/media/hero.png", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


async def test_head_answers_the_headers_only(http: httpx.AsyncClient) -> None:
    response = await http.head("/media/hero.png")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    "name",
    [
        "missing.png",
        "notes.txt",  # not an image type
        "..%2Fsecret.png",
        "../secret.png",
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        "%2F" + "%2F".join(Path("/etc/passwd").parts[1:]),
        "hero.png%00.txt",
        "hero%00.png",
        ".hidden.png",
        "sub/hero.png",
        "%5C..%5Csecret.png",
        "..",
        "",
    ],
)
async def test_a_hostile_or_unknown_name_is_404(http: httpx.AsyncClient, name: str) -> None:
    response = await http.get(f"/media/{name}")

    assert response.status_code == 404
    assert b"outside" not in response.content
    assert b"root:" not in response.content


async def test_a_symlink_out_of_the_directory_is_404(
    http: httpx.AsyncClient, media_dir: Path
) -> None:
    (media_dir / "escape.png").symlink_to(media_dir.parent / "secret.png")
    os.symlink("/etc/passwd", media_dir / "passwd.png")

    for name in ("escape.png", "passwd.png"):
        response = await http.get(f"/media/{name}")
        assert response.status_code == 404, name
        assert b"outside" not in response.content


async def test_a_symlink_inside_the_directory_is_served(
    http: httpx.AsyncClient, media_dir: Path
) -> None:
    (media_dir / "alias.png").symlink_to(media_dir / "hero.png")

    assert (await http.get("/media/alias.png")).content == PNG


def test_the_shipped_directory_holds_a_hero_and_a_thumbnail_per_demo() -> None:
    directory = shipped_media_dir()
    heroes = sorted(directory.glob("*-hero.png"))
    thumbnails = sorted(directory.glob("*-thumb.png"))
    assert len(heroes) == len(thumbnails) == 9
    # Small enough for the bundle (it must stay under 150 MB).
    assert sum(p.stat().st_size for p in heroes + thumbnails) < 1_500_000
