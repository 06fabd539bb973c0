"""An ASGI app served by uvicorn on 127.0.0.1 inside the test's event loop.

For what ASGITransport cannot do: a streamed response (it collects the whole body before
answering, so an endless event stream would never return). The port is picked by the OS.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from starlette.types import ASGIApp

from kiosk.core.tasks import start_task


@asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[tuple[str, uvicorn.Server]]:
    """(base URL, server) while the app is served; stops it, streams included, on exit."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        access_log=False,
        date_header=False,  # the app writes `Date` on its own clock when given one
    )
    server = uvicorn.Server(config)
    task = start_task(server.serve(), name="uvicorn")
    for _ in range(500):  # bounded: a few seconds at most
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        # A graceful stop: sse-starlette sees it and ends the open streams with a goodbye.
        server.should_exit = True
        done, _ = await asyncio.wait({task}, timeout=10)
        if not done:
            server.force_exit = True
            await asyncio.wait_for(task, timeout=10)
