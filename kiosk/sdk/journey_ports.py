"""The mechanism ports one journey hands to its views, over the consumer client.

Most are the client's endpoint groups as they are; the queue's also remembers each answer
(the freshest position for the display), and the auction's `leave` withdraws from the
experience, because the consumer API has no auction leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kiosk.sdk.client import ConsumerClient
from kiosk.sdk.endpoints import QueueApi
from kiosk.sdk.ports import MechanismPorts
from kiosk.wire.distributions import AuctionConsumerState, QueueConsumerState


@dataclass
class QueueWatch:
    """The latest queue state the journey heard, and the cheap status polls since the last
    full refresh (`GET /consumers/me`)."""

    latest: tuple[str, QueueConsumerState] | None = None
    status_polls: int = 0


class WatchedQueuePort:
    """`QueuePort` that remembers each answer in the journey's `QueueWatch`."""

    def __init__(self, queues: QueueApi, watch: QueueWatch) -> None:
        self._queues = queues
        self._watch = watch

    async def enter(self, queue_id: str) -> QueueConsumerState:
        return self._note(queue_id, await self._queues.enter(queue_id))

    async def leave(self, queue_id: str) -> QueueConsumerState:
        return self._note(queue_id, await self._queues.leave(queue_id))

    def _note(self, queue_id: str, state: QueueConsumerState) -> QueueConsumerState:
        self._watch.latest = (queue_id, state)
        self._watch.status_polls = 0
        return state


class ExperienceAuctionPort:
    """`AuctionPort`: bids go to the auction; leaving withdraws from the experience."""

    def __init__(self, client: ConsumerClient, experience_id: str) -> None:
        self._client = client
        self._experience_id = experience_id

    async def bid(self, auction_id: str, amount: Decimal) -> AuctionConsumerState:
        return await self._client.auctions.bid(auction_id, amount)

    async def leave(self, auction_id: str) -> None:
        await self._client.leave_experience(self._experience_id)


def journey_ports(client: ConsumerClient, experience_id: str, watch: QueueWatch) -> MechanismPorts:
    return MechanismPorts(
        queue=WatchedQueuePort(client.queues, watch),
        draw=client.draws,
        timed_release=client.timed_releases,
        auction=ExperienceAuctionPort(client, experience_id),
        appointment=client.appointments,
        waitlist=client.waitlists,
    )
