"""Run work from many threads at once (the races' tests and benchmarks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_concurrently(
    n: int, work: Callable[[int], Any], *, threads: int = 32
) -> list[tuple[str, Any]]:
    """``work(i)`` for i in 0..n-1, from ``threads`` threads released together; each
    thread takes the next i until none is left. Returns ("ok", result) or ("error", exc)
    per i."""
    outcomes: list[tuple[str, Any]] = [("error", None)] * n
    barrier = threading.Barrier(min(threads, n))
    lock = threading.Lock()
    counter = iter(range(n))

    def run() -> None:
        try:
            barrier.wait()
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                try:
                    outcomes[i] = ("ok", work(i))
                except Exception as exc:  # the caller counts the failures
                    outcomes[i] = ("error", exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=run) for _ in range(min(threads, n))]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return outcomes
