"""The central database's helpers: ids taken for a bulk insert."""

from __future__ import annotations

from sqlalchemy import insert, text

from kiosk.central.database import allocate_ids
from kiosk.central.schema import bundles, kiosks


def test_ids_taken_for_an_insert_are_the_ones_the_table_would_give(office):
    """allocate_ids, each time followed by the insert: rising, never given twice, also
    when the values do not follow each other (on PostgreSQL another transaction may take
    some in between: here the sequence steps by 2); a row inserted without an id
    afterwards gets a new one."""
    row = dict(bundle_id="b", kiosk_id="k00000001", format="f", channel="stick",
               size_bytes=1, received_utc="x", created_utc="x", manifest_sha256="0",
               seq_first=1, seq_last=1, record_count=1, accepted=1, duplicate=0, conflict=0)
    with office.db.write() as conn:
        conn.execute(insert(kiosks).values(kiosk_id="k00000001", public_key="x",
                                           status="active", enrolled_utc="x"))
        first = allocate_ids(conn, bundles, 3)
        for rid in first:
            conn.execute(insert(bundles).values(id=rid, file_sha256=f"{rid}", **row))
        if office.db.is_postgresql:
            conn.execute(text("ALTER SEQUENCE bundles_id_seq INCREMENT BY 2"))
        second = allocate_ids(conn, bundles, 3)
        for rid in second:
            conn.execute(insert(bundles).values(id=rid, file_sha256=f"{rid}", **row))
        later = conn.execute(insert(bundles).values(file_sha256="later", **row)
                             .returning(bundles.c.id)).scalar_one()
    assert first == sorted(first) and len(set(first + second)) == 6
    assert second == ([first[-1] + 2, first[-1] + 4, first[-1] + 6]
                      if office.db.is_postgresql else [4, 5, 6])
    assert later > max(second)
