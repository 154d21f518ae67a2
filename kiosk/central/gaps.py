"""Per kiosk: the contiguous high-water mark and the seq ranges missing below the highest seq.

Gaps report, they never block: records after a gap are stored as they come. The mark is
what a kiosk trusts (docs/sync-protocol.md, section 8): every seq at or below it is held
here; anything above it and not held must be sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, or_, select, union, update

from kiosk.central.schema import kiosks, quarantine, records


@dataclass(frozen=True)
class KioskGaps:
    kiosk_id: str
    high_water_mark: int
    max_seq: int
    missing: list[tuple[int, int]]     # inclusive (first, last) ranges, rising
    truncated: bool                    # more ranges than were listed

    def describe(self, t: Callable[[str], str] = str) -> str:
        """The missing ranges, "4-5, 7" ("and more" past the listed ones, "none" for none),
        the words through `t` (a page's PageText); English for the command line."""
        ranges = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.missing)
        more = " " + t("and more") if self.truncated else ""
        return ranges + more if ranges else t("none")


def kiosk_gaps(conn: Connection, kiosk_id: str, *, limit: int = 1000) -> KioskGaps:
    """The mark, the highest seq held, and up to `limit` missing ranges."""
    held = union(select(records.c.seq.label("seq")).where(records.c.kiosk_id == kiosk_id),
                 select(quarantine.c.seq.label("seq")).where(quarantine.c.kiosk_id == kiosk_id)
                 ).subquery()
    lagged = select(held.c.seq, func.lag(held.c.seq).over(order_by=held.c.seq).label("prev")
                    ).subquery()
    rows = conn.execute(select(lagged.c.prev, lagged.c.seq).where(or_(
        and_(lagged.c.prev.is_(None), lagged.c.seq > 1), lagged.c.seq - lagged.c.prev > 1))
        .order_by(lagged.c.seq).limit(limit + 1)).all()
    missing = [((prev or 0) + 1, seq - 1) for prev, seq in rows]
    max_seq = conn.execute(select(func.max(held.c.seq))).scalar() or 0
    hwm = conn.execute(select(kiosks.c.high_water_mark)
                       .where(kiosks.c.kiosk_id == kiosk_id)).scalar() or 0
    return KioskGaps(kiosk_id, hwm, max_seq, missing[:limit], len(missing) > limit)


def advance_high_water_mark(conn: Connection, kiosk_id: str) -> int:
    """Move the kiosk's contiguous high-water mark over every seq now held (records or
    quarantine) and return it. Derived from the rows themselves, so a database restored
    from an older backup gives the mark of what it really holds."""
    hwm = conn.execute(select(kiosks.c.high_water_mark)
                       .where(kiosks.c.kiosk_id == kiosk_id)).scalar_one()
    start = hwm
    # Most often the records above the mark run on without a hole: (kiosk_id, seq) is
    # unique, so their count and their highest seq say so (one index range).
    top, count = conn.execute(select(func.max(records.c.seq), func.count()).where(
        records.c.kiosk_id == kiosk_id, records.c.seq > hwm)).one()
    if count and count == top - hwm:
        hwm = top
    while True:
        held = sorted(set(conn.execute(select(records.c.seq).where(
            records.c.kiosk_id == kiosk_id, records.c.seq > hwm,
            records.c.seq <= hwm + 10_000)).scalars()) | set(conn.execute(
            select(quarantine.c.seq).where(quarantine.c.kiosk_id == kiosk_id,
                                           quarantine.c.seq > hwm,
                                           quarantine.c.seq <= hwm + 10_000)).scalars()))
        moved = hwm
        for seq in held:
            if seq != moved + 1:
                break
            moved = seq
        if moved == hwm:
            break
        hwm = moved
    if hwm != start:
        conn.execute(update(kiosks).where(kiosks.c.kiosk_id == kiosk_id)
                     .values(high_water_mark=hwm))
    return hwm
