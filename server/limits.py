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
