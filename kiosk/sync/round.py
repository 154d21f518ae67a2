"""One sync round, as docs/sync-protocol.md section 10 describes it.

1. Ask the office for this kiosk's high-water mark and put back in the outbox whatever it
   lacks (the office's mark is the truth: a database restored from a backup is refilled).
2. Send the outbox in rising seq, batch by batch (a bundle container, kiosk/export/bundle.py
   build_batch), one at a time; from each verified reply remove `accepted` and `duplicate`
   records from the outbox and park `conflict` ones with the office's reason. A batch the
   office finds too large (413) or refuses as a whole (422) is split in halves, down to the
   one record that is refused, which is parked: nothing blocks the rest.
3. Read the complaint feed after the stored cursor until it is empty; keep the answers.

Any other failure stops the round (the worker tries again later); what was answered stays
answered. A record the office's reply does not mention stays in the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.event.clock import Clock
from kiosk.event.config import Config
from kiosk.export.bundle import build_batch
from kiosk.records import answers, outbox
from kiosk.records.record import Record
from kiosk.records.store import Store
from kiosk.sync.client import TIMEOUT_S, CentralClient
from kiosk.sync.enrollment import Enrollment, load_enrollment
from kiosk.sync.errors import (
    BatchRefused,
    BatchTooLarge,
    Incomplete,
    NotEnrolled,
    NotTheOffice,
    SyncError,
    WrongKiosk,
)
from kiosk.sync.status import note_failure, note_success

log = logging.getLogger(__name__)
BATCH_RECORDS = 2000            # the kiosk's own cap on one batch (the office's may be lower)
INDEX_BYTES = 150               # a record's entry in the manifest's index
BATCH_OVERHEAD = 8192           # manifest fields, signature, zip headers
FEED_PAGE = 500
FEED_PAGES = 10_000             # a bound, so a confused office cannot keep a round going
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RoundResult:
    """What one round did. ok: every step finished and every reply verified; error: why
    not (a SyncError, translated with Translator.error). Counts are of records."""

    ok: bool
    error: SyncError | None = None
    requeued: int = 0
    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    conflict: int = 0
    batches: int = 0
    answers: int = 0


class Syncer:
    """Sync rounds for one kiosk over one thread's store connection.

    keys_dir: where the enrollment lives (the kiosk's keys folder); signing_key: the
    kiosk's Ed25519 key (called once per round; kiosk/booth/build.py Booth.signing_key);
    server: another address than the enrolled one (`kiosk sync --server URL`); timeout:
    seconds to wait for each answer; transport: an httpx transport (tests).
    """

    def __init__(self, *, store: Store, config: Config, clock: Clock, keys_dir: Path,
                 signing_key: Callable[[], Ed25519PrivateKey], server: str | None = None,
                 timeout: float = TIMEOUT_S, transport: Any = None,
                 batch_records: int = BATCH_RECORDS) -> None:
        self.store, self.config, self.clock = store, config, clock
        self.keys_dir, self.signing_key = Path(keys_dir), signing_key
        self.server, self.timeout, self.transport = server, timeout, transport
        self.batch_records = batch_records

    def enrollment(self) -> Enrollment:
        """This kiosk's enrollment (at `server` when given); NotEnrolled or WrongKiosk."""
        enrollment = load_enrollment(self.keys_dir)
        if enrollment is None:
            raise NotEnrolled()
        if enrollment.kiosk_id != self.store.kiosk_id:
            raise WrongKiosk(enrolled=enrollment.kiosk_id, kiosk=self.store.kiosk_id)
        return enrollment.with_url(self.server)

    def enrolled_server(self) -> str | None:
        """The office's address, None when not enrolled (or the file is unreadable)."""
        try:
            found = load_enrollment(self.keys_dir)
        except SyncError:
            return None
        return None if found is None else (self.server or found.url)

    def run(self, *, progress: Progress | None = None) -> RoundResult:
        """One round; never raises a SyncError (the result carries it)."""
        counts = _Counts()
        try:
            enrollment = self.enrollment()
            with CentralClient(enrollment.url, token=enrollment.token,
                               signing_key_b64=enrollment.central_signing_key,
                               timeout=self.timeout, transport=self.transport) as client:
                counts.requeued = self._requeue(client.state())
                self._send(client, enrollment, counts, progress)
                counts.answers = self._feed(client)
        except SyncError as exc:
            # A retried failure (no network) is routine; one a person must fix is a warning.
            log.log(logging.INFO if exc.retry else logging.WARNING, "sync round stopped: %s",
                    exc)
            note_failure(self.store, exc, self.clock.now())
            return counts.result(ok=False, error=exc)
        note_success(self.store, self.clock.now())
        log.info("sync round: %d sent (%d accepted, %d duplicate, %d conflict), %d queued "
                 "again, %d complaint answers", counts.sent, counts.accepted, counts.duplicate,
                 counts.conflict, counts.requeued, counts.answers)
        return counts.result(ok=True)

    # -- 1. the office's high-water mark --------------------------------------------------
    def _requeue(self, state: dict) -> int:
        hwm, top = state.get("high_water_mark"), state.get("max_seq")
        missing = state.get("missing")
        if state.get("kiosk_id") != self.store.kiosk_id or type(hwm) is not int \
                or type(top) is not int or not isinstance(missing, list) \
                or not all(isinstance(r, list) and len(r) == 2 and all(type(x) is int for x in r)
                           for r in missing):
            raise NotTheOffice(status=200, why="the state reply is malformed")
        now = self.clock.now()
        if state.get("missing_truncated"):
            return outbox.requeue(self.store, missing=[], above=hwm, now=now)
        return outbox.requeue(self.store, missing=[(a, b) for a, b in missing], above=top,
                              now=now)

    # -- 2. batches ----------------------------------------------------------------------------
    def _send(self, client: CentralClient, enrollment: Enrollment, counts: _Counts,
              progress: Progress | None) -> None:
        store, config = self.store, self.config
        cap = max(1, min(self.batch_records, enrollment.max_batch_records))
        limit, after, unanswered = cap, 0, 0
        key, central = self.signing_key(), enrollment.central_key()
        total = outbox.pending_count(store)
        if progress:
            progress(0, total)
        while True:
            records = _fit(outbox.next_records(store, after_seq=after, limit=limit),
                           enrollment.max_batch_bytes)
            if not records:
                break
            data = build_batch(records, signing_key=key, central_key=central,
                               kiosk_id=store.kiosk_id, kiosk_number=config.kiosk.number,
                               event=config.event, now=self.clock.now()).data
            try:
                reply = client.post_batch(data)
            except (BatchTooLarge, BatchRefused) as exc:
                if len(records) > 1:
                    limit = max(1, len(records) // 2)        # split, never the same bytes
                    if isinstance(exc, BatchTooLarge):
                        cap = limit                          # the office takes no more
                    continue
                why = exc.params.get("detail") or exc.key
                outbox.park(store, [(records[0].seq, f"refused by the office ({why})")],
                            now=self.clock.now())
                counts.conflict += 1
                after = records[0].seq
                continue
            unanswered += self._apply(records, reply, counts)
            counts.batches += 1
            counts.sent += len(records)
            after = records[-1].seq
            limit = min(cap, limit * 2)
            if progress:
                progress(counts.sent, max(total, counts.sent))
        if unanswered:
            raise Incomplete(count=unanswered)

    def _apply(self, records: Sequence[Record], reply: dict, counts: _Counts) -> int:
        """Acknowledge and park by the reply's per-record results; the number of records
        the reply does not answer (they stay in the outbox)."""
        results = reply.get("results")
        if reply.get("kiosk_id") != self.store.kiosk_id or not isinstance(results, list):
            raise NotTheOffice(status=200, why="the batch reply is malformed")
        found = {(r.get("seq"), r.get("uuid")): r for r in results if isinstance(r, dict)}
        done, conflicts, missing = [], [], 0
        for rec in records:
            answer = found.get((rec.seq, rec.uuid))
            result = answer.get("result") if answer else None
            if result in ("accepted", "duplicate"):
                done.append(rec.seq)
                if result == "accepted":
                    counts.accepted += 1
                else:
                    counts.duplicate += 1
            elif result == "conflict":
                conflicts.append((rec.seq, str(answer.get("reason") or "conflict")))
            else:
                missing += 1
        outbox.acknowledge(self.store, done)
        outbox.park(self.store, conflicts, now=self.clock.now())
        counts.conflict += len(conflicts)
        return missing

    # -- 3. complaint answers ------------------------------------------------------------------
    def _feed(self, client: CentralClient) -> int:
        cursor, stored = answers.feed_cursor(self.store), 0
        for _ in range(FEED_PAGES):
            page = client.complaints(after=cursor, limit=FEED_PAGE)
            items, new = page.get("items"), page.get("cursor")
            if not isinstance(items, list) or type(new) is not int or new < cursor:
                raise NotTheOffice(status=200, why="the complaint feed reply is malformed")
            if not items:
                break
            stored += answers.store_feed_page(self.store, items, new)
            if new == cursor:
                break
            cursor = new
        return stored


def _fit(records: list[Record], max_bytes: int) -> list[Record]:
    """The longest head of `records` whose batch stays under the office's byte limit."""
    budget = max_bytes - BATCH_OVERHEAD
    size = 0
    for n, rec in enumerate(records):
        size += len(rec.payload_json) * 2 + 400 + INDEX_BYTES     # JSON escaping, fields
        if size > budget and n:
            return records[:n]
    return records


class _Counts:
    def __init__(self) -> None:
        self.requeued = self.sent = self.accepted = self.duplicate = self.conflict = 0
        self.batches = self.answers = 0

    def result(self, *, ok: bool, error: SyncError | None = None) -> RoundResult:
        return RoundResult(ok, error, self.requeued, self.sent, self.accepted, self.duplicate,
                           self.conflict, self.batches, self.answers)

