"""Enrollment from the kiosk's side: the token kept owner-only with the keys, the office's
key learnt only from an answer that proves it comes from whoever issued the code, and
every refusal said in words."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import stat

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.booth.build import Booth
from kiosk.event.config import load_or_create
from kiosk.export import crypto
from kiosk.records.keys import public_key_b64
from kiosk.sync import errors
from kiosk.sync.enrollment import ENROLLMENT_FILE, load_enrollment
from tests.helpers import fault_proxy as faults
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.sync import code_for


def test_the_token_lives_with_the_keys_owner_only(office, live, kiosks):
    """keys/sync-enrollment.json is 0600 in a 0700 folder, whatever the umask, and holds
    the office's address, the token and the office's keys."""
    kiosk = kiosks()
    old = os.umask(0o022)
    try:
        kiosk.booth.enroll(live, code_for(office, kiosk))
    finally:
        os.umask(old)
    path = kiosk.data.keys / ENROLLMENT_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(kiosk.data.keys.stat().st_mode) == 0o700
    saved = load_enrollment(kiosk.data.keys)
    assert saved.url == live and saved.kiosk_id == kiosk.kiosk_id and len(saved.token) >= 40
    assert saved.central_signing_key == office.keys.signing_public_b64
    assert saved.central_key_sha256 == office.keys.fingerprint
    assert saved.max_batch_records == office.settings.max_batch_records
    assert not list(kiosk.data.keys.glob(".sync-enrollment.*"))      # no temporary left


def test_the_code_may_be_typed_loosely(office, live, kiosks):
    """Lower case and spaces instead of hyphens: the same code."""
    kiosk = kiosks()
    code = code_for(office, kiosk).lower().replace("-", " ")
    assert kiosk.booth.enroll(live, code).kiosk_id == kiosk.kiosk_id


def test_a_kiosk_without_a_central_key_adopts_the_offices(office, live, tmp_path):
    """kiosk.toml named no central key: enrollment writes keys/central-public.pem and names
    it there, so the day export encrypts to the same office."""
    from kiosk.paths import DataDir
    from tests.helpers.sync import SyncKiosk

    kiosk = SyncKiosk(tmp_path / "k")
    try:
        booth = Booth(kiosk.data, config=load_or_create(kiosk.data.config), clock=kiosk.clock)
        assert booth.config.event.central_public_key == ""
        booth.enroll(live, code_for(office, kiosk))
        assert booth.config.event.central_public_key == "keys/central-public.pem"
        key = booth.exporter().central_key()
        assert crypto.fingerprint(key) == office.keys.fingerprint
        assert load_or_create(DataDir(kiosk.folder).config).event.central_public_key == \
            "keys/central-public.pem"
        booth.close()
    finally:
        kiosk.close()


def test_an_office_with_another_key_than_the_configured_one_is_refused(office, live, kiosks,
                                                                       tmp_path):
    """The kiosk's kiosk.toml names another office's key: enrollment stops and says so."""
    kiosk = kiosks()
    _private, public = crypto.make_central_keypair(tmp_path / "other")
    event = dataclasses.replace(kiosk.config.event, central_public_key=str(public))
    booth = Booth(kiosk.data, config=dataclasses.replace(kiosk.config, event=event),
                  clock=kiosk.clock)
    with pytest.raises(errors.EnrollFailed) as refused:
        booth.enroll(live, code_for(office, kiosk))
    assert refused.value.key == "sync.enroll_key_mismatch"
    assert load_enrollment(kiosk.data.keys) is None


@pytest.mark.parametrize("why", ["wrong", "used"])
def test_a_wrong_or_used_code_is_refused_in_words(office, live, kiosks, why):
    """The office's refusal (401.2) reaches the officer as a sentence; nothing is saved."""
    kiosk = kiosks()
    code = code_for(office, kiosk)
    if why == "used":
        kiosk.booth.enroll(live, code)
        (kiosk.data.keys / ENROLLMENT_FILE).unlink()
    else:
        code = "ABCD-EFGH-JKMN"
    with pytest.raises(errors.EnrollFailed) as refused:
        kiosk.booth.enroll(live, code)
    assert refused.value.key == "sync.enroll_code_refused"
    assert refused.value.params["code"] == "401.2" and "new code" in str(refused.value)
    assert load_enrollment(kiosk.data.keys) is None


