"""A kiosk that cannot save says so before a citizen types, in both languages, with what the
officer should do; a save that fails is said where the citizen is, and logged without
what they typed. Real faults: a read-only disk, a damaged file, a full disk."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.booth.build import Booth
from kiosk.citizen.flow import Step
from kiosk.citizen.steps import Submission
from kiosk.event.clock import FakeClock
from kiosk.paths import DataDir
from kiosk.records.store import OutOfService
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form
from tests.helpers.faults import damage, read_only_place, small_disk
from tests.helpers.slips import sid
from tests.helpers.walks import ADULT, fill_adult, start_application
from tests.ui.conftest import kiosk_config, start_kiosk
from tests.ui.officer.conftest import KIOSK_PIN, Desk, officer_config
from ui.kit.fit import SUPPORTED
from ui.rehearsal.driver import NotTappable


def served_once(root) -> None:
    """A kiosk that has been in service: one application, then closed."""
    booth = Booth(DataDir(root / "data"), config=kiosk_config(), clock=FakeClock(EVENT_MORNING))
    booth.start_up()
    booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    booth.close()


def out_of_service(k) -> bool:
    return k.app.controller.service.overlay.isVisible()


def overlay_text(k) -> str:
    return "\n".join(part.text() for part in k.app.controller.service.overlay.parts.values())


def wait_for_start(k) -> None:
    k.touch.settle(lambda: not k.app.controller.service.probing and not k.app.background.busy)


def test_a_kiosk_started_on_a_read_only_disk_is_out_of_service(qtbot, tmp_path):
    """Started on a read-only disk: the out-of-service screen in both languages, with the
    problem and what the officer does; a citizen cannot begin; the officer's PIN pad opens
    (kiosk PIN) and closes the kiosk."""
    with read_only_place(tmp_path / "disk") as place:
        served_once(place.root)
        place.now()
        closed = []
        k = start_kiosk(qtbot, place.root, config=officer_config())
        try:
            k.app.officer.on_exit = lambda: closed.append(True)
            wait_for_start(k)
            assert out_of_service(k)
            text = overlay_text(k)
            assert "Anjungan ini sedang tidak dapat menerima pendaftaran" in text
            assert "This kiosk cannot take registrations right now" in text
            assert "hanya bisa dibaca" in text and "is read-only" in text
            assert "Petugas" in text and "Officer:" in text
            with pytest.raises(NotTappable):
                k.touch.tap("path:service")
            assert k.flow.step == Step.WELCOME
            desk = Desk(k, qtbot, None, place.root)
            desk.hold_office()
            assert desk.pad.isVisible()
            assert "hanya bisa dibaca" in desk.find("officerPin:message").text()
            desk.enter_pin(KIOSK_PIN)
            assert closed == [True]
        finally:
            k.app.close()


def test_a_kiosk_started_on_a_damaged_database_is_out_of_service(qtbot, tmp_path):
    """Garbage over the database: out of service, saying the file is damaged and must be
    kept."""
    served_once(tmp_path)
    damage(tmp_path / "data" / "kiosk.sqlite3")
    k = start_kiosk(qtbot, tmp_path)
    try:
        wait_for_start(k)
        assert out_of_service(k)
        assert "rusak" in overlay_text(k) and "do not delete the file" in overlay_text(k)
    finally:
        k.app.close()


def test_a_full_disk_is_found_as_the_citizen_leaves_the_welcome_screen(qtbot, tmp_path,
                                                                       caplog):
    """The disk fills up while the kiosk waits: the citizen who taps a path meets the
    out-of-service screen before typing anything; once space is freed, the next check
    brings the kiosk back and the citizen goes on."""
    with small_disk(tmp_path / "disk") as disk:
        k = start_kiosk(qtbot, disk.root)
        try:
            wait_for_start(k)
            assert not out_of_service(k)
            disk.fill()
            with caplog.at_level(logging.ERROR):
                k.touch.tap("path:service")
                k.touch.settle(lambda: out_of_service(k))
            assert "penuh" in overlay_text(k) and "is full" in overlay_text(k)
            assert any("out of service" in r.getMessage() for r in caplog.records)
            with pytest.raises(NotTappable):
                k.touch.primary()                    # "I agree": covered
            disk.free()
            k.app.controller.service.timer.timeout.emit()       # a minute later
            k.touch.settle(lambda: not out_of_service(k))
            k.touch.primary()
            assert k.flow.step == Step.SERVICES
        finally:
            k.app.close()


def fail_the_save(k, disk, caplog) -> str:
    """Fill the disk now, tap the screen's primary button, and return the footer's words."""
    disk.fill()
    with caplog.at_level(logging.WARNING):
        k.touch.primary()
        k.touch.settle(lambda: not k.flow.submitting)
    return k.touch.find("missingHint").text()


@pytest.mark.parametrize("path", ["info", "police", "referral", "review"])
def test_every_save_that_fails_says_so_where_the_citizen_is(qtbot, tmp_path, caplog, path):
    """Information, the police step's slip, a referral, a whole application: the save fails
    (a full disk), the citizen stays where they are and reads, above the button they
    tapped, that nothing was saved and to ask an officer; what they typed stays; the log
    says a save failed, without a word of it."""
    config = kiosk_config(all_on_site=path != "referral")
    with small_disk(tmp_path / "disk") as disk:
        k = start_kiosk(qtbot, disk.root, config=config)
        try:
            wait_for_start(k)
            if path == "info":
                k.touch.tap("path:info")
            else:
                start_application(k, "LOST" if path in ("police", "referral") else "NEW")
                if path == "police":
                    k.touch.tap("nav:secondary")            # no police report
                elif path == "review":
                    fill_adult(k)
            k.touch.settle()
            step = k.flow.step
            said = fail_the_save(k, disk, caplog)
            assert k.flow.step == step and k.flow.outcome is None
            t = k.app.controller.t
            assert t("save.failed") in said and "petugas" in said, said
            assert not out_of_service(k)              # the citizen reads it first
            if path == "review":
                assert k.flow.value("nik") == ADULT["nik"]
            logged = "\n".join(r.getMessage() for r in caplog.records)
            assert "submit failed" in logged
            for secret in (ADULT["nik"], ADULT["full_name"], ADULT["phone"], "BUDI"):
                assert secret not in logged
            assert k.records("info") == k.records("referral") == []
        finally:
            k.app.close()


@pytest.mark.parametrize("size", SUPPORTED, ids=[f"{w}x{h}" for w, h in SUPPORTED])
def test_the_out_of_service_words_fit_every_supported_size(qtbot, tmp_path, size):
    """The longest problem (read-only disk): the citizen's words in both languages, the
    officer's at least in Indonesian; every line of the panel is shown whole (no label
    shorter than its wrapped text, none over another or past the panel's edge) and the
    panel stays on screen."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        wait_for_start(k)
        overlay = k.app.controller.service.overlay
        overlay.show_problem(OutOfService("service.read_only", path=str(tmp_path / "data"),
                                          detail="Read-only file system"))
        QCoreApplication.processEvents()
        shown = {key: part for key, part in overlay.parts.items() if part.isVisible()}
        assert {"title:id", "title:en", "ask:id", "ask:en", "problem:id", "hold"} <= set(shown)
        parts = [(key, part.geometry()) for key, part in shown.items()]
        inside = overlay.panel.contentsRect()
        cut = [key for key, part in shown.items()
               if part.height() < part.heightForWidth(part.width())
               or not inside.contains(part.geometry())]
        overlapping = [(a, b) for (a, above), (b, below) in zip(parts, parts[1:], strict=False)
                       if above.bottom() >= below.top()]
        assert cut == [] and overlapping == []
        panel = overlay.panel.geometry()
        assert overlay.rect().contains(panel), (panel, overlay.rect())
    finally:
        k.app.close()
