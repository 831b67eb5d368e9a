"""Batches: slicing a sequence, working ahead on the next batches while one is consumed, and an
event loop in a thread for sync code that starts async work."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections import deque
from collections.abc import Callable, Coroutine, Generator, Iterable, Sequence
from itertools import islice
from types import TracebackType
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
B = TypeVar("B")
R = TypeVar("R", covariant=True)


class Pending(Protocol[R]):
    """Work under way: a `concurrent.futures.Future`, a Prefect future, ..."""

    def result(self) -> R: ...

    def cancel(self) -> bool: ...


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in slices of at most `size`, in order."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def pipelined(
    batches: Iterable[B], start: Callable[[B], Pending[R]], ahead: int = 2
) -> Generator[R, None, None]:
    """The results of `start(batch)` in batch order, with up to `ahead` batches started
    beyond the one being consumed: while the caller works on batch i, batches i+1 .. i+ahead
    are under way. At most ahead + 1 batches' results are in memory at once.

    When the caller stops early (an error, `close()`), work not yet consumed is cancelled.
    """
    source = iter(batches)
    started: deque[Pending[R]] = deque()
    try:
        for batch in islice(source, max(ahead, 1)):
            started.append(start(batch))
        while started:
            result = started.popleft().result()
            following = next(source, _END)
            if following is not _END:
                started.append(start(following))  # type: ignore[arg-type]
            yield result
    finally:
        for pending in started:
            pending.cancel()


_END = object()


def split_by(items: Sequence[T], key: Callable[[T], str], parts: int) -> list[list[T]]:
    """`items` in at most `parts` groups, no key in two groups (a batch split by host over
    workers: no host is fetched by two at once), the groups about equally long."""
    by_key: dict[str, list[T]] = {}
    for item in items:
        by_key.setdefault(key(item), []).append(item)
    groups: list[list[T]] = [[] for _ in range(max(1, min(parts, len(by_key))))]
    for members in sorted(by_key.values(), key=len, reverse=True):
        min(groups, key=len).extend(members)
    return [g for g in groups if g]


class LoopThread:
    """An asyncio event loop in a thread of its own: coroutines handed to it from sync code run
    there side by side (and share what lives on that loop, such as one async Fetcher)."""

    def __init__(self, name: str = "monitor-loop") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.submit(coro).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()

    def __enter__(self) -> LoopThread:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


__all__ = ["LoopThread", "Pending", "chunked", "pipelined", "split_by"]
