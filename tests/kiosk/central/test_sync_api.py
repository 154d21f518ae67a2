"""The sync API over real HTTP: signed replies, enrollment, batches, state, complaint feed,
and every status code a kiosk must tell apart (docs/sync-protocol.md)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac

import httpx
import pytest
from cryptography.exceptions import InvalidSignature

from kiosk.central.app import create_app
from kiosk.central.complaints import change_complaint
from kiosk.central.database import Database
from kiosk.central.kiosks import enroll_message, normalise_code, revoke_kiosk
from kiosk.central.staff import add_staff
from kiosk.citizen.registrar import tracking_number
from kiosk.export.bundle import build_batch
from tests.helpers.central import DAY1, DAY2, check_signed, enroll, new_uuid, nonce
from tests.helpers.factories import complaint_form
from tests.helpers.live import serving


@pytest.fixture
def live(office):
    with serving(create_app(office)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture
def kiosk(sites, office):
    (site,) = sites(1)
    site.code = enroll(office, site)
    site.rehearse(DAY1)
    return site


def redeem(live, site, code=None, *, key=None):
    n = nonce()
    signature = (key or site.signing_key).sign(enroll_message(site.kiosk_id, code or site.code, n))
    return n, live.post("/api/v1/enroll", headers={"Kiosk-Nonce": n}, json={
        "kiosk_id": site.kiosk_id, "code": (code or site.code).lower().replace("-", " "),
        "signature": base64.b64encode(signature).decode()})


def token_of(live, site, office) -> str:
    n, r = redeem(live, site)
    assert r.status_code == 200, r.text
    return check_signed(r, office.keys.signing_public_b64, n)["token"]


def batch_of(site, office, records, **changes):
    built = build_batch(records, signing_key=changes.pop("key", site.signing_key),
                        central_key=office.keys.central.public_key(), kiosk_id=site.kiosk_id,
                        kiosk_number=1, event=site.config.event, now=site.clock.now())
    return built.data


def post_batch(live, token, data, *, content_type="application/zip"):
    n = nonce()
    return n, live.post("/api/v1/batches", content=data, headers={
        "Kiosk-Nonce": n, "Authorization": f"Bearer {token}", "Content-Type": content_type})


def test_hello_is_signed_and_a_captive_portal_page_is_not(live, office):
    """The kiosk verifies the reply with the office key; a lookalike 200 body fails."""
    n = nonce()
    r = live.get("/api/v1/hello", headers={"Kiosk-Nonce": n})
    body = check_signed(r, office.keys.signing_public_b64, n)
    assert body["central_signing_key"] == office.keys.signing_public_b64
    assert body["central_key_sha256"] == office.keys.fingerprint
    forged = httpx.Response(200, content=r.content.replace(b"passport", b"Passport"),
                            headers=r.headers, request=r.request)
    with pytest.raises(InvalidSignature):
        check_signed(forged, office.keys.signing_public_b64, n)


def test_enrollment_gives_a_token_once_and_proves_the_code(live, office, kiosk):
    """The code buys a token once; the reply carries an HMAC only the code's issuer can make."""
    n, r = redeem(live, kiosk)
    body = check_signed(r, office.keys.signing_public_b64, n)
    message = b"\n".join((b"passport-kiosk enrolled v1", kiosk.kiosk_id.encode(),
                          body["central_signing_key"].encode(),
                          body["central_key_sha256"].encode(), n.encode()))
    assert body["code_proof"] == hmac.new(normalise_code(kiosk.code).encode(), message,
                                          hashlib.sha256).hexdigest()
    assert body["central_public_key"] == office.keys.public_pem and len(body["token"]) > 30
    n2, again = redeem(live, kiosk)
    assert again.status_code == 401
    assert check_signed(again, office.keys.signing_public_b64, n2)["code"] == "401.2"


