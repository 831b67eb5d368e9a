"""Batches: the overlap `monitor run` and the flow share, and splitting a batch by host."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor

from monitor.batches import LoopThread, chunked, pipelined, split_by


def test_results_come_in_batch_order_with_two_batches_under_way() -> None:
    started: list[int] = []
    lock = threading.Lock()
    seen_ahead: list[int] = []

    def work(batch: int) -> int:
        time.sleep(0.02 * (5 - batch % 5))  # later batches finish first
        return batch * 10

    with ThreadPoolExecutor(max_workers=4) as pool:

        def start(batch: int) -> Future[int]:
            with lock:
                started.append(batch)
            return pool.submit(work, batch)

        results = []
        for result in pipelined(range(7), start, ahead=2):
            # while a batch is consumed, the next two (no more) have been started
            seen_ahead.append(max(started) - result // 10)
            results.append(result)

    assert results == [0, 10, 20, 30, 40, 50, 60]
    assert seen_ahead == [2, 2, 2, 2, 2, 1, 0]


def test_stopping_early_cancels_what_was_started_ahead() -> None:
    gate = threading.Event()
    futures: list[Future[int]] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(gate.wait)  # keeps the only worker busy: what follows stays queued

        def start(batch: int) -> Future[int]:
            future: Future[int] = Future()
            if batch == 0:
                future.set_result(0)
            else:
                future = pool.submit(lambda: batch)
            futures.append(future)
            return future

        results = pipelined(range(10), start, ahead=2)
        assert next(results) == 0
        results.close()
        gate.set()
    assert len(futures) == 3  # batch 0 and the two ahead of it, nothing more
    assert all(f.cancelled() for f in futures[1:])


def test_coroutines_run_side_by_side_on_the_loop_thread() -> None:
    import asyncio

    async def nap(value: int) -> int:
        await asyncio.sleep(0.2)
        return value

    with LoopThread() as loop:
        began = time.monotonic()
        futures = [loop.submit(nap(n)) for n in range(5)]
        assert [f.result() for f in futures] == [0, 1, 2, 3, 4]
        # side by side: 0.2 s and some; one after another they would take 1.0 s (a busy CI
        # machine's pause is allowed for)
        assert time.monotonic() - began < 0.9


def test_chunks_and_host_disjoint_groups() -> None:
    assert chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    urls = [
        f"https://{host}/{n}" for host in ("a.example", "b.example", "c.example") for n in range(3)
    ]
    urls += ["https://www.a.example/9"]
    groups = split_by(urls, lambda u: u.split("/")[2].removeprefix("www."), 2)
    assert sorted(u for g in groups for u in g) == sorted(urls)
    hosts = [{u.split("/")[2].removeprefix("www.") for u in g} for g in groups]
    assert len(groups) == 2
    assert not hosts[0] & hosts[1]  # no host in two groups
