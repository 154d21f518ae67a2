"""Citizens tap through the kiosk while its sync worker sends to a live central office:
every record arrives, and a complaint's answer from the office reaches Cek pengaduan."""

from __future__ import annotations

from types import SimpleNamespace

from kiosk.citizen.registrar import tracking_number
from kiosk.records import outbox
from kiosk.records.keys import public_key_b64
from tests.helpers.sync import central_records, code_for
from tests.helpers.walks import (
    fill_adult,
    fill_complaint,
    start_application,
    start_complaint,
    submit,
)
from tests.kiosk.central.conftest import db_url, office, office_clock, pg  # noqa: F401
from tests.kiosk.sync.conftest import live  # noqa: F401
from tests.ui.conftest import start_kiosk


def _finish(k) -> None:
    k.clock.advance(2)
    k.touch.primary()


def test_every_record_arrives_while_citizens_tap(qtbot, tmp_path, office, live):  # noqa: F811
    """The worker runs rounds on its own thread while citizens tap: what the first three
    visits made reaches the office mid-day, with nobody asking for it, and after the last
    visit the office holds exactly the kiosk's records; the complaint filed at the kiosk
    shows the office's "received" with its due date when the citizen checks it."""
    k = start_kiosk(qtbot, tmp_path)
    try:
        booth = k.app.booth
        store = booth.store
        me = SimpleNamespace(kiosk_id=store.kiosk_id,
                             public_key=public_key_b64(booth.signing_key()))
        booth.enroll(live, code_for(office, me))
        worker = booth.sync_worker(interval=0.2)
        worker.start()

        def arrived() -> bool:
            mine = {(r.uuid, r.seq, r.kind, r.sha256) for r in store.records()}
            return central_records(office, store.kiosk_id) == mine \
                and outbox.outbox_count(store) == 0

        for visit in range(6):
            if visit == 3:
                qtbot.waitUntil(arrived, timeout=30_000)
            if visit % 3 == 2:
                start_complaint(k)
                fill_complaint(k, "identified", phone=f"08135555{visit:04d}")
            else:
                start_application(k, "NEW")
                fill_adult(k)
            submit(k)
            _finish(k)
        qtbot.waitUntil(arrived, timeout=30_000)
        complaint = store.records(kind="complaint")[-1]
        qtbot.waitUntil(lambda: store.conn.execute(
            "SELECT COUNT(*) FROM complaint_answers WHERE tracking_number = ?",
            (tracking_number(complaint),)).fetchone()[0] == 1, timeout=30_000)
        k.touch.tap("language:en")
        k.touch.tap("path:check")
        k.touch.type("tracking_number", tracking_number(complaint))
        k.touch.primary()
        k.touch.settle(lambda: not k.flow.submitting)
        k.touch.type("phone_last4", "0005")
        k.touch.primary()
        k.touch.settle(lambda: not k.flow.submitting)
        assert k.touch.find("check:status").text() == "Received by the office"
        assert "Answer due by: " in k.touch.find("check:dates").text()
    finally:
        k.app.close()
