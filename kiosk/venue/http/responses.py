"""A wire body as a response, serialized once: pydantic writes the JSON bytes itself.

`JSONResponse(body.to_wire())` builds a dict of the body and then encodes it with the
standard `json` module: on a status poll, more time than the engine spent on the answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import Response

from kiosk.wire.base import WireResponse


def wire_response(body: WireResponse, headers: Mapping[str, str] | None = None) -> Response:
    """The same bytes a `JSONResponse(body.to_wire())` sends, with the same content type."""
    return Response(body.to_json(), media_type="application/json", headers=headers)
