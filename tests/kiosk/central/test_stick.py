"""A stick's bundles imported together: the next verified in a worker process, one outcome each."""

from __future__ import annotations

from sqlalchemy import select

import kiosk.central.stick as stick_module
from kiosk.central.ingest import BundleRefused, IngestResult
from kiosk.central.kiosks import revoke_kiosk
from kiosk.central.schema import bundles, records
from kiosk.central.stick import import_bundles
from tests.helpers.central import DAY1, DAY2, DAY3, enroll

REBUILD = stick_module.rebuild


def _import(office, paths):
    return list(import_bundles(office.db, office.keys, office.settings, paths,
                               archive=office.paths.archive, clock=office.now,
                               actor="cli:test"))


def _held(office) -> dict[str, tuple]:
    with office.db.read() as conn:
        return {r.uuid: (r.kiosk_id, r.seq, r.payload, r.payload_sha256)
                for r in conn.execute(select(records))}


def _count_rebuilds(monkeypatch) -> list[int]:
    """A list that gets a 1 each time the worker's reading of a file is used."""
    rebuilt: list[int] = []
    monkeypatch.setattr(stick_module, "rebuild",
                        lambda verified: rebuilt.append(1) or REBUILD(verified))
    return rebuilt


def _three_days(sites, office, tmp_path):
    """An enrolled kiosk that rehearsed DAY1 to DAY3, and its three bundle files."""
    (a,) = sites(1)
    enroll(office, a)
    for day in (DAY1, DAY2, DAY3):
        a.rehearse(day)
    stick = tmp_path / "stick"
    return a, [a.export(day, stick) for day in (DAY1, DAY2, DAY3)]


def test_the_workers_reading_is_the_readers_own_without_the_manifests_items(
        sites, office, tmp_path):
    """What the worker sends back is rebuilt into the reader's own records, field for field,
    and its manifest less the items list (the records themselves stand for it, and the
    store needs only the header: a day's items were two thirds of what crossed the pipe);
    a refused file comes back as None."""
    import dataclasses

    from kiosk.central.ingest import verify
    from kiosk.export.verify_worker import verify_in_worker

    a, files = _three_days(sites, office, tmp_path)
    central_raw = office.keys.central.private_bytes_raw()
    read_here = verify(office.db, office.keys, files[1].read_bytes())
    sent = verify_in_worker(str(files[1]), {a.kiosk_id: a.public_key}, central_raw)
    assert "items" not in sent[1]["records"]
    rebuilt = REBUILD(sent)
    header = {**read_here.manifest, "records": {
        k: v for k, v in read_here.manifest["records"].items() if k != "items"}}
    assert (rebuilt.manifest, rebuilt.manifest_sha256, rebuilt.kiosk_id) == \
        (header, read_here.manifest_sha256, read_here.kiosk_id)
    assert [dataclasses.astuple(r) for r in rebuilt.records] == \
        [dataclasses.astuple(r) for r in read_here.records]
    assert rebuilt.records == read_here.records
    assert [r.payload for r in rebuilt.records] == [r.payload for r in read_here.records]
    assert verify_in_worker(str(files[1]), {}, central_raw) is None


def test_a_stick_is_stored_as_its_bundles_one_by_one_with_a_refusal_in_between(
        sites, office, tmp_path):
    """Good bundles (verified by the worker or here, whichever was free) are stored record
    for record; a changed byte, an unreadable file and an unenrolled kiosk's bundle each get
    their own outcome in order, the refusals with the reason this process finds (as `ingest`
    gives it)."""
    a, stranger = sites(2)
    enroll(office, a)
    for day in (DAY1, DAY2):
        a.rehearse(day)
    stranger.rehearse(DAY1)
    stick = tmp_path / "stick"
    day1, day2 = (a.export(day, stick) for day in (DAY1, DAY2))
    changed = tmp_path / "changed.zip"
    data = bytearray(day1.read_bytes())
    data[len(data) // 2] ^= 1
    changed.write_bytes(bytes(data))
    unreadable = tmp_path / "a folder.zip"
    unreadable.mkdir()
    foreign = stranger.export(DAY1, tmp_path / "other")
    outcomes = _import(office, [day1, changed, unreadable, foreign, day2])

    assert [path for path, _ in outcomes] == [day1, changed, unreadable, foreign, day2]
    first, refused, unread, unknown, second = (outcome for _, outcome in outcomes)
    assert isinstance(first, IngestResult) and isinstance(second, IngestResult)
    assert first.accepted == len(a.day_records(DAY1)) and second.accepted == len(
        a.day_records(DAY2)) > 0
    assert isinstance(refused, BundleRefused) and refused.step in ("ciphertext", "container")
    assert isinstance(unread, OSError)
    assert isinstance(unknown, BundleRefused) and unknown.step == "kiosk_key"
    assert "not enrolled" in unknown.reason
    assert _held(office) == {r.uuid: (r.kiosk_id, r.seq, r.payload_json, r.sha256)
                             for day in (DAY1, DAY2) for r in a.day_records(day)}


def test_a_kiosk_revoked_while_its_next_bundle_is_verified_is_refused(sites, office, tmp_path,
                                                                     monkeypatch):
    """The worker checks against the kiosks enrolled when the import began (the second of
    two files is always the worker's: this process verifies the first); a kiosk revoked
    after that has its next bundle refused when it is stored, and nothing of it is kept."""
    rebuilt = _count_rebuilds(monkeypatch)
    (a,) = sites(1)
    enroll(office, a)
    for day in (DAY1, DAY2):
        a.rehearse(day)
    stick = tmp_path / "stick"
    day1, day2 = (a.export(day, stick) for day in (DAY1, DAY2))
    outcomes = import_bundles(office.db, office.keys, office.settings, [day1, day2],
                              archive=office.paths.archive, clock=office.now, actor="cli:test")
    _, first = next(outcomes)
    assert isinstance(first, IngestResult) and first.accepted > 0
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=a.kiosk_id, now=office.now(), actor="cli:test")
    _, second = next(outcomes)
    assert isinstance(second, BundleRefused) and second.step == "kiosk_key"
    assert rebuilt == [1]
    assert len(_held(office)) == first.accepted
    assert list(outcomes) == []



