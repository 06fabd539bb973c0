"""Statuses the venue answers on Fanfare's consumer paths that Fanfare's file does not list
there (it lists 200, 400, 401, 403 and 500 almost everywhere). Each is a documented
extension, chosen over bending a listed status (docs/api-status-choices.md says why, case
by case); the venue's own `/openapi.json` lists them with their bodies. A contract test
keeps this table equal to what the contract cases really exercise."""

from __future__ import annotations

from typing import Any

# The bodies: 404/413/429 take the spec's `{error}` shape, 409/423 its conflict shape (the
# one the file declares on POST /auctions/{auctionId}/enter).
ERROR_BODY = "error"
CONFLICT_BODY = "conflict"

GENERIC: dict[int, tuple[str, str]] = {
    404: ("Unknown id: no such resource at this venue (`error: not_found`)", ERROR_BODY),
    409: ("Refused in the current state: `code` says why (e.g. QUEUE_CLOSED)", CONFLICT_BODY),
    413: ("The body is over 64 KiB (`error: payload_too_large`)", ERROR_BODY),
    423: ("Not open yet: `code` says what, `Retry-After` when to come back", CONFLICT_BODY),
    429: ("Full or too many tries: wait `Retry-After` seconds", ERROR_BODY),
}

_BODY = {404, 409, 413}  # what every consumer action path with a body and an id may answer

STATUS_EXTENSIONS: dict[tuple[str, str], dict[int, str]] = {
    ("/auth/guest", "post"): {413: ""},
    ("/auth/refresh", "post"): {413: ""},
    ("/auth/external/authorize", "post"): {413: ""},
    ("/consumers/{id}", "get"): {404: "No consumer with this id has ever had a session here"},
    ("/experiences/archived-status", "post"): {413: ""},
    ("/experiences/{experienceId}", "get"): {404: ""},
    ("/experiences/{experienceId}/route", "post"): {404: "", 413: ""},
    ("/experiences/{experienceId}/enter", "post"): {
        404: "",
        409: "EXPERIENCE_ARCHIVED or EXPERIENCE_CLOSED",
        413: "",
    },
    ("/experiences/{experienceId}/leave", "delete"): {
        404: "Unknown experience, or the consumer never joined it",
        409: "The mechanism refuses to let go (HIGHEST_BIDDER_CANNOT_LEAVE, DRAW_CLOSED, ...)",
        413: "",
    },
    ("/queues/{queueId}", "get"): {404: ""},
    ("/queues/{queueId}/enter", "post"): {
        404: "",
        409: "QUEUE_CLOSED, ALREADY_LEFT, SOLD_OUT, or a protected sequence not routed to",
        413: "",
        423: "QUEUE_NOT_OPEN: before the pre-queue opens",
        429: "Queue is full (QUEUE_FULL)",
    },
    ("/queues/{queueId}/leave", "post"): {404: "", 413: ""},
    ("/queues/{queueId}/status", "get"): {404: ""},
    ("/queues/{queueId}/admit", "post"): {
        404: "",
        409: "NOT_IN_QUEUE (not waiting) or SOLD_OUT (maxAdmissions reached)",
    },
    ("/queues/{queueId}/deny", "post"): {404: "", 409: "NOT_IN_QUEUE: not waiting nor granted"},
    ("/draws/{drawId}", "get"): {404: ""},
    ("/draws/{drawId}/enter", "post"): {**dict.fromkeys(_BODY, ""), 423: ""},
    ("/draws/{drawId}/leave", "post"): dict.fromkeys(_BODY, ""),
    ("/draws/{drawId}/status", "get"): {404: ""},
    ("/draws/{drawId}/deny", "post"): {404: "", 409: "NOT_IN_DRAW or DRAW_ENTRY_COMPLETED"},
    ("/auctions/{auctionId}", "get"): {404: ""},
    ("/auctions/{auctionId}/enter", "post"): {404: "", 413: "", 423: ""},
    ("/auctions/{auctionId}/bid", "post"): {
        404: "",
        409: "BID_TOO_LOW (details.minBid, details.currentHighest), AUCTION_CLOSED, ...",
        413: "",
        423: "AUCTION_NOT_STARTED",
    },
    ("/auctions/{auctionId}/status", "get"): {404: ""},
    ("/auctions/{auctionId}/current-price", "get"): {404: ""},
    ("/auctions/{auctionId}/highest-bid", "get"): {
        404: "Unknown auction, or no bid yet (`error: no_bids`)"
    },
    ("/auctions/{auctionId}/bids", "get"): {404: ""},
    ("/auctions/{auctionId}/bids/history", "get"): {404: ""},
    ("/timed-releases/{timedReleaseId}", "get"): {404: ""},
    ("/timed-releases/{timedReleaseId}/enter", "post"): {**dict.fromkeys(_BODY, ""), 423: ""},
    ("/timed-releases/{timedReleaseId}/leave", "post"): {404: "", 413: ""},
    ("/timed-releases/{timedReleaseId}/status", "get"): {404: ""},
    ("/appointments/{appointmentId}", "get"): {404: ""},
    ("/appointments/{appointmentId}/slots", "get"): {404: ""},
    ("/appointments/{appointmentId}/me", "get"): {404: ""},
    ("/appointments/{appointmentId}/book", "post"): {**dict.fromkeys(_BODY, ""), 423: ""},
    ("/appointments/{appointmentId}/cancel", "post"): dict.fromkeys(_BODY, ""),
    ("/appointments/{appointmentId}/reschedule", "post"): {**dict.fromkeys(_BODY, ""), 423: ""},
    ("/auth/otp/request", "post"): {
        429: "Too many codes for this email or phone (3 in 10 minutes): see Retry-After"
    },
    ("/waitlists/{waitlistId}/enter", "post"): {404: ""},
    ("/waitlists/{waitlistId}/leave", "delete"): {404: ""},
    ("/waitlists/{waitlistId}/status", "get"): {404: ""},
}


def status_extension_paths(error: dict[str, Any], conflict: dict[str, Any]) -> dict[str, Any]:
    """The table as OpenAPI path items: only the extra responses, each with its body."""
    schemas = {ERROR_BODY: error, CONFLICT_BODY: conflict}
    paths: dict[str, Any] = {}
    for (path, method), statuses in STATUS_EXTENSIONS.items():
        responses = {}
        for status, said in sorted(statuses.items()):
            generic, body = GENERIC[status]
            responses[str(status)] = {
                "description": said or generic,
                "content": {"application/json": {"schema": schemas[body]}},
            }
        paths.setdefault(path, {})[method] = {
            "summary": "Fanfare's consumer API (its file has the request, the 200 and the "
            "400/401/403/500 bodies); the responses here are the venue's extensions",
            "x-fanfare-consumer-api": True,
            "responses": responses,
        }
    return paths
