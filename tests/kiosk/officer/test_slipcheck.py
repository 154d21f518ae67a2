"""Slip check: scanned tokens and typed codes give what an officer may see, or why not."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.booth.build import Booth
from kiosk.officer.accounts import Officers
from kiosk.officer.retention import Retention
from kiosk.officer.slipcheck import SlipDesk, check_slip, parse_code, slip_keys
from kiosk.paths import DataDir
from kiosk.records.keys import public_key_b64
from kiosk.slips.token import make_token
from tests.helpers.factories import adult_form, complaint_form
from tests.helpers.factories import config as make_config
from tests.helpers.slips import pdf_text, sid

TODAY = dt.date(2019, 10, 23)


@pytest.fixture
def slips(config, catalogue, tmp_path, clock):
    return Booth(DataDir(tmp_path / "data"), config=config, catalogue=catalogue, clock=clock).slips


@pytest.fixture
def keys(config, fresh_db, slips):
    return slip_keys(config, fresh_db.kiosk_id, public_key_b64(slips.signing_key()))


@pytest.fixture
def application(registrar):
    return registrar.submit_application(adult_form(priority="elderly"), submission_id=sid())


def _flip(token: str, at: int) -> str:
    """The same token with one character changed (still base32)."""
    swap = "B" if token[at] != "B" else "C"
    return token[:at] + swap + token[at + 1:]


def test_a_scanned_token_shows_the_application_with_the_masked_nik(
        fresh_db, config, slips, keys, application):
    """A real slip's token: the record, its ticket, the masked NIK and the name; never the NIK."""
    token = slips.token_for(application)
    result = check_slip(fresh_db, config, token, keys, today=TODAY)
    assert result.ok and result.genuine and result.via == "token"
    assert (result.code, result.service, result.status, result.kind) == (
        "A-001", "NEW", "waiting", "application")
    assert result.masked_nik == "7571********0003" and result.name == "BUDI SANTOSO"
    assert result.priority == "elderly"
    assert result.issued_local.strftime("%H:%M") == "09:30"
    assert "7571010101900003" not in repr(result)


def test_a_scanner_that_adds_spaces_or_lowercase_still_reads(
        fresh_db, config, slips, keys, application):
    """Whitespace from the scanner and a caps-lock inversion do not matter."""
    token = slips.token_for(application)
    text = "  " + token[:50].lower() + "\n" + token[50:] + "\r\n"
    assert check_slip(fresh_db, config, text, keys, today=TODAY).ok


def test_a_changed_character_is_reported_as_tampered(fresh_db, config, slips, keys,
                                                     application):
    """One character changed anywhere: never ok, and nothing personal shown (a changed kiosk
    id reads as an unknown kiosk, a changed body or signature as tampered)."""
    token = slips.token_for(application)
    for at in (5, 40, 80, len(token) - 20):
        result = check_slip(fresh_db, config, _flip(token, at), keys, today=TODAY)
        assert not result.ok and result.reason in ("tampered", "malformed", "unknown_kiosk"), at
        assert result.name is None and result.masked_nik is None
    assert check_slip(fresh_db, config, _flip(token, 80), keys, today=TODAY).reason == "tampered"


def test_a_token_signed_by_an_unknown_kiosk(fresh_db, config, keys, application):
    """A slip signed by a key the event does not list: unknown kiosk."""
    token = make_token(Ed25519PrivateKey.generate(), kiosk_id="k0badbad0",
                       record_uuid=application.record.uuid, day=TODAY, kind="application",
                       service="NEW", ticket="A-001")
    assert check_slip(fresh_db, config, token, keys, today=TODAY).reason == "unknown_kiosk"


def test_a_genuine_slip_of_another_kiosk_says_where_its_record_is(fresh_db, config,
                                                                   application):
    """Another kiosk of the event (keys.known): genuine, but the record is not here."""
    other = Ed25519PrivateKey.generate()
    keys = {"k12345678": public_key_b64(other)}
    token = make_token(other, kiosk_id="k12345678", record_uuid=sid(), day=TODAY,
                       kind="application", service="NEW", ticket="A2-004")
    result = check_slip(fresh_db, config, token, keys, today=TODAY)
    assert not result.ok and result.genuine and result.reason == "other_kiosk"
    assert result.code == "A2-004" and result.kiosk_id == "k12345678"
    assert result.message() == ("slipcheck.other_kiosk", {"kiosk": "k12345678"})


def test_a_typed_code_finds_todays_ticket(fresh_db, config, keys, application):
    """A-001, a1, A001: the same ticket; not genuine (no signature) but found here."""
    for text in ("A-001", "a1", " A001 ", "A - 1"):
        result = check_slip(fresh_db, config, text, keys, today=TODAY)
        assert result.ok and result.via == "code" and result.code == "A-001", text
        assert not result.genuine


