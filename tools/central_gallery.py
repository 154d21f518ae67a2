"""Screenshots of every staff page of the central office, in Indonesian and English.

    python3 tools/central_gallery.py [OUT_DIR]      # default: artifacts/central

Two kiosks rehearse event days through the real registrar and queue console; their bundles
are imported (one day left out, one record in conflict); the pages are opened in Debian's
chromium (headless) as each role and saved as PNG.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from selenium.webdriver.common.by import By  # noqa: E402

from kiosk.central.app import create_app  # noqa: E402
from kiosk.central.staff import add_staff  # noqa: E402
from kiosk.event.clock import FakeClock  # noqa: E402
from kiosk.export.bundle import build_batch  # noqa: E402
from kiosk.records.canonical import canonical_json, sha256_hex  # noqa: E402
from tests.helpers.browser import chromium  # noqa: E402
from tests.helpers.central import (  # noqa: E402
    DAY1,
    DAY2,
    DAY3,
    OFFICE_NOW,
    KioskSite,
    enroll,
    ingest_file,
    make_office,
)
from tests.helpers.live import serving  # noqa: E402

PASSWORD = "gallery password"


def build(tmp: Path):
    clock = FakeClock(OFFICE_NOW)
    office = make_office(tmp, f"sqlite:///{tmp / 'central.sqlite3'}", now=clock)
    sites = [KioskSite(tmp / f"kiosk{n}", n, 2, office.keys.central.public_key())
             for n in (1, 2)]
    for site in sites:
        enroll(office, site)
        for day in (DAY1, DAY2, DAY3):
            site.rehearse(day, arrivals=40)
    for site in sites:
        for day in (DAY1, DAY2, DAY3):
            path = site.export(day, tmp / "stick")
            if not (site.number == 2 and day == DAY2):        # one day left on the kiosk
                ingest_file(office, path)
    one = sites[0].day_records(DAY1)[4]                         # and one record in conflict
    body = canonical_json(dict(one.payload, service="RENEW"))
    changed = dataclasses.replace(one, payload_json=body, sha256=sha256_hex(body))
    built = build_batch([changed], signing_key=sites[0].signing_key,
                        central_key=office.keys.central.public_key(),
                        kiosk_id=sites[0].kiosk_id, kiosk_number=1,
                        event=sites[0].config.event, now=sites[0].clock.now())
    (tmp / "conflict.zip").write_bytes(built.data)
    ingest_file(office, tmp / "conflict.zip", channel="network")
    with office.db.write() as conn:
        for name, role, shown in (("ani", "administrator", "Ani Wijaya"),
                                  ("rina", "complaints_officer", "Rina Pakaya"),
                                  ("budi", "counter", "Budi Lamato")):
            add_staff(conn, username=name, display_name=shown, role=role, password=PASSWORD,
                      now=office.now(), actor="cli:gallery")
    clock.set(dt.datetime(2019, 11, 4, 2, 0, tzinfo=dt.UTC))   # some complaints overdue
    return office, sites


def shoot(url: str, out: Path, profile: Path) -> list[Path]:
    shots = []
    with chromium(profile, width=1280, height=900) as d:
        def snap(name: str) -> None:
            height = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(1280, min(max(int(height) + 140, 700), 2400))
            path = out / f"{name}.png"
            d.save_screenshot(str(path))
            shots.append(path)

        def sign_in(user: str) -> None:
            d.get(url + "/signin")
            d.find_element(By.ID, "username").send_keys(user)
            d.find_element(By.ID, "password").send_keys(PASSWORD)
            d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

        for lang in ("id", "en"):
            d.get(f"{url}/language?to={lang}&next=/signin")
            snap(f"{lang}-01-signin")
            d.find_element(By.ID, "username").send_keys("budi")
            d.find_element(By.ID, "password").send_keys("wrong")
            d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            snap(f"{lang}-02-signin-wrong")
            sign_in("budi")
            d.find_element(By.ID, "q").send_keys("san")
            d.find_element(By.CSS_SELECTOR, "form.search button").click()
            snap(f"{lang}-03-applications-search")
            d.get(url + "/pickup?date=2019-10-28")
            snap(f"{lang}-04-pickup")
            d.get(url + "/complaints")
            snap(f"{lang}-05-complaints")
            secret = next(r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr")
                          if ("Rahasia" if lang == "id" else "Confidential") in r.text)
            secret.find_element(By.CSS_SELECTOR, "td.code a").click()
            snap(f"{lang}-06-complaint-counter-hidden")
            d.find_element(By.CSS_SELECTOR, "form.who button").click()
            sign_in("rina")
            d.get(url + "/complaints?overdue=1")
            snap(f"{lang}-07-complaints-overdue")
            d.find_element(By.CSS_SELECTOR, "tbody td.code a").click()
            d.find_element(By.ID, "answer").send_keys("Mohon maaf, antrean sudah kami tambah "
                                                      "petugasnya.")
            d.find_elements(By.CSS_SELECTOR, "div.actions button")[-1].click()
            snap(f"{lang}-08-complaint-officer")
            d.find_element(By.CSS_SELECTOR, "form.who button").click()
            sign_in("ani")
            d.get(url + "/kiosks")
            snap(f"{lang}-09-kiosks")
            d.find_element(By.CSS_SELECTOR, "tbody td.code a").click()
            snap(f"{lang}-10-kiosk")
            d.get(url + "/audit")
            snap(f"{lang}-11-audit")
            d.find_element(By.CSS_SELECTOR, "form.who button").click()
    return shots


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/central")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        office, sites = build(Path(tmp))
        with serving(create_app(office)) as url:
            for path in shoot(url, out, Path(tmp) / "profile"):
                print(path)
        for site in sites:
            site.close()
        office.close()


if __name__ == "__main__":
    main()
