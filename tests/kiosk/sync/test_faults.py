"""The network misbehaves between kiosk and office (a loopback fault proxy): whatever
happens to a request, no record leaves the outbox without the office's signed word, the
round is tried again, and in the end the office holds exactly the kiosk's records."""

from __future__ import annotations

import pytest

from kiosk.sync import errors
from tests.helpers import fault_proxy as faults
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.sync import assert_central_equals_kiosk, central_records, enroll_at

BATCHES = "/api/v1/batches"


@pytest.fixture
def proxy(live):
    with FaultProxy(live) as p:
        yield p


def _round(kiosk, proxy, **options):
    return kiosk.booth.syncer(server=proxy.url, **options).run()


def _fails_then_recovers(office, kiosk, proxy, fault, error, *, path=BATCHES,
                         method="POST", **options):
    pending = kiosk.outbox()
    proxy.next(method, path, fault)
    failed = _round(kiosk, proxy, **options)
    assert not failed.ok and isinstance(failed.error, error), failed.error
    assert kiosk.outbox() == pending, "a record left the outbox without a signed answer"
    assert _round(kiosk, proxy).ok
    assert_central_equals_kiosk(office, kiosk)
    return failed


def test_dropped_before_the_office_sees_it(office, live, kiosk, proxy):
    """The connection dies before the office has the batch: nothing stored, sent again."""
    enroll_at(office, kiosk, live)
    _fails_then_recovers(office, kiosk, proxy, faults.DROP_BEFORE,
                         (errors.Interrupted, errors.Unreachable))


def test_dropped_after_the_office_committed(office, live, kiosk, proxy):
    """The office stored the batch but its answer is lost: the resend is all duplicates."""
    enroll_at(office, kiosk, live)
    proxy.next("POST", BATCHES, faults.DROP_AFTER)
    failed = _round(kiosk, proxy)
    assert not failed.ok and isinstance(failed.error, errors.Interrupted)
    assert central_records(office, kiosk.kiosk_id) == kiosk.records()      # committed
    assert kiosk.outbox() == len(kiosk.records())                          # but unconfirmed
    again = _round(kiosk, proxy)
    assert again.ok and again.duplicate == len(kiosk.records()) and again.accepted == 0
    assert_central_equals_kiosk(office, kiosk)


@pytest.mark.parametrize("code", [500, 502, 503])
def test_a_gateway_error_without_the_office(office, live, kiosk, proxy, code):
    """500/502/503 from the gateway (the office never saw it): retried later."""
    enroll_at(office, kiosk, live)
    failed = _fails_then_recovers(office, kiosk, proxy, faults.status(code), errors.OfficeBusy)
    assert failed.error.params["status"] == code


@pytest.mark.parametrize("code", [500, 502])
def test_a_gateway_error_after_the_office_committed(office, live, kiosk, proxy, code):
    """The office stored the batch, the gateway answered 5xx: duplicates on the resend."""
    enroll_at(office, kiosk, live)
    _fails_then_recovers(office, kiosk, proxy, faults.after(code), errors.OfficeBusy)


def test_a_reply_slower_than_the_timeout(office, live, kiosk, proxy):
    """The office's answer comes after the kiosk stopped waiting: a timeout, retried."""
    enroll_at(office, kiosk, live)
    _fails_then_recovers(office, kiosk, proxy, faults.slow(3.0), errors.TimedOut, timeout=1.0)


def test_a_truncated_reply(office, live, kiosk, proxy):
    """Half a reply, then the connection closes: not an answer, retried."""
    enroll_at(office, kiosk, live)
    _fails_then_recovers(office, kiosk, proxy, faults.TRUNCATE,
                         (errors.Interrupted, errors.NotTheOffice))


def test_a_captive_portal_page(office, live, kiosk, proxy):
    """Mall Wi-Fi answers 200 with its login page: not the office, nothing leaves."""
    enroll_at(office, kiosk, live)
    failed = _fails_then_recovers(office, kiosk, proxy, faults.PORTAL, errors.NotTheOffice)
    assert failed.error.params["status"] == 200


def test_a_captive_portal_answers_the_state_request(office, live, kiosk, proxy):
    """The portal catches the round's first request: the round stops, nothing is lost."""
    enroll_at(office, kiosk, live)
    _fails_then_recovers(office, kiosk, proxy, faults.PORTAL, errors.NotTheOffice,
                         method="GET", path="/api/v1/state")


def test_a_redirect_to_another_host(office, live, kiosk, proxy):
    """A 302 to the portal's host is never followed."""
    enroll_at(office, kiosk, live)
    failed = _fails_then_recovers(office, kiosk, proxy, faults.REDIRECT, errors.Redirected)
    assert failed.error.params["host"] == "login.wifi-mall.example"
    assert [m for m, p, k in proxy.log if "wifi-mall" in p] == []


def test_a_reply_for_another_request_is_not_believed(office, live, kiosk, proxy):
    """The office's genuine signed reply to an earlier request, replayed: refused."""
    enroll_at(office, kiosk, live)
    syncer = kiosk.booth.syncer(server=proxy.url)
    enrollment = syncer.enrollment()
    from kiosk.sync.client import CentralClient

    with CentralClient(live, token=enrollment.token,
                       signing_key_b64=enrollment.central_signing_key) as client:
        old = client.exchange("GET", "/state")
        fresh = client.exchange("GET", "/state")
        old.nonce = fresh.nonce          # the old bytes, checked as the answer to `fresh`
        with pytest.raises(errors.NotTheOffice):
            client.verified(old)
        assert client.verified(fresh)["kiosk_id"] == kiosk.kiosk_id