def test_a_typed_code_with_another_day(fresh_db, config, keys, application):
    """Codes restart every day: A-001 of another day is not today's A-001."""
    assert check_slip(fresh_db, config, "A-001 2019-10-23", keys, today=TODAY.replace(day=24)).ok
    assert check_slip(fresh_db, config, "23-10-2019 A-001", keys,
                      today=TODAY.replace(day=24)).ok
    missing = check_slip(fresh_db, config, "A-001 2019-10-22", keys, today=TODAY)
    assert missing.reason == "not_found"
    assert missing.message() == ("slipcheck.not_found", {"code": "A-001", "day": "2019-10-22"})


def test_codes_at_an_event_with_several_kiosks():
    """With two kiosks, A-7 means this kiosk's A2-007; A1-007 stays as typed."""
    two = make_config(kiosks=2, kiosk_number=2)
    assert parse_code("A-7", two, today=TODAY) == ("A2-007", TODAY)
    assert parse_code("a1-007", two, today=TODAY) == ("A1-007", TODAY)
    one = make_config()
    assert parse_code("A12", one, today=TODAY) == ("A-012", TODAY)
    assert parse_code("A2007", one, today=TODAY) is None


def test_gibberish_is_malformed(fresh_db, config, keys):
    """Neither a token nor a code: malformed, with its message key."""
    for text in ("", "hello", "A-00001", "31-02-2019 A-001", "!!!"):
        result = check_slip(fresh_db, config, text, keys, today=TODAY)
        assert result.reason == "malformed", text
        assert result.message()[0] == "slipcheck.malformed"


def test_a_complaint_shows_its_tracking_number_and_no_name(fresh_db, config, slips, keys,
                                                           registrar):
    """Complaints: code and tracking number; the reporter's name is never shown."""
    receipt = registrar.submit_complaint(complaint_form(), submission_id=sid())
    result = check_slip(fresh_db, config, slips.token_for(receipt), keys, today=TODAY)
    assert result.ok and result.kind == "complaint"
    assert result.tracking_number == receipt.tracking_number
    assert result.name is None and result.masked_nik is None


def test_an_info_slip_has_no_ticket(fresh_db, config, slips, keys, registrar):
    """Info slips: genuine, found, no code and no status."""
    receipt = registrar.record_visit(kind="info", service="NEW", submission_id=sid())
    result = check_slip(fresh_db, config, slips.token_for(receipt), keys, today=TODAY)
    assert result.ok and result.code is None and result.status is None


def test_after_retention_the_check_says_the_data_is_gone(fresh_db, config, slips, keys,
                                                         application, clock):
    """A record whose personal fields were removed: still found, no name or NIK shown."""
    from kiosk.export.crypto import make_central_keypair
    from kiosk.export.day import DayExporter

    _private, public = make_central_keypair(slips.data.root / "central")
    DayExporter(fresh_db, config, clock, slips.signing_key()).export_day(
        slips.data.root, central_key=public)
    clock.advance((config.retention_days + 1) * 86400)
    Retention(fresh_db, config, clock).run()
    result = check_slip(fresh_db, config, slips.token_for(application), keys, today=TODAY)
    assert result.ok and result.redacted and result.name is None and result.masked_nik is None


def test_the_desk_records_every_check_and_reprint(fresh_db, config, slips, keys, registrar,
                                                  application, clock):
    """slip_checked and reprint are officer_action records; the reprint is marked as such."""
    officers = Officers(fresh_db, clock)
    andi = officers.create_officer("Andi Pratama", "480915")
    desk = SlipDesk(fresh_db, config, registrar, officers, keys)
    bad = desk.check("nonsense", officer=andi)
    good = desk.check(slips.token_for(application), officer=andi)
    outcome = desk.reprint(good, slips, officer=andi)
    assert not bad.ok and good.ok and outcome.ok
    assert "A-001" in pdf_text(outcome.path)
    actions = [r.payload for r in fresh_db.records(kind="officer_action")]
    checked = [a for a in actions if a["action"] == "slip_checked"]
    assert [c["details"]["result"] for c in checked] == ["malformed", "valid"]
    assert checked[1]["details"]["ticket"] == "A-001"
    assert checked[1]["officer_name"] == "Andi Pratama"
    reprint = [a for a in actions if a["action"] == "reprint"]
    assert reprint and reprint[0]["details"]["printed"] is True
    assert [r.payload["via"] for r in fresh_db.records(kind="slip_reprint")] == ["officer"]
    assert "7571010101900003" not in str(actions)


def test_the_desk_refuses_to_reprint_what_is_not_here(fresh_db, config, registrar, keys,
                                                      clock, slips):
    """A not-found check cannot be reprinted."""
    desk = SlipDesk(fresh_db, config, registrar, Officers(fresh_db, clock), keys)
    result = desk.check("B-009", officer=None)
    with pytest.raises(ValueError):
        desk.reprint(result, slips, officer=None)
