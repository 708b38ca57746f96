"""Per-client rate limit and request body size: cheap refusals before any work is done."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """A token bucket per client address: ``per_minute`` requests, refilled continuously.

    A bucket holds at most ``per_minute`` tokens, so a quiet client may burst that many.
    ``per_minute <= 0`` switches the limit off.
    """

    def __init__(self, per_minute: int, max_clients: int = 10_000) -> None:
        self.per_minute = per_minute
        self.rate = per_minute / 60.0  # tokens per second
        self.max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, last seen)
        self._lock = threading.Lock()

    def check(self, client: str, now: float | None = None) -> float:
        """Take one token for ``client``: 0.0 when allowed, else seconds until the next one."""
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                allowed = True
            else:
                self._buckets[client] = (tokens, now)
                allowed = False
            if len(self._buckets) > self.max_clients:
                self._forget_full(now)
        return 0.0 if allowed else (1.0 - tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled: they are indistinguishable from new ones."""
        full = [c for c, (t, last) in self._buckets.items()
                if t + (now - last) * self.rate >= self.per_minute]
        for client in full:
            del self._buckets[client]


def retry_after_header(seconds: float) -> str:
    """``Retry-After`` takes whole seconds; never 0, or clients retry at once."""
    return str(max(1, math.ceil(seconds)))


def body_too_large(content_length: int | None, limit: int) -> bool:
    """True when a declared body exceeds ``limit`` bytes (Flask enforces undeclared ones)."""
    return content_length is not None and content_length > limit


class OverBudget(Exception):
    """A client has used its query time for now; ``retry_after`` seconds until it may ask."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"this address has used its query time; retry in {retry_after:.0f} s")
        self.retry_after = retry_after


class NoWorker(Exception):
    """No worker became free for this client within the wait bound."""


class FairScheduler:
    """Who may take a query worker, and when: fairness between client addresses.

    * **Concurrency**: one client holds at most ``per_client`` workers at once.
    * **Time budget** (as Wikidata's query service does): each client has ``budget`` seconds
      of worker time per minute, a bucket refilled continuously; the time a query held its
      worker is taken out when it ends. A client whose bucket is empty gets a 429 with
      ``Retry-After`` until it has time again. ``budget <= 0`` switches this off.
    * **A reserve for light clients**: a client that has used more than ``heavy_seconds`` of
      its bucket recently may not take the last free worker, so two clients repeating a
      runaway query hold at most ``slots - 1`` workers between them and everyone else's
      cheap queries find a free one.
    * **A bounded wait**: a request waits at most ``wait`` seconds for a worker it may take,
      then gets a 503 with ``Retry-After``; and at most ``max_waiting`` requests of one client
      wait at once (a further one gets the 503 at once), so that one client holds at most
      ``per_client + max_waiting`` request threads and two abusive clients cannot take all of
      the server's threads while they wait (``serve --threads``, default 32). The default of 8
      lets a browser's six parallel connections and a script's eight through.
    """

    def __init__(self, slots: int, per_client: int = 2, wait: float = 5.0,
                 budget: float = 30.0, heavy_seconds: float = 2.0,
                 max_clients: int = 10_000, max_waiting: int = 8) -> None:
        self.slots = max(1, slots)
        self.per_client = max(1, per_client)
        self.wait = wait
        self.budget = budget
        self.rate = budget / 60.0
        self.heavy_seconds = heavy_seconds
        self.reserve = 1 if self.slots > 1 else 0
        self.max_clients = max_clients
        self.max_waiting = max(0, max_waiting)
        self._busy = 0
        self._running: dict[str, int] = {}
        self._waiting: dict[str, int] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (balance, when)
        self._cond = threading.Condition()

    def _balance(self, client: str, now: float) -> float:
        balance, when = self._buckets.get(client, (self.budget, now))
        return min(self.budget, balance + (now - when) * self.rate)

    def _heavy(self, client: str, now: float) -> bool:
        return self.budget > 0 and self.budget - self._balance(client, now) > self.heavy_seconds

    def _may_start(self, client: str, now: float) -> bool:
        free = self.slots - self._busy
        if free <= 0 or self._running.get(client, 0) >= self.per_client:
            return False
        return free > self.reserve or not self._heavy(client, now)

    def acquire(self, client: str) -> None:
        """Take a slot for ``client``; OverBudget or NoWorker when it may not."""
        deadline = time.monotonic() + self.wait
        with self._cond:
            now = time.monotonic()
            if self.budget > 0:
                balance = self._balance(client, now)
                if balance <= 0:
                    raise OverBudget((1.0 - balance) / self.rate)
            if not self._may_start(client, now):
                if self._waiting.get(client, 0) >= self.max_waiting:
                    raise NoWorker
                self._waiting[client] = self._waiting.get(client, 0) + 1
                try:
                    while not self._may_start(client, now):
                        remaining = deadline - now
                        if remaining <= 0:
                            raise NoWorker
                        self._cond.wait(remaining)
                        now = time.monotonic()
                finally:
                    left = self._waiting[client] - 1
                    if left:
                        self._waiting[client] = left
                    else:
                        del self._waiting[client]
            self._busy += 1
            self._running[client] = self._running.get(client, 0) + 1

    def release(self, client: str, seconds: float) -> None:
        """Give the slot back and charge ``client`` for ``seconds`` of worker time."""
        with self._cond:
            now = time.monotonic()
            self._busy -= 1
            left = self._running.get(client, 1) - 1
            if left:
                self._running[client] = left
            else:
                self._running.pop(client, None)
            if self.budget > 0:
                self._buckets[client] = (self._balance(client, now) - seconds, now)
                if len(self._buckets) > self.max_clients:
                    full = [c for c in self._buckets
                            if c not in self._running and self._balance(c, now) >= self.budget]
                    for c in full:
                        del self._buckets[c]
            self._cond.notify_all()
