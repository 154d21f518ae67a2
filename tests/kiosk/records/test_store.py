"""The store: WAL and FULL sync, migrations by user_version, append-only records, outbox."""

from __future__ import annotations

import hashlib
import json

import pytest

from kiosk.records.migrations import MIGRATIONS
from kiosk.records.store import Store


def test_file_database_settings(fresh_db):
    """WAL journal, synchronous=FULL (2) and the latest schema version."""
    conn = fresh_db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert fresh_db.schema_version == len(MIGRATIONS)


def test_kiosk_id_is_stable_across_reopen(tmp_path):
    """The kiosk id is made once per database and kept."""
    first = Store(tmp_path / "k.sqlite3")
    kid = first.kiosk_id
    first.close()
    again = Store(tmp_path / "k.sqlite3")
    assert again.kiosk_id == kid and kid.startswith("k")
    again.close()


def test_record_has_canonical_payload_and_hash(fresh_db, clock):
    """The stored payload is canonical JSON and sha256 is over exactly those bytes."""
    with fresh_db.transaction():
        rec = fresh_db.append_record("application", {"b": 1, "a": "Gorontalo é"},
                                     now=clock.now())
    row = fresh_db.conn.execute("SELECT payload, sha256 FROM records WHERE uuid=?",
                                (rec.uuid,)).fetchone()
    assert row["payload"] == '{"a":"Gorontalo é","b":1}'
    assert row["sha256"] == hashlib.sha256(row["payload"].encode()).hexdigest()
    assert json.loads(row["payload"]) == {"a": "Gorontalo é", "b": 1}


def test_seq_is_gap_free_and_outbox_follows(fresh_db, clock):
    """Sequence numbers run 1..n and every record waits in the outbox."""
    with fresh_db.transaction():
        for i in range(5):
            fresh_db.append_record("queue_event", {"i": i}, now=clock.now())
    assert [r.seq for r in fresh_db.records()] == [1, 2, 3, 4, 5]
    assert fresh_db.outbox_seqs() == [1, 2, 3, 4, 5]


def test_failed_transaction_leaves_nothing(fresh_db, clock):
    """An error inside the transaction rolls back the record and its outbox row."""
    with pytest.raises(RuntimeError), fresh_db.transaction():
        fresh_db.append_record("application", {"x": 1}, now=clock.now())
        raise RuntimeError("power cut in the middle")
    assert fresh_db.records() == [] and fresh_db.outbox_seqs() == []


def test_append_outside_transaction_is_refused(fresh_db, clock):
    """A record can only be written inside a transaction."""
    with pytest.raises(RuntimeError):
        fresh_db.append_record("application", {"x": 1}, now=clock.now())


def test_floats_are_refused_in_payloads(fresh_db, clock):
    """Canonical JSON carries no floats (their text form is not stable)."""
    with pytest.raises(TypeError), fresh_db.transaction():
        fresh_db.append_record("application", {"x": 0.1}, now=clock.now())


def test_a_new_migration_runs_once_on_an_existing_database(tmp_path, monkeypatch):
    """Opening an older database applies only the missing migrations and bumps user_version."""
    Store(tmp_path / "k.sqlite3").close()
    ran = []

    def add_column(db):
        ran.append(True)
        db["tickets"].add_column("note", str)

    monkeypatch.setattr("kiosk.records.store.MIGRATIONS", [*MIGRATIONS, add_column])
    again = Store(tmp_path / "k.sqlite3")
    assert again.schema_version == len(MIGRATIONS) + 1
    assert "note" in again.db["tickets"].columns_dict
    again.close()
    Store(tmp_path / "k.sqlite3").close()
    assert ran == [True]


def test_connections_opened_at_once_on_a_new_file_migrate_once(tmp_path):
    """Threads opening a brand-new database together: no 'already exists', no 'locked'."""
    import threading

    errors = []
    for attempt in range(40):
        path = tmp_path / f"new{attempt}.sqlite3"
        kiosk_ids = []

        def open_store(path=path, kiosk_ids=kiosk_ids):
            try:
                store = Store(path)
                kiosk_ids.append(store.kiosk_id)
                store.close()
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(repr(exc))

        threads = [threading.Thread(target=open_store) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(set(kiosk_ids)) <= 1
    assert errors == []
