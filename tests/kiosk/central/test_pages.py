"""Staff pages over real HTTP: sign-in, lock-out, sessions, CSRF, roles, both languages,
and server logs that hold no personal data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import select

from kiosk.central.app import create_app
from kiosk.central.logs import setup_logging
from kiosk.central.schema import applications, complaints
from kiosk.central.staff import add_staff
from tests.helpers.central import DAY1, enroll, ingest_file
from tests.helpers.live import serving

PASSWORD = "correct horse battery"


@pytest.fixture
def desk(sites, office, tmp_path):
    (site,) = sites(1)
    enroll(office, site)
    log = site.rehearse(DAY1, arrivals=30)
    ingest_file(office, site.export(DAY1, tmp_path / "stick"))
    with office.db.write() as conn:
        for name, role in (("ani", "administrator"), ("rina", "complaints_officer"),
                           ("budi", "counter")):
            add_staff(conn, username=name, display_name=name.title(), role=role,
                      password=PASSWORD, now=office.now(), actor="cli:test")
    return log


@pytest.fixture
def web(office, desk):
    with serving(create_app(office)) as url:
        yield url


@contextmanager
def signed_in(url: str, user: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, timeout=30) as client:
        r = client.post("/signin", data={"username": user, "password": password, "next": "/"})
        assert r.status_code == 303, r.text
        yield client


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_pages_need_a_session_and_the_right_role(web):
    """Signed out: redirected to sign in; counter staff: no audit log, no kiosks."""
    with httpx.Client(base_url=web) as anon:
        r = anon.get("/complaints")
        assert r.status_code == 303 and r.headers["location"].startswith("/signin?next=")
    with signed_in(web, "budi") as counter:
        assert counter.get("/applications").status_code == 200
        assert counter.get("/audit").status_code == 403
        assert counter.get("/kiosks").status_code == 403
    with signed_in(web, "ani") as admin:
        assert admin.get("/audit").status_code == 200 and admin.get("/kiosks").status_code == 200


def test_five_wrong_passwords_lock_the_account(web, office, office_clock):
    """Locked after five tries, even with the right password; open again after 15 minutes."""
    with httpx.Client(base_url=web) as c:
        for _ in range(5):
            r = c.post("/signin", data={"username": "rina", "password": "wrong"})
            assert r.status_code == 401
        r = c.post("/signin", data={"username": "rina", "password": PASSWORD})
        assert r.status_code == 401 and "dikunci" in r.text
        office_clock.advance(16 * 60)
        assert c.post("/signin", data={"username": "rina", "password": PASSWORD}
                      ).status_code == 303


def test_a_form_without_its_csrf_token_changes_nothing(web, office):
    """A post from elsewhere (no token, or another site's Origin) is refused with 403."""
    with office.db.read() as conn:
        tracking = conn.execute(select(complaints.c.tracking_number)).scalars().first()
    with signed_in(web, "rina") as c:
        page = c.get(f"/complaints/{tracking}")
        token = csrf_of(page.text)
        assert c.post(f"/complaints/{tracking}", data={"status": "in_progress"}
                      ).status_code == 403
        assert c.post(f"/complaints/{tracking}", data={"status": "in_progress", "csrf": token},
                      headers={"Origin": "http://evil.example"}).status_code == 403
        with office.db.read() as conn:
            assert conn.execute(select(complaints.c.status).where(
                complaints.c.tracking_number == tracking)).scalar_one() == "received"
        r = c.post(f"/complaints/{tracking}", data={"status": "in_progress", "csrf": token})
        assert r.status_code == 303
    with office.db.read() as conn:
        assert conn.execute(select(complaints.c.status).where(
            complaints.c.tracking_number == tracking)).scalar_one() == "in_progress"


def test_the_session_cookie_is_httponly_and_strict(web):
    """The session cannot be read by a script or sent from another site."""
    with httpx.Client(base_url=web) as c:
        r = c.post("/signin", data={"username": "ani", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_signing_out_ends_the_session(web):
    """After sign-out the old cookie opens nothing."""
    with signed_in(web, "ani") as c:
        token = csrf_of(c.get("/kiosks").text)
        cookie = dict(c.cookies)
        assert c.post("/signout", data={"csrf": token}).status_code == 303
    with httpx.Client(base_url=web, cookies=cookie) as stale:
        assert stale.get("/kiosks").status_code == 303


def test_pages_come_in_indonesian_and_english(web):
    """Indonesian by default; the language link switches every label."""
    with signed_in(web, "budi") as c:
        page = c.get("/pickup?date=2019-10-28").text
        assert "Daftar pengambilan" in page and "Senin, 28 Oktober 2019" in page
        c.get("/language?to=en&next=/pickup")
        page = c.get("/pickup?date=2019-10-28").text
        assert "Pick-up list" in page and "Monday, 28 October 2019" in page
        assert 'lang="en"' in page


def test_server_logs_hold_no_personal_data(office, desk, tmp_path):
    """Searching by name, NIK digits and phone, importing, signing in: the log file shows
    paths and counts, never a NIK, name or phone number."""
    setup_logging(office.paths.logs)
    with serving(create_app(office)) as url, signed_in(url, "budi") as c:
        for nik, name, phone in zip(desk.niks[:5], desk.names[:5], desk.phones[:5],
                                    strict=True):
            assert c.get("/applications", params={"q": name}).status_code == 200
            c.get("/applications", params={"q": nik})
            c.get("/applications", params={"q": phone})
            c.get(f"/applications/{nik}")                    # a path that does not exist
        c.post("/signin", data={"username": desk.niks[0], "password": desk.phones[0]})
    with office.db.read() as conn:
        assert conn.execute(select(applications)).first()
    text = (office.paths.logs / "central.log").read_text(encoding="utf-8")
    assert "GET /applications 200" in text
    for value in desk.niks + desk.phones + desk.names:
        assert value not in text and value.upper() not in text
    assert (office.paths.logs / "central.log").stat().st_mode & 0o077 == 0
    setup_logging(None)
