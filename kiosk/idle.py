"""The quiet-time watch behind "Masih di sana?": a quiet time, then a countdown.

Time comes in as plain seconds from an injected clock (time.monotonic in the kiosk, a
fake in tests and rehearsals), so nothing here sleeps or reads the wall clock.
"""

from __future__ import annotations

import math


class IdleWatch:
    def __init__(self, *, idle_seconds: float, countdown_seconds: float) -> None:
        self.idle_seconds, self.countdown_seconds = idle_seconds, countdown_seconds
        self.last_activity = 0.0
        self.deadline: float | None = None

    def touch(self, now: float) -> None:
        """Someone touched the screen: the quiet time starts again, any countdown stops."""
        self.last_activity = now
        self.deadline = None

    @property
    def asking(self) -> bool:
        return self.deadline is not None

    def quiet(self, now: float) -> bool:
        return now - self.last_activity >= self.idle_seconds

    def ask(self, now: float) -> None:
        self.deadline = now + self.countdown_seconds

    def expired(self, now: float) -> bool:
        return self.deadline is not None and now >= self.deadline

    def seconds_left(self, now: float) -> int:
        if self.deadline is None:
            return 0
        return max(0, math.ceil(self.deadline - now))

    def stop(self) -> None:
        self.deadline = None
