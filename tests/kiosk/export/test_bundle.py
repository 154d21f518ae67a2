"""Export bundles: round trip, chain, foreign keys, and what a lost stick exposes."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.export.bundle import build_bundle
from kiosk.export.container import MANIFEST, MEMBERS, RECORDS, SIGNATURE, build_container
from kiosk.export.day import DayExporter
from kiosk.export.manifest import ZERO_HASH
from kiosk.export.target import ExportError
from kiosk.export.verify import BundleInvalid, read_bundle, verify_bundle
from kiosk.records.canonical import canonical_json
from kiosk.records.keys import public_key_b64
from tests.helpers.day import busy_day
from tests.helpers.factories import complaint_form

DAY = dt.date(2019, 10, 23)


@pytest.fixture
def day_log(registrar, queue, officer, clock):
    """A short busy day (20 arrivals) through the real registrar and console."""
    log = busy_day(registrar, queue, officer, clock, arrivals=20)
    clock.set(dt.datetime(2019, 10, 23, 10, 0, tzinfo=dt.UTC))   # 18:00 WITA
    return log


@pytest.fixture
def exported(day_log, exporter, central, stick):
    return exporter.export_day(stick, day=DAY, central_key=central[2])


def members_of(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_round_trip_every_record_comes_back(exported, exporter, central, trusted, fresh_db):
    """Export, verify, decrypt: every record of the day, byte for byte, with its hash (the
    export's own record among them: it was made on the day exported)."""
    result = read_bundle(exported.path, central_key=central[0], kiosk_keys=trusted)
    start, end = exporter.day_bounds(DAY)
    stored = [r for r in fresh_db.records() if start <= r.created_utc < end]
    assert stored[-1].kind == "export"
    assert len(result.records) == len(stored) == exported.record_count > 50
    for got, want in zip(result.records, stored, strict=True):
        assert (got.seq, got.uuid, got.kiosk_id, got.kind, got.created_utc, got.supersedes) == \
            (want.seq, want.uuid, want.kiosk_id, want.kind, want.created_utc, want.supersedes)
        assert got.payload_json == want.payload_json and got.payload == want.payload
        assert got.sha256 == want.sha256 and not got.redacted
    m = result.manifest
    assert m["records"]["seq_first"] == stored[0].seq and m["records"]["seq_last"] == stored[-1].seq
    assert m["records"]["counts"]["application"] + m["records"]["counts"]["complaint"] > 10
    assert m["chain"] == {"export_number": 1, "previous_manifest_sha256": ZERO_HASH}
    assert m["kiosk"]["id"] == fresh_db.kiosk_id and m["day"] == "2019-10-23"


def test_the_zip_is_plain_and_holds_no_personal_data(exported, day_log):
    """Any zip tool lists the three members; no NIK, name or phone is readable anywhere."""
    members = members_of(exported.path)
    assert list(members) == list(MEMBERS)
    assert len(members[SIGNATURE]) == 64
    raw = exported.path.read_bytes()
    for value in day_log.niks + day_log.phones + day_log.names:
        assert value.encode() not in raw and value.upper().encode() not in raw
    assert json.loads(members[MANIFEST])["records"]["count"] == exported.record_count


def test_manifest_is_canonical_json(exported):
    """manifest.json is exactly the canonical JSON of its content (what was signed)."""
    text = members_of(exported.path)[MANIFEST].decode("utf-8")
    assert canonical_json(json.loads(text)) == text


def test_export_is_recorded_for_the_chain_and_retention(exported, fresh_db, trusted, central):
    """An 'export' record inside the bundle it describes (naming the bundle, not its own
    manifest hash), the exports row with the hash, every exported record noted as exported."""
    record = fresh_db.records(kind="export")[-1]
    bundle = read_bundle(exported.path, central_key=central[0], kiosk_keys=trusted)
    assert bundle.records[-1].uuid == record.uuid and bundle.records[-1].seq == exported.seq_last
    assert record.payload["bundle_id"] == bundle.manifest["bundle_id"]
    assert record.payload["export_number"] == 1 and record.payload["day"] == DAY.isoformat()
    assert record.payload["file_name"] == exported.path.name
    assert "manifest_sha256" not in record.payload
    row = fresh_db.conn.execute("SELECT manifest_sha256, record_count FROM exports").fetchone()
    assert tuple(row) == (exported.manifest_sha256, exported.record_count)
    noted = fresh_db.conn.execute("SELECT COUNT(*) FROM exported_records").fetchone()[0]
    assert noted == exported.record_count


def test_records_made_after_an_export_are_counted_as_not_exported(exported, exporter, registrar):
    """After the export nothing of the day is pending (its own record went with it); a new
    citizen adds one."""
    assert exporter.not_exported(DAY) == 0
    registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4()))
    assert exporter.not_exported(DAY) == 1


def test_two_exports_chain(exported, exporter, central, stick, trusted):
    """The second export names the first's manifest hash and number + 1; verify checks it."""
    second = exporter.export_day(stick, day=DAY, central_key=central[2])
    first_v = verify_bundle(exported.path, kiosk_keys=trusted, central_key=central[0])
    second_v = verify_bundle(second.path, kiosk_keys=trusted, central_key=central[0],
                             previous=first_v)
    assert second_v.manifest["chain"] == {"export_number": 2,
                                          "previous_manifest_sha256": exported.manifest_sha256}
    # Each export's own record travels in its bundle; the day again holds both.
    assert first_v.manifest["records"]["counts"]["export"] == 1
    assert second_v.manifest["records"]["counts"]["export"] == 2
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(exported.path, kiosk_keys=trusted, previous=second_v)
    assert err.value.step == "chain"
    assert second.path.name.endswith("_0002.zip") and exported.path.name.endswith("_0001.zip")


