"""The officer's Sync page against a live office: enrolling with the on-screen keyboard,
Sync now, the progress bar while records go, parked conflicts, and every problem in words;
rounds run on the sync worker's own thread, never the UI thread or the citizens' workers."""

from __future__ import annotations

import threading

import pytest

from kiosk.central.app import create_app
from kiosk.central.kiosks import revoke_kiosk
from kiosk.event.clock import FakeClock
from kiosk.officer.accounts import Officers
from tests.conftest import EVENT_MORNING
from tests.helpers import fault_proxy as faults
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.live import serving
from tests.helpers.sync import SyncKiosk, assert_central_equals_kiosk, code_for
from tests.kiosk.central.conftest import db_url, office, office_clock, pg  # noqa: F401
from tests.ui.conftest import start_kiosk
from tests.ui.officer.conftest import OFFICER, PIN, Desk, officer_config


@pytest.fixture
def live(office):  # noqa: F811
    with serving(create_app(office)) as url:
        yield url


@pytest.fixture
def desk(qtbot, tmp_path, office):  # noqa: F811
    """A kiosk on screen whose kiosk.toml names this office's key, one officer, three
    citizens' applications waiting to be sent."""
    public = tmp_path / "central-public.pem"
    public.write_text(office.keys.public_pem, encoding="ascii")
    clock = FakeClock(EVENT_MORNING)
    k = start_kiosk(qtbot, tmp_path, config=officer_config(public), clock=clock)
    Officers(k.app.booth.store, k.clock).create_officer(OFFICER, PIN)
    d = Desk(k, qtbot, None, tmp_path)
    for n in range(3):
        d.submit(nik=f"757101010190{n + 1:04d}")
    yield d
    d.app.close()


class Site(SyncKiosk):
    """The desk's kiosk seen as a sync test sees one (records, outbox, office code)."""

    def __init__(self, desk) -> None:            # noqa: D107 - no folder of its own
        self.booth = desk.app.booth
        self.folder = desk.app.booth.data.root


def _open(desk) -> None:
    desk.log_in()
    desk.tap("officer:section:sync")
    desk.settle(lambda: desk.find("sync:headline").text() != "")


def _enroll(desk, url: str, code: str) -> None:
    page = desk.panel.sync
    desk.tap("sync:open:enroll")
    desk.type_keys(page.fields.fields["url"], url, page.keyboard)
    desk.type_keys(page.fields.fields["code"], code, page.keyboard)
    desk.tap("sync:enroll")


def _until(desk, condition, seconds: float = 60) -> None:
    desk.qtbot.waitUntil(lambda: (desk.settle(), condition())[1], timeout=seconds * 1000)


def test_an_officer_enrolls_the_kiosk_and_everything_arrives(desk, office, live):  # noqa: F811
    """Not enrolled at first (said so); the address and code typed on the on-screen keys;
    then the records go and the page says all are at the office, with the time."""
    site = Site(desk)
    threads: set[str] = set()
    desk.app.booth.sync_worker().add_listener(
        lambda _s: threads.add(threading.current_thread().name))
    _open(desk)
    assert "belum terdaftar" in desk.find("sync:office").text()
    assert desk.find("sync:headline").text() == f"Menunggu dikirim: {site.outbox()} catatan"
    _enroll(desk, live, code_for(office, site))
    page = desk.panel.sync
    _until(desk, lambda: page.headline.text() == "Semua catatan sudah ada di kantor.")
    assert "Terdaftar di" in page.message.text()
    assert live in page.office.text()
    assert "Keberhasilan terakhir:" in page.details.text() and "tidak pernah" not in \
        page.details.text()
    assert not page.problem.isVisible() and not page.form.isVisible()
    assert page.fields.fields["code"].text() == ""                      # the code is forgotten
    assert_central_equals_kiosk(office, site)
    assert threads == {"kiosk-sync"}


def test_a_wrong_code_is_said_under_the_code(desk, office, live):  # noqa: F811
    """The office refuses the code: the reason in Indonesian under the code field."""
    code_for(office, Site(desk))
    _open(desk)
    _enroll(desk, live, "ABCD-EFGH-JKMN")
    page = desk.panel.sync
    problem = page.fields.problems["code"]
    _until(desk, problem.isVisible)
    assert "Kantor tidak menerima kode ini (401.2)" in problem.text()
    assert page.form.isVisible() and page.enroll.isEnabled()


def test_problems_are_said_in_words_and_sync_now_tries_again(desk, office, live):  # noqa: F811
    """The office revoked the kiosk: Sync now says enrollment is broken, in the officer's
    language; in English after switching."""
    site = Site(desk)
    desk.app.booth.enroll(live, code_for(office, site))
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=site.kiosk_id, now=office.now(), actor="cli:test")
    _open(desk)
    desk.tap("sync:now")
    page = desk.panel.sync
    _until(desk, lambda: "Pendaftaran rusak" in page.problem.text())
    assert page.problem.text().startswith("\u26a0")
    desk.tap("officer:language")
    _until(desk, lambda: "Enrollment is broken" in page.problem.text())


def test_the_bar_shows_records_going_and_parked_records_are_listed(desk, office, live,  # noqa: F811
                                                                     tmp_path):
    """While the office takes a batch the bar shows 0 of N and Sync now waits; a record
    the office holds another version of is listed with the office's reason."""
    from tests.kiosk.sync.test_refusals import _forge_other_version

    site = Site(desk)
    site.config = desk.app.booth.config
    site.clock = desk.kiosk.clock
    desk.app.booth.enroll(live, code_for(office, site))
    _forge_other_version(office, site, tmp_path, seq=2)
    release, reached = threading.Event(), threading.Event()
    with FaultProxy(live) as proxy:
        proxy.next("POST", "/api/v1/batches", faults.gate(release, reached))
        worker = desk.app.booth.sync_worker(server=proxy.url)
        assert worker.make_syncer().server == proxy.url
        _open(desk)
        desk.tap("sync:now")
        page = desk.panel.sync
        try:
            _until(desk, lambda: reached.is_set() and page.progress.isVisible())
            assert page.progress.text().startswith("0 dari") and not page.now.isEnabled()
        finally:
            release.set()
        _until(desk, lambda: not page.progress.isVisible() and page.parked.isVisible())
    assert "seq 2" in page.parked.text() and "another payload hash" in page.parked.text()
    assert page.parked_title.text().startswith("Catatan yang versi lainnya ada di kantor: 1.")
    assert page.now.isEnabled()
