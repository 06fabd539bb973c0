"""The venue server's Prometheus metrics, in one object per app (its own registry: tests and
the embedded venue build many apps in one process, and the global registry would mix them).

Request latencies and rate-limit refusals are counted as they happen. Everything about the
venue itself (lines, entrants, admissions, grants, open streams) is read from the venue at
scrape time, so it is always what the venue holds, also after a restart or a restore.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from kiosk.venue.domain.errors import RefusedError
from kiosk.venue.services.figures import GRANT_STATUSES, DistributionFigures
from kiosk.venue.store import StoreError
from kiosk.venue.venue import Venue

log = logging.getLogger(__name__)

PREFIX = "kiosk_venue"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Where no route matched (a 404): the raw path is never a label (unbounded, and a mistyped
# URL may hold anything).
UNMATCHED = "unmatched"
STATES = ("scheduled", "open", "paused", "settling", "closed")


class VenueMetrics:
    """What the app records (`observe_request`), what others count (`count_rate_limited`),
    and the text `GET /metrics` serves (`render`)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._requests = Histogram(
            f"{PREFIX}_http_request_duration_seconds",
            "Time from a request's arrival to its response's start (an event stream's: to "
            "its first byte), by route template",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self._rate_limited = Counter(
            f"{PREFIX}_rate_limited",
            "Requests refused by a rate limit, by the limit that refused them",
            ["limit"],
            registry=self.registry,
        )
        self._watched = False

    def observe_request(self, method: str, route: str | None, status: int, seconds: float) -> None:
        method = method if method in METHODS else "OTHER"
        self._requests.labels(method, route or UNMATCHED, str(status)).observe(seconds)

    def count_rate_limited(self, limit: str) -> None:
        """One request refused by `limit` (a short fixed name, e.g. "consumer", "ip")."""
        self._rate_limited.labels(limit).inc()

    def watch(self, venue: Venue) -> None:
        """Read `venue`'s figures on every scrape (once per app)."""
        if not self._watched:
            self.registry.register(VenueCollector(venue))
            self._watched = True

    def render(self) -> bytes:
        return generate_latest(self.registry)


def _labels(f: DistributionFigures) -> list[str]:
    return [f.experience_id, f.distribution_id, f.mechanism]


class VenueCollector(Collector):
    """The venue's own figures, as of the scrape."""

    def __init__(self, venue: Venue) -> None:
        self._venue = venue

    def collect(self) -> Iterator[Metric]:
        streams = GaugeMetricFamily(
            f"{PREFIX}_event_streams_open", "Open event streams (GET /consumers/me/events)"
        )
        streams.add_metric([], self._venue.changes.listeners)
        yield streams
        up = GaugeMetricFamily(
            f"{PREFIX}_figures_up", "1 when the venue's figures below could be read"
        )
        try:
            figures = self._venue.figures.snapshot()
        except (RefusedError, StoreError) as exc:
            log.warning("metrics: the venue's figures could not be read: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from self._distributions(figures)
        yield from self._grants(figures)

    def _distributions(self, figures: list[DistributionFigures]) -> Iterator[Metric]:
        names = ["experience_id", "distribution_id", "mechanism"]
        state = GaugeMetricFamily(
            f"{PREFIX}_distribution_state",
            "1 for each distribution's current state (scheduled, open, paused, settling, closed)",
            labels=[*names, "state"],
        )
        waiting = GaugeMetricFamily(
            f"{PREFIX}_queue_length", "Consumers waiting in a queue's line", labels=names
        )
        entrants = GaugeMetricFamily(
            f"{PREFIX}_entrants",
            "Consumers who took part (entered, bid or booked), ever",
            labels=names,
        )
        admissions = CounterMetricFamily(
            f"{PREFIX}_admissions", "Consumers admitted (a grant issued), ever", labels=names
        )
        for f in figures:
            for name in STATES:
                state.add_metric([*_labels(f), name], 1 if f.state == name else 0)
            if f.waiting is not None:
                waiting.add_metric(_labels(f), f.waiting)
            entrants.add_metric(_labels(f), f.entrants)
            admissions.add_metric(_labels(f), f.admitted)
        yield from (state, waiting, entrants, admissions)

    def _grants(self, figures: list[DistributionFigures]) -> Iterator[Metric]:
        totals: dict[tuple[str, str], int] = {}
        for f in figures:
            for status in GRANT_STATUSES:
                key = (f.mechanism, status)
                totals[key] = totals.get(key, 0) + f.grants.get(status, 0)
        mechanisms = sorted({f.mechanism for f in figures})
        issued = CounterMetricFamily(
            f"{PREFIX}_grants_issued", "Grants issued, ever", labels=["mechanism"]
        )
        live = GaugeMetricFamily(
            f"{PREFIX}_grants_live",
            "Grants issued and not yet used or expired",
            labels=["mechanism"],
        )
        ended = {
            status: CounterMetricFamily(
                f"{PREFIX}_grants_{status}", f"Grants {status}, ever", labels=["mechanism"]
            )
            for status in ("redeemed", "expired", "revoked")
        }
        for mechanism in mechanisms:
            counts = {s: totals.get((mechanism, s), 0) for s in GRANT_STATUSES}
            issued.add_metric([mechanism], sum(counts.values()))
            live.add_metric([mechanism], counts["active"])
            for status, family in ended.items():
                family.add_metric([mechanism], counts[status])
        yield from (issued, live, *ended.values())