def test_a_bundle_signed_by_another_kiosk_key_fails(day_log, fresh_db, config, clock, central,
                                                     stick, trusted):
    """Same kiosk id, another key: refused, because the trusted key is this kiosk's."""
    impostor = DayExporter(fresh_db, config, clock, Ed25519PrivateKey.generate())
    forged = impostor.export_day(stick, day=DAY, central_key=central[2])
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(forged.path, kiosk_keys=trusted, central_key=central[0])
    assert err.value.step == "kiosk_key" and "another kiosk" in err.value.reason


def test_a_manifest_naming_the_right_key_but_signed_by_another_fails(exported, trusted, central,
                                                                     signing_key):
    """The public key field copied from the real kiosk does not help a forger."""
    members = members_of(exported.path)
    other = Ed25519PrivateKey.generate()
    members[SIGNATURE] = other.sign(members[MANIFEST])
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(build_container(members), kiosk_keys=trusted, central_key=central[0])
    assert err.value.step == "signature"


def test_an_unknown_kiosk_is_refused(exported, central):
    """A kiosk that is not among the trusted keys is refused before anything else."""
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(exported.path, kiosk_keys={}, central_key=central[0])
    assert err.value.step == "kiosk_key"


def test_another_central_key_cannot_open_it(exported, trusted):
    """A different central private key is named as the reason."""
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(exported.path, kiosk_keys=trusted, central_key=X25519PrivateKey.generate())
    assert err.value.step == "key" and "another central key" in err.value.reason


def test_rezipped_changes_are_caught_by_the_signed_hashes(exported, trusted, central,
                                                          signing_key):
    """A forger who fixes the zip CRCs still fails: manifest by signature, data by hash."""
    members = members_of(exported.path)
    manifest = json.loads(members[MANIFEST])
    manifest["records"]["count"] += 1
    changed = dict(members, **{MANIFEST: canonical_json(manifest).encode()})
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(build_container(changed), kiosk_keys=trusted, central_key=central[0])
    assert err.value.step == "signature"
    sealed = bytearray(members[RECORDS])
    sealed[10] ^= 1
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(build_container(dict(members, **{RECORDS: bytes(sealed)})),
                      kiosk_keys=trusted, central_key=central[0])
    assert err.value.step == "ciphertext"


def test_the_kiosk_signs_a_wrong_record_hash_and_decryption_finds_it(fresh_db, day_log, config,
                                                                      clock, central, trusted,
                                                                      signing_key, exporter):
    """Even a validly signed manifest must agree with the decrypted lines."""
    records = exporter.records_for_day(DAY)
    built = build_bundle(records, signing_key=signing_key, central_key=central[1],
                         kiosk_id=fresh_db.kiosk_id, kiosk_number=1, event=config.event,
                         day=DAY, export_number=1, previous_manifest_sha256=ZERO_HASH,
                         now=clock.now())
    manifest = dict(built.manifest)
    manifest["records"] = dict(manifest["records"])
    items = [dict(i) for i in manifest["records"]["items"]]
    items[3]["sha256"] = "0" * 64
    manifest["records"]["items"] = items
    body = canonical_json(manifest).encode()
    members = members_of(io.BytesIO(built.data))
    forged = build_container(dict(members, **{MANIFEST: body, SIGNATURE: signing_key.sign(body)}))
    with pytest.raises(BundleInvalid) as err:
        verify_bundle(forged, kiosk_keys=trusted, central_key=central[0])
    assert err.value.step == "records" and "line 4" in err.value.reason


def test_export_reports_progress_to_the_end(day_log, exporter, central, stick):
    """progress(done, total) starts at 0, never goes back, and ends at total."""
    calls = []
    exporter.export_day(stick, day=DAY, central_key=central[2],
                        progress=lambda done, total: calls.append((done, total)))
    dones = [d for d, _ in calls]
    total = calls[0][1]
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert dones == sorted(dones) and len(calls) > 10
    assert {t for _, t in calls} == {total}


def test_a_day_without_records_is_refused(exporter, central, stick):
    """Nothing to export says so and writes nothing."""
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=dt.date(2019, 10, 1), central_key=central[2])
    assert err.value.key == "export.nothing"
    assert list(stick.iterdir()) == []


def test_no_central_key_configured(day_log, exporter, stick):
    """Without event.central_public_key the officer is told where to get it."""
    with pytest.raises(ExportError) as err:
        exporter.export_day(stick, day=DAY)
    assert err.value.key == "export.no_central_key" and "central-public.pem" in str(err.value)


def test_central_key_from_config_path_relative_to_data_folder(day_log, fresh_db, clock,
                                                              signing_key, central, stick,
                                                              tmp_path):
    """event.central_public_key may name a file beside kiosk.toml."""
    from kiosk.event.config import default_config_text, load

    (tmp_path / "central" / "central-public.pem").rename(tmp_path / "office.pem")
    path = tmp_path / "kiosk.toml"
    path.write_text(default_config_text().replace('central_public_key = ""',
                                                  'central_public_key = "office.pem"'))
    exporter = DayExporter(fresh_db, load(path), clock, signing_key)
    assert exporter.export_day(stick, day=DAY).path.exists()


def test_the_public_key_is_the_one_in_the_manifest(exported, signing_key):
    """The manifest names the signing kiosk's raw public key (as `kiosk keys show`)."""
    manifest = json.loads(members_of(exported.path)[MANIFEST])
    assert manifest["kiosk"]["public_key"] == public_key_b64(signing_key)