def test_enrollment_needs_the_kiosks_own_key(live, office, kiosk):
    """A code read over the shoulder is useless without the kiosk's private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    n, r = redeem(live, kiosk, key=Ed25519PrivateKey.generate())
    assert r.status_code == 401
    assert check_signed(r, office.keys.signing_public_b64, n)["code"] == "401.3"
    assert redeem(live, kiosk)[1].status_code == 200          # the code was not used up


def test_an_expired_code_is_refused(live, office, kiosk, office_clock):
    """Codes expire (sync.enrollment_code_hours): 401.2 with a sentence saying so."""
    office_clock.advance(73 * 3600)
    n, r = redeem(live, kiosk)
    body = check_signed(r, office.keys.signing_public_b64, n)
    assert r.status_code == 401 and body["code"] == "401.2" and "expired" in body["detail"]


def test_a_batch_is_answered_record_by_record_and_again_as_duplicates(live, office, kiosk):
    """200 with per-record results; the same batch again: all duplicate, already received."""
    token = token_of(live, kiosk, office)
    day = kiosk.day_records(DAY1)
    data = batch_of(kiosk, office, day)
    n, r = post_batch(live, token, data)
    body = check_signed(r, office.keys.signing_public_b64, n)
    assert r.status_code == 200 and body["accepted"] == len(day) == len(body["results"])
    assert {x["result"] for x in body["results"]} == {"accepted"}
    assert body["high_water_mark"] == day[-1].seq
    assert body["file_sha256"] == hashlib.sha256(data).hexdigest()
    n, r = post_batch(live, token, data)
    body = check_signed(r, office.keys.signing_public_b64, n)
    assert body["already_received"] and body["duplicate"] == len(day) and body["accepted"] == 0


def test_state_gives_the_high_water_mark_and_missing_ranges(live, office, kiosk):
    """After a batch is left out, the kiosk learns exactly what to send again."""
    token = token_of(live, kiosk, office)
    kiosk.rehearse(DAY2)
    one, two = kiosk.day_records(DAY1), kiosk.day_records(DAY2)
    post_batch(live, token, batch_of(kiosk, office, one[:10]))
    post_batch(live, token, batch_of(kiosk, office, one[20:] + two))
    n = nonce()
    r = live.get("/api/v1/state", headers={"Kiosk-Nonce": n, "Authorization": f"Bearer {token}"})
    body = check_signed(r, office.keys.signing_public_b64, n)
    assert body["high_water_mark"] == one[9].seq and body["max_seq"] == two[-1].seq
    assert body["missing"] == [[one[10].seq, one[19].seq]] and not body["missing_truncated"]


def test_problems_are_signed_and_say_whether_to_retry(live, office, kiosk, sites):
    """401 without a token, 415, 413 (bytes and records), 422 with the step, 403 for another
    kiosk's batch, 400 without a nonce: each signed, with its numbered code."""
    token = token_of(live, kiosk, office)
    day = kiosk.day_records(DAY1)
    key = office.keys.signing_public_b64

    def code(n, r, status):
        assert r.status_code == status, r.text
        return check_signed(r, key, n)["code"]

    assert code(*post_batch(live, "not-a-token", b"x"), 401) == "401.1"
    assert code(*post_batch(live, token, b"x", content_type="text/html"), 415) == "415.1"
    bad = bytearray(batch_of(kiosk, office, day))
    bad[len(bad) // 2] ^= 1
    n, r = post_batch(live, token, bytes(bad))
    assert code(n, r, 422) == "422.1" and r.json()["step"] == "container"
    (other,) = sites(1)
    enroll(office, other)
    other.rehearse(DAY1, arrivals=3)
    assert code(*post_batch(live, token, batch_of(other, office, other.day_records(DAY1))),
                403) == "403.2"
    # A stolen token cannot forge records: they must be signed by the kiosk's own key.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    n, r = post_batch(live, token, batch_of(kiosk, office, day, key=Ed25519PrivateKey.generate()))
    assert code(n, r, 422) == "422.1" and r.json()["step"] == "kiosk_key"
    r = live.get("/api/v1/state", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and check_signed(r, key, None)["code"] == "400.2"
    office.settings = dataclasses.replace(office.settings, max_batch_records=5)
    assert code(*post_batch(live, token, batch_of(kiosk, office, day)), 413) == "413.2"
    office.settings = dataclasses.replace(office.settings, max_batch_bytes=2048)
    assert code(*post_batch(live, token, batch_of(kiosk, office, day)), 413) == "413.1"
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=kiosk.kiosk_id, now=office.now(), actor="cli:test")
    assert code(*post_batch(live, token, b"x"), 401) == "401.1"     # the token is gone


def test_an_unreachable_database_is_503_with_retry_after(tmp_path, office, kiosk):
    """A database that does not answer: 503.1 and Retry-After, signed, never a traceback."""
    real = office.db
    office.db = Database("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    try:
        with serving(create_app(office)) as url:
            n = nonce()
            r = httpx.get(f"{url}/api/v1/state", headers={"Kiosk-Nonce": n,
                                                           "Authorization": "Bearer abc"})
    finally:
        office.db.dispose()
        office.db = real
    assert r.status_code == 503 and r.headers["Retry-After"] == "30"
    assert check_signed(r, office.keys.signing_public_b64, n)["code"] == "503.1"


def test_complaint_feed_moves_forward_with_every_status_change(live, office, kiosk):
    """Complaints arrive as 'received'; an answer appears after the cursor, never before."""
    token = token_of(live, kiosk, office)
    post_batch(live, token, batch_of(kiosk, office, kiosk.day_records(DAY1)))
    key, auth = office.keys.signing_public_b64, {"Authorization": f"Bearer {token}"}

    def page(after):
        n = nonce()
        r = live.get(f"/api/v1/complaints?after={after}&limit=500",
                     headers={"Kiosk-Nonce": n, **auth})
        return check_signed(r, key, n)

    first = page(0)
    items = first["items"]
    assert items and {i["status"] for i in items} == {"received"}
    assert [i["position"] for i in items] == sorted(i["position"] for i in items)
    assert first["cursor"] == items[-1]["position"] and page(first["cursor"])["items"] == []
    with office.db.write() as conn:
        officer = add_staff(conn, username="rina", display_name="Rina", role="complaints_officer",
                            password="a-long-password", now=office.now(), actor="cli:test")
        change_complaint(conn, items[0]["tracking_number"], actor=officer, now=office.now(),
                         status="answered", answer="Sudah kami tindak lanjuti.")
    later = page(first["cursor"])
    assert [(i["tracking_number"], i["status"]) for i in later["items"]] == \
        [(items[0]["tracking_number"], "answered")]
    assert later["cursor"] > first["cursor"] and later["items"][0]["answered_utc"]
    assert "answer" not in later["items"][0]            # the words stay at the office


def test_complaint_feed_items_name_the_identity_mode(live, office, kiosk):
    """Each item says identified, confidential or anonymous, as the complaint was filed
    (the kiosk's "Cek pengaduan" asks for the phone digits by it)."""
    token = token_of(live, kiosk, office)
    for identity, extra in (("anonymous", {"full_name": "", "phone": ""}),
                            ("confidential", {})):
        kiosk.registrar.submit_complaint(complaint_form(identity=identity, **extra),
                                         submission_id=new_uuid())
    day = kiosk.day_records(DAY1)
    post_batch(live, token, batch_of(kiosk, office, day))
    filed = {tracking_number(r): r.payload["identity"] for r in day if r.kind == "complaint"}
    n = nonce()
    r = live.get("/api/v1/complaints?after=0&limit=500",
                 headers={"Kiosk-Nonce": n, "Authorization": f"Bearer {token}"})
    items = check_signed(r, office.keys.signing_public_b64, n)["items"]
    assert {i["tracking_number"]: i["identity"] for i in items} == filed
    assert set(filed.values()) == {"identified", "confidential", "anonymous"}


def test_the_openapi_document_describes_the_sync_api(live):
    """/openapi.json lists the five routes and none of the staff pages."""
    spec = live.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/api/v1/hello", "/api/v1/enroll", "/api/v1/batches",
                                  "/api/v1/state", "/api/v1/complaints"}
    assert "application/zip" in spec["paths"]["/api/v1/batches"]["post"]["requestBody"]["content"]
