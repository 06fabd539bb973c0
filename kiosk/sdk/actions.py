"""How a view reaches its journey: views carry data; their actions call back through a port.

A view never performs I/O itself. Each action asks the journey (the `ActionPort`) to run it,
and the journey first checks that its current view still offers that action.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, Self

from pydantic import BaseModel, ConfigDict, PrivateAttr

from kiosk.sdk.errors import ActionUnavailableError
from kiosk.wire.projection import AdmissionGrant


class ActionPort(Protocol):
    """What a view needs from its journey (implemented by `Journey`)."""

    def now(self) -> datetime: ...

    async def perform(self, owner: BoundModel, action: str, **arguments: Any) -> Any: ...

    def claim(self, owner: BoundModel) -> AdmissionGrant: ...

    async def lookup(self, owner: BoundModel, what: str, **arguments: Any) -> Any:
        """A read about the owner's distribution (no state change, so never stale)."""
        ...


class BoundModel(BaseModel):
    """A frozen model that may be attached to the journey that published it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    _port: ActionPort | None = PrivateAttr(default=None)

    def bind(self, port: ActionPort) -> Self:
        """Attach this model and the models inside it to `port` (the journey does this)."""
        self._port = port
        for value in self.__dict__.values():
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, BoundModel):
                    item.bind(port)
        return self

    def _journey(self) -> ActionPort:
        if self._port is None:
            raise ActionUnavailableError(
                "This view is not attached to a journey, so it has no actions to run. "
                "Use the views that Journey.view returns."
            )
        return self._port
