"""Screenshots of every officer screen at 1920x1080 and 1280x800, for a look.

    QT_QPA_PLATFORM=offscreen python3 tools/officer_gallery.py [OUT_DIR]   # artifacts/officer
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from kiosk.event.clock import FakeClock  # noqa: E402
from kiosk.event.config import default_config_text, parse  # noqa: E402
from kiosk.export.crypto import make_central_keypair  # noqa: E402
from kiosk.officer.accounts import Officers  # noqa: E402
from kiosk.officer.pins import hash_pin  # noqa: E402
from kiosk.paths import DataDir  # noqa: E402
from tests.helpers.factories import adult_form, complaint_form  # noqa: E402
from ui.app import build_kiosk  # noqa: E402
from ui.officer.wiring import now_serving_window  # noqa: E402

PIN = "480915"
KIOSK_PIN = "730592"
NAMES = ("BUDI SANTOSO", "SITI RAHMA", "AHMAD YUSUF", "NUR AISYAH", "RAHMAT HIDAYAT",
         "DEWI LESTARI", "FITRI HANDAYANI", "ARIF WIBOWO")
SIZES = ((1920, 1080), (1280, 800))


class Shots:
    def __init__(self, app, out: Path, size: tuple[int, int]) -> None:
        self.app, self.out, self.size = app, out, size
        self.session = app.officer

    def settle(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
            if not self.app.background.busy:
                QCoreApplication.processEvents()
                return
            self.app.background.wait(5)

    def find(self, name: str) -> QWidget:
        for root in (self.session.confirm, self.session.pad, self.session.panel):
            if root.isVisible():
                for widget in root.findChildren(QWidget, name):
                    if widget.isVisible():
                        return widget
        raise LookupError(name)

    def tap(self, name: str) -> None:
        widget = self.find(name)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        self.settle()

    def shot(self, name: str) -> None:
        self.settle()
        for _ in range(10):         # let layout passes (fit-to-width labels) finish
            QCoreApplication.processEvents()
        w, h = self.size
        path = self.out / f"{name}-{w}x{h}.png"
        self.app.window.grab().save(str(path))
        print(path)


def build(tmp: Path, size: tuple[int, int], *, exit_pin: str | None = None):
    """A kiosk over a temp folder; its kiosk PIN KIOSK_PIN unless `exit_pin` is given."""
    private, public = make_central_keypair(tmp / "central")
    text = default_config_text().replace('central_public_key = ""',
                                         f'central_public_key = "{public}"')
    pin = hash_pin(KIOSK_PIN) if exit_pin is None else exit_pin
    text = text.replace('exit_pin = ""', f'exit_pin = "{pin}"')
    config = parse(text)
    data = DataDir(tmp / "data")
    clock = FakeClock(dt.datetime(2019, 10, 23, 6, 40, tzinfo=dt.UTC))   # 14:40 WITA
    app = build_kiosk(data, config=config, clock=clock,
                      monotonic=lambda: clock.now().timestamp())
    slips = app.booth.slips
    app.window.resize(*size)
    app.window.show()
    stick = tmp / "media" / "OFFICE-STICK"
    stick.mkdir(parents=True)
    app.officer.sticks = lambda: [stick]
    return app, clock, slips


def populate(app, clock) -> list:
    registrar = app.booth.registrar()
    receipts = []
    people = [("NEW", ""), ("NEW", "elderly"), ("RENEW", ""), ("NEW", ""), ("RENEW", "disabled"),
              ("NEW", ""), ("NEW", ""), ("RENEW", "")]
    for index, (service, priority) in enumerate(people):
        clock.advance(90)
        receipts.append(registrar.submit_application(
            adult_form(service=service, priority=priority, full_name=NAMES[index]),
            submission_id=str(uuid.uuid4())))
    for _ in range(2):
        receipts.append(registrar.submit_complaint(complaint_form(),
                                                   submission_id=str(uuid.uuid4())))
    return receipts


def run(out: Path, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app, clock, slips = build(Path(tmp), size)
        s = Shots(app, out, size)
        s.settle()
        officers = Officers(app.booth.store, clock)
        andi = officers.create_officer("Andi Pratama", PIN)
        sri = officers.create_officer("Sri Wahyuni", "246801", by=andi)
        officers.create_officer("Muhammad Rizky Ramadhan Saputra", "902184", by=andi)
        receipts = populate(app, clock)
        s.session.open_entry()
        s.settle()
        s.shot("00-pin-names")
        s.tap(f"officerPin:officer:{sri.id}")
        for _ in range(5):
            for digit in "111111":
                s.tap(f"officerPin:{digit}")
            s.tap("officerPin:ok")
        s.shot("13-locked")
        s.tap("officerPin:back")
        s.shot("13b-names-one-locked")
        s.tap(f"officerPin:officer:{andi.id}")
        for digit in "48":
            s.tap(f"officerPin:{digit}")
        s.shot("01-pin-pad")
        for digit in "09":
            s.tap(f"officerPin:{digit}")
        s.tap("officerPin:ok")
        s.settle()
        for digit in "4809":
            s.tap(f"officerPin:{digit}")
        s.tap("officerPin:ok")
        s.shot("02-pin-wrong")
        for digit in PIN:
            s.tap(f"officerPin:{digit}")
        s.tap("officerPin:ok")
        s.shot("03-queue-free")
        s.tap("queue:counter:2")
        s.tap("queue:next")
        s.shot("04-queue-called")
        s.tap("queue:counter:1")
        s.tap("queue:next")
        display = now_serving_window(app)
        display.resize(*size)
        display.show()
        s.settle()
        for _ in range(10):
            QCoreApplication.processEvents()
        display.grab().save(str(out / f"16-now-serving-{size[0]}x{size[1]}.png"))
        display.timer.stop()
        display.close()
        s.tap("queue:counter:2")
        s.tap("queue:transfer")
        s.shot("05-queue-transfer")
        s.tap("officer:section:slip")
        token = slips.token_for(receipts[0])
        field = s.find("slip:input")
        QTest.keyClicks(field, token)
        QTest.keyClick(field, Qt.Key.Key_Return)
        s.shot("06-slip-valid")
        QTest.keyClicks(field, token[:80] + ("B" if token[80] != "B" else "C") + token[81:])
        QTest.keyClick(field, Qt.Key.Key_Return)
        s.shot("07-slip-tampered")
        QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=field.rect().center())
        s.shot("08-slip-keyboard")
        s.tap("officer:section:report")
        s.tap("report:write")
        s.shot("09-report")
        s.tap("officer:section:export")
        s.tap("export:target:1")
        s.tap("export:start")
        s.shot("10-export")
        s.tap("officer:section:data")
        s.shot("11-personal-data")
        s.tap("officer:section:officers")
        s.shot("17-officers")
        s.tap(f"officers:remove:{sri.id}")
        s.shot("18-officers-remove")
        s.tap(f"officers:keep:{sri.id}")
        s.tap("officers:open:add")
        type_into(s, "officers:name", "DEWI LESTARI")
        type_into(s, "officers:pin", "121212")
        type_into(s, "officers:pin_again", "121212")
        s.tap("officers:save")
        s.shot("19-officers-add-refused")
        s.tap("officers:closeForm")
        s.tap("officers:open:own_pin")
        type_into(s, "officers:current", "111111")
        s.shot("20-officers-own-pin")
        s.tap("officers:closeForm")
        s.tap("officers:open:kiosk_pin")
        s.shot("21-officers-kiosk-pin")
        s.tap("officers:closeForm")
        s.tap("officer:exit")
        s.shot("12-confirm-close")
        s.tap("confirmExit:no")
        s.tap("officer:logout")
        app.close()
    with tempfile.TemporaryDirectory() as tmp:           # a kiosk PIN chosen, no officer yet
        app, clock, slips = build(Path(tmp), size)
        s = Shots(app, out, size)
        s.settle()
        s.session.open_entry()
        s.settle()
        s.shot("14-kiosk-pin")
        for _ in range(5):
            for digit in "902184":
                s.tap(f"officerPin:{digit}")
            s.tap("officerPin:ok")
        s.shot("14b-kiosk-pin-locked")
        app.close()
    with tempfile.TemporaryDirectory() as tmp:           # as shipped: nothing chosen yet
        app, clock, slips = build(Path(tmp), size, exit_pin="")
        s = Shots(app, out, size)
        s.settle()
        s.session.open_entry()
        s.settle()
        type_into(s, "setup:name", "ANDI PRATAMA")
        s.shot("15-setup")
        type_into(s, "setup:pin", PIN)
        type_into(s, "setup:pin_again", PIN)
        s.tap("setup:create")
        s.shot("15b-setup-needs-kiosk-pin")
        app.close()


def type_into(s: Shots, name: str, text: str) -> None:
    """A tap on the field (the keyboard comes up), then the text typed."""
    field = s.find(name)
    QTest.mouseClick(field, Qt.MouseButton.LeftButton, pos=field.rect().center())
    QTest.keyClicks(field, text)
    s.settle()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(["gallery"])
    for size in SIZES:
        run(out, size)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("artifacts/officer"))
