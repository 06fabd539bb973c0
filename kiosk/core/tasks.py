"""A small task scope: named tasks with strong references, one per name at a time.

Starting a task under a name that is still running cancels the predecessor first (a second
tap replaces the first, it does not run beside it). Failures are logged, never lost. The
owner cancels the scope on reset and awaits it on close.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


def start_task(coro: Coroutine[Any, Any, T], *, name: str) -> asyncio.Task[T]:
    """The one place a bare task is created; the caller keeps the reference and awaits it."""
    return asyncio.create_task(coro, name=name)


class TaskScope:
    def __init__(self, name: str) -> None:
        self._name = name
        self._tasks: dict[str, asyncio.Task[Any]] = {}
        self._closed = False

    def __repr__(self) -> str:
        return f"TaskScope({self._name!r}, running={sorted(self._tasks)})"

    @property
    def names(self) -> list[str]:
        return sorted(name for name, task in self._tasks.items() if not task.done())

    def pending(self) -> list[asyncio.Task[Any]]:
        """The tasks still running."""
        return [task for task in self._tasks.values() if not task.done()]

    def running(self, name: str) -> bool:
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def spawn(self, name: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `coro` as the task `name`, cancelling a running task of the same name."""
        if self._closed:
            coro.close()
            raise RuntimeError(f"the task scope {self._name!r} is closed")
        previous = self._tasks.get(name)
        if previous is not None and not previous.done():
            previous.cancel()
        task = start_task(coro, name=f"{self._name}:{name}")
        self._tasks[name] = task
        task.add_done_callback(lambda done: self._finished(name, done))
        return task

    def cancel(self, name: str) -> None:
        task = self._tasks.get(name)
        if task is not None and not task.done():
            task.cancel()

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every running task; returns them so the caller can await them."""
        current = asyncio.current_task()
        tasks = [task for task in self._tasks.values() if not task.done() and task is not current]
        for task in tasks:
            task.cancel()
        return tasks

    async def aclose(self) -> None:
        """Cancel every task and wait until all of them have finished."""
        self._closed = True
        tasks = self.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()

    def _finished(self, name: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            logger.error("task %s failed", task.get_name(), exc_info=error)
