"""The venue's own /openapi.json is a valid OpenAPI 3.1 document that a client generator or
a fuzzer can use as it is: every `{param}` of a templated path is declared."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from kiosk.venue.demo import load_demo
from kiosk.venue.http.openapi import declare_path_parameters
from kiosk.venue.service import VenueService

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def undeclared_path_parameters(document: dict[str, Any]) -> list[str]:
    """`METHOD /path {param}` for each templated parameter an operation does not declare
    (on itself or on its path item) as a required path parameter with a schema."""
    missing = []
    for path, item in document["paths"].items():
        for method in (m for m in METHODS if m in item):
            declared = {
                p["name"]: p
                for p in [*item.get("parameters", []), *item[method].get("parameters", [])]
                if p.get("in") == "path"
            }
            for name in re.findall(r"\{([^{}]+)\}", path):
                parameter = declared.get(name)
                if not (parameter and parameter.get("required") is True and "schema" in parameter):
                    missing.append(f"{method.upper()} {path} {{{name}}}")
    return missing


@pytest.fixture
async def document(venue_http: httpx.AsyncClient) -> dict[str, Any]:
    response = await venue_http.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


async def test_every_templated_path_declares_its_parameters(document: dict[str, Any]) -> None:
    assert undeclared_path_parameters(document) == []


async def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises with the first problem it finds


async def test_ids_are_named_after_their_resource(document: dict[str, Any]) -> None:
    (queue,) = document["paths"]["/operator/queues/{id}"]["parameters"]
    assert queue["description"].startswith("The queue's id")
    (release,) = document["paths"]["/timed-releases/{timedReleaseId}/enter"]["parameters"]
    assert release["description"].startswith("The timed release's id")


def test_the_check_finds_an_undeclared_parameter() -> None:
    """The walk above fails for a path like the ones it guards, so a pass means something."""
    document = {"paths": {"/operator/things/{id}": {"get": {"responses": {}}}}}
    assert undeclared_path_parameters(document) == ["GET /operator/things/{id} {id}"]
    declare_path_parameters(document["paths"])
    assert undeclared_path_parameters(document) == []


def test_an_operation_that_declares_its_own_parameter_keeps_it() -> None:
    own = {"name": "name", "in": "path", "required": True, "schema": {"pattern": "^a$"}}
    paths = {"/media/{name}": {"get": {"parameters": [own], "responses": {}}}}
    declare_path_parameters(paths)
    assert "parameters" not in paths["/media/{name}"]
    assert paths["/media/{name}"]["get"]["parameters"] == [own]


def _answer_matches(document: dict[str, Any], path: str, method: str, answer: Any) -> None:
    responses = document["paths"][path][method]["responses"]
    assert str(answer.status_code) in responses, f"{answer.status_code} is not documented"
    schema = responses[str(answer.status_code)]["content"]["application/json"]["schema"]
    errors = list(Draft202012Validator(schema).iter_errors(answer.json()))
    assert not errors, errors[0].message


async def test_what_fuzzing_found_undocumented_is_documented(
    document: dict[str, Any], venue_http: httpx.AsyncClient, service: VenueService
) -> None:
    """POST /auth/draw-entry without or with a wrong key answered 401/403, which the
    document did not list; the operator's bid audit is a list, documented as an object."""
    body = {"experienceId": "x", "reference": "ABC123"}
    no_key = await venue_http.post("/auth/draw-entry", json=body)
    _answer_matches(document, "/auth/draw-entry", "post", no_key)
    wrong = await venue_http.post(
        "/auth/draw-entry", json=body, headers={"X-Publishable-Key": "pk_test_" + "0" * 32}
    )
    _answer_matches(document, "/auth/draw-entry", "post", wrong)
    load_demo(service)
    auction = service.distributions.of_mechanism("auction")[0].id
    bids = await venue_http.get(
        f"/operator/auctions/{auction}/bids",
        headers={"Authorization": f"Bearer {service.organization.secret_key}"},
    )
    _answer_matches(document, "/operator/auctions/{id}/bids", "get", bids)
