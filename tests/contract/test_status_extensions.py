"""The statuses the venue answers on Fanfare's paths beyond those Fanfare's file lists are
exactly the documented extensions: `STATUS_EXTENSIONS` (which `/openapi.json` serves and
docs/api-status-choices.md explains) equals what the contract cases exercise, both ways."""

from __future__ import annotations

import httpx

from kiosk.venue.http.status_extensions import STATUS_EXTENSIONS
from tests.contract import (
    test_access_contract,
    test_account_contract,
    test_appointment_contract,
    test_auction_contract,
    test_consumer_contract,
    test_draw_contract,
    test_operations_contract,
    test_timed_release_contract,
)
from tests.contract.harness import SPEC

TABLES = [
    test_consumer_contract.IMPLEMENTED,
    test_auction_contract.IMPLEMENTED,
    test_draw_contract.IMPLEMENTED,
    test_appointment_contract.IMPLEMENTED,
    test_timed_release_contract.IMPLEMENTED,
    test_operations_contract.IMPLEMENTED,
    test_account_contract.IMPLEMENTED,
    test_access_contract.IMPLEMENTED,
]


def exercised_extensions() -> dict[tuple[str, str], set[int]]:
    extra: dict[tuple[str, str], set[int]] = {}
    for table in TABLES:
        for (path, method), statuses in table.items():
            listed = {int(status) for status in SPEC["paths"][path][method]["responses"]}
            if statuses - listed:
                extra.setdefault((path, method), set()).update(statuses - listed)
    return extra


def test_the_documented_extensions_are_exactly_the_exercised_ones() -> None:
    documented = {key: set(statuses) for key, statuses in STATUS_EXTENSIONS.items()}
    assert documented == exercised_extensions()


async def test_the_venue_openapi_lists_every_extension(venue_http: httpx.AsyncClient) -> None:
    paths = (await venue_http.get("/openapi.json")).json()["paths"]
    for (path, method), statuses in STATUS_EXTENSIONS.items():
        operation = paths[path][method]
        assert operation["x-fanfare-consumer-api"] is True
        assert set(operation["responses"]) == {str(status) for status in statuses}
