"""The quiet-time watch behind "Masih di sana?": a quiet time, then a countdown.

Time comes in as plain seconds from an injected clock (time.monotonic in the kiosk, a
fake in tests and rehearsals), so nothing here sleeps or reads the wall clock.
"""

from __future__ import annotations

import math

from kiosk.citizen.steps import IdleEvent


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

    def tick(self, now: float, *, hold: bool, ask_first: bool,
             something_to_forget: bool) -> IdleEvent | None:
        """What the quiet time means now.

        hold: keep waiting whatever the time (a submission on its way); ask_first: show
        the countdown before clearing (someone may be reading or typing); something to
        forget: without it a quiet screen is left alone (an untouched welcome).
        """
        if hold:
            return None
        if self.asking:
            if not self.expired(now):
                return None
        elif not self.quiet(now):
            return None
        elif ask_first:
            self.ask(now)
            return IdleEvent.ASK
        elif not something_to_forget:
            return None
        return IdleEvent.RESET
