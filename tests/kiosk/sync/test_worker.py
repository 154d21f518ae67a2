"""The sync worker's timing: rounds on its own timer while nobody writes, waits doubling
from about 5 s to about 15 min with jitter, back to normal after a success, the office's
Retry-After honoured, a broken enrollment not hammered, "Sync now" at once."""

from __future__ import annotations

import random
import threading
import time

import pytest

from kiosk.central.kiosks import revoke_kiosk
from kiosk.sync.worker import BASE_S, CAP_S, INTERVAL_S, JITTER, Backoff, SyncWorker
from tests.helpers import fault_proxy as faults
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.sync import assert_central_equals_kiosk, enroll_at, free_port


def test_backoff_doubles_from_five_seconds_to_fifteen_minutes_with_jitter():
    """5, 10, 20, ... nominal seconds, each 80-120 %, never above 15 min; reset to ~5 s."""
    backoff = Backoff(rng=random.Random(13))
    waits = [backoff.next() for _ in range(14)]
    for n, wait in enumerate(waits):
        nominal = min(CAP_S, BASE_S * 2 ** n)
        assert nominal * (1 - JITTER) <= wait <= min(CAP_S, nominal * (1 + JITTER))
    assert waits[-1] >= CAP_S * (1 - JITTER) and max(waits) <= CAP_S
    assert len({round(w, 3) for w in waits[:6]}) == 6            # jittered, all different
    backoff.reset()
    assert BASE_S * (1 - JITTER) <= backoff.next() <= BASE_S * (1 + JITTER)


class FakeTimer:
    """The worker's wait and clock: no real sleeping; every wait is recorded and then
    passes in full (nobody touched the kiosk); `script` may act at a given wait."""

    def __init__(self, worker_ref: list, *, stop_after: int,
                 script: dict[int, object] | None = None) -> None:
        self.now, self.waits, self.ref = 1000.0, [], worker_ref
        self.rounds_at: list[int] = []          # rounds done when each wait began
        self.stop_after, self.script = stop_after, script or {}

    def monotonic(self) -> float:
        return self.now

    def wait(self, event: threading.Event, timeout: float | None) -> bool:
        if event.is_set():
            return True
        self.waits.append(timeout)
        self.rounds_at.append(self.ref[0].rounds)
        action = self.script.get(len(self.waits))
        if action is not None:
            action()
        if len(self.waits) >= self.stop_after:
            self.ref[0].stop()
            return True
        self.now += timeout if timeout is not None else INTERVAL_S
        return False


def _worker(kiosk, timer_args, *, server=None, **options) -> tuple[SyncWorker, FakeTimer]:
    ref: list = []
    timer = FakeTimer(ref, **timer_args)
    worker = SyncWorker(lambda: kiosk.booth.syncer(server=server, timeout=2), wait=timer.wait,
                        monotonic=timer.monotonic, backoff=Backoff(rng=random.Random(3)),
                        **options)
    ref.append(worker)
    return worker, timer


def test_without_network_the_worker_keeps_trying_on_its_own_timer(office, live, kiosk):
    """No office reachable and nobody using the kiosk: a round after each wait, the waits
    doubling; when the network comes back the next timed round delivers everything and
    the wait goes back to the regular interval."""
    enroll_at(office, kiosk, live)
    dead = f"http://127.0.0.1:{free_port()}"
    holder: dict = {}

    def network_back() -> None:
        holder["syncer"].server = live

    worker, timer = _worker(kiosk, {"stop_after": 8, "script": {6: network_back}},
                            server=dead)
    original = worker.make_syncer

    def make():
        holder["syncer"] = original()
        return holder["syncer"]

    worker.make_syncer = make
    worker.run()
    # wait 1: the first round, at once; waits 2-6 follow its failures (the network is
    # back during wait 6); wait 7 follows the success, wait 8 ends the test
    assert timer.waits[0] == 0
    failures = timer.waits[1:6]
    for n, wait in enumerate(failures):
        nominal = BASE_S * 2 ** n
        assert nominal * (1 - JITTER) <= wait <= nominal * (1 + JITTER), timer.waits
    assert timer.waits[6] == INTERVAL_S and worker.backoff.failures == 0
    assert worker.rounds == 7                     # 5 failed, 1 delivered, 1 with nothing new
    assert_central_equals_kiosk(office, kiosk)


def test_the_offices_retry_after_is_honoured(office, live, kiosk):
    """A 503 with Retry-After: 120 makes the next wait at least two minutes."""
    enroll_at(office, kiosk, live)
    with FaultProxy(live) as proxy:
        proxy.next("GET", "/api/v1/state", faults.status(503, retry_after=120))
        worker, timer = _worker(kiosk, {"stop_after": 3}, server=proxy.url)
        errors_seen: list = []
        worker.add_listener(lambda s: errors_seen.append(s.last_error and s.last_error.key))
        worker.run()
    assert "sync.office_busy" in errors_seen
    assert timer.waits[1] >= 120 > BASE_S * (1 + JITTER)
    assert worker.rounds == 2 and worker.last_result.ok


def test_a_broken_enrollment_is_not_hammered(office, live, kiosk):
    """Revoked at the office: one round says so in words; then no round by the timer
    until the kiosk is enrolled again, which the worker notices by itself."""
    enroll_at(office, kiosk, live)
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=kiosk.kiosk_id, now=office.now(), actor="cli:test")

    def enroll_again() -> None:
        time.sleep(0.01)                         # a new file time for the enrollment
        enroll_at(office, kiosk, live)

    worker, timer = _worker(kiosk, {"stop_after": 7, "script": {4: enroll_again}})
    seen: list = []
    worker.add_listener(lambda status: seen.append(status))
    worker.run()
    # one round (refused), two quiet waits, enrolled again during wait 4: rounds resume
    assert timer.rounds_at == [0, 1, 1, 1, 2, 3, 4] and worker.last_result.ok
    broken = [s.last_error for s in seen if s.last_error is not None]
    assert broken and broken[0].key == "sync.enrollment_broken"
    assert any(s.next_attempt_s is None for s in seen)           # nothing scheduled meanwhile
    assert_central_equals_kiosk(office, kiosk)


def test_sync_now_runs_a_round_at_once_in_a_long_wait(office, live, kiosk):
    """The officer's Sync now does not wait out a 15-minute backoff; rounds run on the
    worker's own thread."""
    enroll_at(office, kiosk, live)
    holder: dict = {}
    threads: list[str] = []

    def make():
        holder["syncer"] = kiosk.booth.syncer(server=f"http://127.0.0.1:{free_port()}",
                                              timeout=2)
        return holder["syncer"]

    worker = SyncWorker(make, backoff=Backoff(base=CAP_S))
    worker.add_listener(lambda _s: threads.append(threading.current_thread().name))
    worker.start()
    try:
        _until(lambda: worker.rounds == 1)
        assert not worker.last_result.ok
        holder["syncer"].server = live
        worker.sync_now()
        _until(lambda: worker.rounds == 2, seconds=60)
        assert worker.last_result.ok
    finally:
        assert worker.stop(timeout=30)
    assert set(threads) == {"kiosk-sync"}
    assert_central_equals_kiosk(office, kiosk)


def _until(condition, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.02)