def test_a_code_enrolled_for_another_key_is_refused(office, live, kiosks):
    """The office trusts another key for this kiosk id: 401.3, said in words."""
    kiosk = kiosks()
    from kiosk.central.kiosks import enroll_kiosk

    with office.db.write() as conn:
        code = enroll_kiosk(conn, kiosk_id=kiosk.kiosk_id,
                            public_key=public_key_b64(Ed25519PrivateKey.generate()),
                            event_code="GTO-DEMO", now=office.now(), code_hours=72,
                            actor="cli:test")
    with pytest.raises(errors.EnrollFailed) as refused:
        kiosk.booth.enroll(live, code)
    assert refused.value.key == "sync.enroll_other_key"
    assert refused.value.params["code"] == "401.3" and "kiosk keys show" in str(refused.value)


def test_a_malformed_code_or_address_is_refused_before_sending(kiosks):
    """A code of the wrong length or letters, an address that is not http(s): refused at
    once with the reason."""
    kiosk = kiosks()
    with pytest.raises(errors.EnrollFailed) as bad_code:
        kiosk.booth.enroll("http://127.0.0.1:9", "ABCD-EFGH")
    assert bad_code.value.key == "sync.enroll_code"
    with pytest.raises(errors.EnrollFailed) as bad_url:
        kiosk.booth.enroll("central.example.go.id", "ABCD-EFGH-JKMN")
    assert bad_url.value.key == "sync.enroll_url"


def test_a_captive_portal_cannot_enroll_the_kiosk(office, live, kiosks):
    """The login page answers the enrollment: not the office; nothing saved; the code is
    still good for the real office afterwards."""
    kiosk = kiosks()
    code = code_for(office, kiosk)
    with FaultProxy(live) as proxy:
        proxy.next("POST", "/api/v1/enroll", faults.PORTAL)
        with pytest.raises(errors.NotTheOffice):
            kiosk.booth.enroll(proxy.url, code)
        assert load_enrollment(kiosk.data.keys) is None
        assert kiosk.booth.enroll(proxy.url, code).kiosk_id == kiosk.kiosk_id


class Impostor(httpx.BaseTransport):
    """A machine in the middle that passes the request to the real office and swaps the
    office's reply key for its own, signing the reply with it (it lacks the code)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.key = Ed25519PrivateKey.generate()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        real = self.inner.handle_request(request)
        real.read()
        real.close()
        body = json.loads(real.content)
        body["central_signing_key"] = public_key_b64(self.key)
        data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        headers = {"Kiosk-Central-Signature": base64.b64encode(self.key.sign(data)).decode(),
                   "Content-Type": "application/json"}
        return httpx.Response(real.status_code, headers=headers, content=data)

    def close(self) -> None:
        self.inner.close()


def test_an_impostor_in_the_middle_cannot_give_its_own_key(office, live, kiosks):
    """A reply signed by another key than the one the code vouches for is refused."""
    kiosk = kiosks()
    with pytest.raises(errors.EnrollFailed) as refused:
        kiosk.booth.enroll(live, code_for(office, kiosk), transport=Impostor())
    assert refused.value.key == "sync.enroll_not_office"
    assert load_enrollment(kiosk.data.keys) is None


def test_an_enrollment_of_another_database_is_not_used(office, live, kiosks):
    """A data folder whose database was replaced (another kiosk id) does not sync under
    the old enrollment: it says to enroll again."""
    first, second = kiosks(), kiosks()
    first.booth.enroll(live, code_for(office, first))
    (second.data.keys / ENROLLMENT_FILE).write_bytes(
        (first.data.keys / ENROLLMENT_FILE).read_bytes())
    result = second.booth.syncer().run()
    assert not result.ok and isinstance(result.error, errors.WrongKiosk)
    assert second.outbox() > 0 or not second.records()
