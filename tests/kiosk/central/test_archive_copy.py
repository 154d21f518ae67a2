"""The archive copy of a received bundle: kept exactly when the bundle is stored, never else."""

from __future__ import annotations

import pytest

import kiosk.central.ingest as ingest_module
from kiosk.central.ingest import ingest
from tests.helpers.central import DAY1, enroll, ingest_file, snapshot


def test_a_bundle_whose_transaction_fails_leaves_no_archive_copy(sites, office, tmp_path,
                                                                 monkeypatch):
    """The archive copy is written while the records are stored: when the transaction
    then fails (here the feed, last thing before the commit), nothing of the bundle is
    kept, its archive copy neither, and the same file is stored whole afterwards."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    path = site.export(DAY1, tmp_path / "s")
    before = snapshot(office)

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ingest_module, "publish_rows", broken)
    with pytest.raises(OSError):
        ingest_file(office, path)
    assert snapshot(office) == before
    assert [p for p in office.paths.archive.rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    result = ingest_file(office, path)
    assert result.accepted == len(site.day_records(DAY1))
    assert [p.name for p in office.paths.archive.rglob("*.zip")] == [
        f"{result.file_sha256}.zip"]


def test_an_archive_copy_that_cannot_be_written_stores_nothing(sites, office, tmp_path):
    """Writing the copy fails (here the archive folder is a file): the error reaches the
    caller and nothing of the bundle is stored."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    path = site.export(DAY1, tmp_path / "s")
    before = snapshot(office)
    not_a_folder = tmp_path / "archive-is-a-file"
    not_a_folder.write_text("x")
    with pytest.raises(OSError):
        ingest(office.db, office.keys, office.settings, path.read_bytes(), channel="stick",
               archive=not_a_folder, now=office.now())
    assert snapshot(office) == before
