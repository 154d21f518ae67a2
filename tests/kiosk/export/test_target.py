"""A full or pulled stick: a clear message, nothing marked exported, no whole-looking file."""

from __future__ import annotations

import datetime as dt
import errno
import os
import uuid
from collections import namedtuple

import pytest

from kiosk.export import target
from kiosk.export.target import ExportError
from kiosk.files import checked
from tests.helpers.factories import adult_form

DAY = dt.date(2019, 10, 23)


class FailingOs:
    """The os module, except that one call fails like a full or vanished stick."""

    def __init__(self, fail: str, code: int, *, unlink_fails: bool = False) -> None:
        self.fail, self.code, self.unlink_fails = fail, code, unlink_fails

    def __getattr__(self, name):
        real = getattr(os, name)
        if name == self.fail:
            def broken(*args, **kwargs):
                raise OSError(self.code, os.strerror(self.code))
            return broken
        return real


@pytest.fixture
def day(registrar):
    for i in range(5):
        registrar.submit_application(adult_form(), submission_id=str(uuid.UUID(int=i + 1)))


def nothing_exported(store, stick):
    assert store.conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM exported_records").fetchone()[0] == 0
    assert store.records(kind="export") == []
    assert [p.name for p in stick.iterdir() if p.suffix == ".zip"] == []


@pytest.mark.parametrize("call, code, key", [
    ("write", errno.ENOSPC, "export.disk_full"),
    ("fsync", errno.ENOSPC, "export.disk_full"),
    ("write", errno.EIO, "export.device_gone"),
    ("fsync", errno.EIO, "export.device_gone"),
    ("replace", errno.ENODEV, "export.device_gone"),
    ("open", errno.EROFS, "export.read_only"),
    ("write", errno.EINVAL, "export.write_failed"),
])
def test_write_failures_leave_nothing(day, exporter, central, stick, fresh_db, monkeypatch,
                                      call, code, key):
    """Each failure gives its keyed message, removes the partial file, records nothing."""
    monkeypatch.setattr(checked, "os", FailingOs(call, code))
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY, central_key=central[2])
    assert err.value.key == key
    assert list(stick.iterdir()) == []
    nothing_exported(fresh_db, stick)


def test_a_stick_pulled_out_can_only_leave_a_hidden_partial(day, exporter, central, stick,
                                                            fresh_db, monkeypatch):
    """If even removing the partial fails, what stays is `.NAME.partial`, never NAME.zip."""
    monkeypatch.setattr(checked, "os", FailingOs("fsync", errno.EIO))
    monkeypatch.setattr(checked, "unlink_quietly", lambda path: None)
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY, central_key=central[2])
    assert err.value.key == "export.device_gone" and "Plug it in again" in str(err.value)
    left = [p.name for p in stick.iterdir()]
    assert len(left) == 1 and left[0].startswith(".") and left[0].endswith(".zip.partial")
    nothing_exported(fresh_db, stick)


def test_a_full_stick_is_seen_before_writing(day, exporter, central, stick, fresh_db,
                                             monkeypatch):
    """Too little free space: the message says how much is needed and free; nothing written."""
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(checked.shutil, "disk_usage", lambda path: usage(10**6, 10**6 - 1000, 1000))
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY, central_key=central[2])
    assert err.value.key == "export.disk_full" and "MB are free" in str(err.value)
    assert list(stick.iterdir()) == []
    nothing_exported(fresh_db, stick)


def test_a_copy_that_reads_back_wrong_is_refused(day, exporter, central, stick, fresh_db,
                                                 monkeypatch):
    """A stick that returns other bytes than were written: refused, file removed."""
    real = checked.read_uncached

    def flaky(path):
        data = bytearray(real(path))
        data[len(data) // 2] ^= 1
        return bytes(data)

    monkeypatch.setattr(checked, "read_uncached", flaky)
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY, central_key=central[2])
    assert err.value.key == "export.readback_failed"
    assert list(stick.iterdir()) == []
    nothing_exported(fresh_db, stick)


def test_the_read_back_check_runs_the_full_verification(tmp_path):
    """write_checked hands the bytes read from the target to the check, which may refuse."""
    seen = []

    def check(data):
        seen.append(data)
        raise ValueError("manifest: records.count does not match")

    with pytest.raises(ExportError) as err:
        target.write_checked(tmp_path, "b.zip", b"x" * 100, check=check)
    assert seen == [b"x" * 100] and "records.count" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_means_no_stick(day, exporter, central, tmp_path):
    """Exporting into a folder that does not exist asks whether the stick is plugged in."""
    with pytest.raises(ExportError) as err:
        exporter.export_day(tmp_path / "media" / "usb", day=DAY, central_key=central[2])
    assert err.value.key == "export.no_target" and "plugged in" in str(err.value)


def test_an_existing_file_is_never_overwritten(day, exporter, central, stick, fresh_db):
    """If the bundle's name is taken on the stick, nothing is written over it."""
    name = f"GTO-DEMO_{fresh_db.kiosk_id}_2019-10-23_0001.zip"
    (stick / name).write_bytes(b"older")
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY, central_key=central[2])
    assert err.value.key == "export.exists"
    assert (stick / name).read_bytes() == b"older"


def test_the_written_file_is_final_only_after_the_check(day, exporter, central, stick,
                                                        monkeypatch):
    """While the check runs, the only file on the stick is the hidden partial."""
    seen = []
    real = checked.read_uncached

    def spy(path):
        seen.append(sorted(p.name for p in stick.iterdir()))
        return real(path)

    monkeypatch.setattr(checked, "read_uncached", spy)
    result = exporter.export_day(stick, day=DAY, central_key=central[2])
    assert seen == [[f".{result.path.name}.partial"]]
    assert sorted(p.name for p in stick.iterdir()) == [result.path.name]


def test_a_failed_export_uses_no_seq(day, exporter, central, stick, fresh_db, monkeypatch):
    """The export record is rolled back with the failed export: the next export's record
    takes the very next seq, and the day's bundle has no hole in its seqs."""
    before = max(r.seq for r in fresh_db.records())
    with monkeypatch.context() as m:
        m.setattr(checked, "os", FailingOs("write", errno.ENOSPC))
        with pytest.raises(ExportError):
            exporter.export_day(stick, day=DAY, central_key=central[2])
    result = exporter.export_day(stick, day=DAY, central_key=central[2])
    (record,) = fresh_db.records(kind="export")
    assert record.seq == before + 1 == result.seq_last
    seqs = [r.seq for r in exporter.records_for_day(DAY)]
    assert seqs == list(range(seqs[0], seqs[-1] + 1)) and result.record_count == len(seqs)