def test_the_cycle_collector_waits_while_a_stick_is_imported_and_comes_back(sites, office,
                                                                            tmp_path):
    """An import pauses Python's cycle collector (its passes over a bundle's short-lived
    objects cost a tenth of an import, and it finds almost nothing there): off while the
    bundles are stored, on again when the import ends, is abandoned or fails."""
    import gc

    (a,) = sites(1)
    enroll(office, a)
    for day in (DAY1, DAY2):
        a.rehearse(day)
    stick = tmp_path / "stick"
    paths = [a.export(day, stick) for day in (DAY1, DAY2)]
    seen = []
    for _path, outcome in import_bundles(office.db, office.keys, office.settings, paths,
                                         archive=office.paths.archive, clock=office.now):
        seen.append((gc.isenabled(), type(outcome).__name__))
    assert seen == [(False, "IngestResult"), (False, "IngestResult")]
    assert gc.isenabled()
    outcomes = import_bundles(office.db, office.keys, office.settings, paths,
                              archive=office.paths.archive, clock=office.now)
    next(outcomes)
    assert not gc.isenabled()
    outcomes.close()                                # the caller stops after one
    assert gc.isenabled()
    broken = import_bundles(office.db, office.keys, office.settings, paths,
                            archive=tmp_path / "archive", clock=lambda: 1 / 0)
    try:
        next(broken)
    except ZeroDivisionError:
        pass
    assert gc.isenabled()


def test_a_file_that_changed_after_the_worker_read_it_is_stored_as_read_here(
        sites, office, tmp_path, monkeypatch):
    """The worker reads each file itself: when the bytes this process read (and stores
    and archives) are not the ones the worker verified (the file was written again in
    between), they are verified here, and what is stored is what was read here."""
    a, (day1, day2, day3) = _three_days(sites, office, tmp_path)
    read_here = {day2: day3.read_bytes()}           # day2's file became day3's
    monkeypatch.setattr(stick_module, "_read",
                        lambda path: read_here.get(path) or path.read_bytes())
    rebuilt = _count_rebuilds(monkeypatch)
    first, second = (outcome for _, outcome in _import(office, [day1, day2]))
    assert first.accepted == len(a.day_records(DAY1))
    assert second.accepted == len(a.day_records(DAY3)) and rebuilt == []
    with office.db.read() as conn:
        names = conn.execute(select(bundles.c.archive_name).order_by(bundles.c.id)
                             ).scalars().all()
    assert (office.paths.archive / names[1]).read_bytes() == day3.read_bytes()
    assert set(_held(office)) == {
        r.uuid for day in (DAY1, DAY3) for r in a.day_records(day)}


def test_the_worker_is_forked_alone_and_spawned_beside_another_thread(sites, office, tmp_path,
                                                                      monkeypatch):
    """With no other thread in this process the worker is forked (it starts at once, the
    reader already imported); beside another thread (a fork could copy a lock that thread
    holds) it is spawned. Either way it runs with the cycle collector paused, and its
    reading of the second file is stored."""
    import gc
    import threading

    started, collecting = [], []
    real_pool = stick_module.ProcessPoolExecutor

    def pool(*args, mp_context, **kwargs):
        started.append(mp_context.get_start_method())
        real = real_pool(*args, mp_context=mp_context, **kwargs)
        collecting.append(real.submit(gc.isenabled))    # forked here with it still on
        return real

    monkeypatch.setattr(stick_module, "ProcessPoolExecutor", pool)
    rebuilt = _count_rebuilds(monkeypatch)
    a, (day1, day2, day3) = _three_days(sites, office, tmp_path)
    assert threading.active_count() == 1
    alone = _import(office, [day1, day2])
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait, name="another")
    beside.start()
    try:
        with_thread = _import(office, [day3, day1])
    finally:
        stop.set()
        beside.join()
    assert started == ["fork", "spawn"]
    assert [job.result() for job in collecting] == [False, False]
    assert rebuilt == [1, 1]                        # each second file: the worker's reading
    assert [type(o).__name__ for _, o in alone + with_thread] == ["IngestResult"] * 4
    assert with_thread[1][1].duplicate == len(a.day_records(DAY1))
    assert set(_held(office)) == {
        r.uuid for day in (DAY1, DAY2, DAY3) for r in a.day_records(day)}
