"""How a view reaches its journey: views carry data; their actions call back through ports.

A view never performs I/O itself. A journey-stage action asks the journey (its
`JourneyPort`); a sequence action sends one typed call through its mechanism's port, which
the journey runs only while its current view still offers that action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from kiosk.sdk.errors import ActionUnavailableError

if TYPE_CHECKING:
    from kiosk.sdk.ports import JourneyPort

P = TypeVar("P")

_NOT_ATTACHED = (
    "This view is not attached to a journey, so it has no actions to run. "
    "Use the views that Journey.view returns."
)


def attached(port: P | None) -> P:
    """`port`, or the error a view raises when it was built outside a journey."""
    if port is None:
        raise ActionUnavailableError(_NOT_ATTACHED)
    return port


class BoundModel(BaseModel):
    """A frozen model that may be attached to the journey that published it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    _port: JourneyPort | None = PrivateAttr(default=None)

    def bind(self, port: JourneyPort) -> Self:
        """Attach this model and the models inside it to `port` (the journey does this)."""
        self._port = port
        for value in self.__dict__.values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, BoundModel):
                    item.bind(port)
        return self

    def _journey(self) -> JourneyPort:
        return attached(self._port)
