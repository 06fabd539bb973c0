"""The two documents the fuzzer reads, and who may call each operation.

Fanfare's consumer file lists 200/400/401/403/500 almost everywhere; the venue also answers
404, 409, 413, 423 and 429 there, each a documented extension (docs/api-status-choices.md)
that the venue's own /openapi.json lists on those paths (`x-fanfare-consumer-api`). The
fuzzer checks the venue's answers on Fanfare's paths against Fanfare's file *plus* exactly
those extensions, so an undocumented status or body still fails, and checks our own paths
against /openapi.json without them (Fanfare's file defines their requests and 200s).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FANFARE_FILE = Path(__file__).parents[1] / "contract" / "fanfare-consumer-api.json"
METHODS = ("get", "put", "post", "delete", "patch")

# Fanfare's paths that take the secret key ("server-side secret key, depending on the
# endpoint"): a server vouching for a member, a consumer's record, admitting or denying.
SECRET_KEY_OPERATIONS = {
    ("/auth/external/authorize", "post"),
    ("/consumers/{id}", "get"),
    ("/queues/{queueId}/admit", "post"),
    ("/queues/{queueId}/deny", "post"),
    ("/draws/{drawId}/deny", "post"),
}


def fanfare_with_extensions(served: dict[str, Any]) -> dict[str, Any]:
    """Fanfare's file with the venue's documented extra statuses added to its paths (never
    replacing a status the file lists)."""
    document = _draft_2020_12(json.loads(FANFARE_FILE.read_text()))
    for path, item in served["paths"].items():
        for method in METHODS:
            extension = item.get(method)
            if not extension or not extension.get("x-fanfare-consumer-api"):
                continue
            responses = document["paths"][path][method]["responses"]
            for status, response in extension["responses"].items():
                responses.setdefault(status, copy.deepcopy(response))
    return document


def _draft_2020_12(node: Any) -> Any:
    """Fanfare's file (OpenAPI 3.1, so JSON Schema 2020-12) has `"items": []` on the route
    answer's `offers`: the pre-2020 tuple form with no positional schemas, which constrains
    no element. 2020-12 validators refuse it as written (`items` must be a schema, and an
    empty `prefixItems` is not allowed either), so it is dropped, keeping its meaning."""
    if isinstance(node, dict):
        if node.get("items") == []:
            node = {key: value for key, value in node.items() if key != "items"}
        return {key: _draft_2020_12(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_draft_2020_12(value) for value in node]
    return node


def venue_extensions(served: dict[str, Any]) -> dict[str, Any]:
    """The served /openapi.json without the operations that only add statuses to Fanfare's
    paths (fuzzed with Fanfare's file instead)."""
    document = copy.deepcopy(served)
    for path in list(document["paths"]):
        item = document["paths"][path]
        for method in METHODS:
            if item.get(method, {}).get("x-fanfare-consumer-api"):
                del item[method]
        if not any(method in item for method in METHODS):
            del document["paths"][path]
    return document


def credentials(operation: dict[str, Any], path: str, method: str) -> set[str]:
    """What an operation is called with: 'publishable', 'consumer' and/or 'secret'."""
    if (path, method) in SECRET_KEY_OPERATIONS:
        return {"secret"}
    schemes = {name for need in operation.get("security", [{}]) for name in need}
    if "security" not in operation:  # Fanfare's file names none: its consumer paths
        return {"publishable", "consumer"}
    return {
        {"SecretKey": "secret", "ConsumerBearer": "consumer", "PublishableKey": "publishable"}[
            scheme
        ]
        for scheme in schemes
    }
