"""The one record type: its line is exactly canonical JSON and reads back as the same record."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.export.manifest import check_line
from kiosk.records.canonical import canonical_json
from kiosk.records.record import LINE_SCHEMA, Record

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@given(seq=st.integers(1, 2**53), uuid=text, kiosk=text, kind=text, payload=text,
       supersedes=st.none() | text, redacted=st.booleans())
def test_record_line_is_canonical_json(seq, uuid, kiosk, kind, payload, supersedes, redacted):
    """For any text (quotes, control characters, non-ASCII), the line equals canonical_json."""
    rec = Record(seq, uuid, kiosk, kind, "2019-10-23T01:30:00.000000Z", payload,
                 "a" * 64, supersedes, redacted)
    expected = canonical_json({
        "seq": seq, "uuid": uuid, "kiosk_id": kiosk, "kind": kind,
        "created_utc": rec.created_utc, "supersedes": supersedes, "payload": payload,
        "payload_sha256": rec.sha256, "redacted": redacted})
    assert rec.line() == expected.encode("utf-8")


@given(seq=st.integers(1, 2**53), uuid=text, payload=text, supersedes=st.none() | text,
       redacted=st.booleans())
def test_a_line_reads_back_as_the_same_record(seq, uuid, payload, supersedes, redacted):
    """Writer and reader share the type: from_line(line) gives back every field."""
    rec = Record(seq, uuid, "k0000abcd", "complaint", "2019-10-23T01:30:00.000000Z", payload,
                 "b" * 64, supersedes, redacted)
    fields = json.loads(rec.line())
    assert set(fields) == set(LINE_SCHEMA)
    assert Record.from_line(fields) == rec


@given(seq=st.integers(1, 2**53), uuid=text, payload=text, supersedes=st.none() | text,
       redacted=st.booleans())
def test_a_row_of_fields_reads_back_as_the_same_record(seq, uuid, payload, supersedes,
                                                       redacted):
    """from_row of the fields in declaration order (as the office's verifying worker sends
    them) is the record itself: equal, same hash and repr, frozen, payload parsed on use."""
    rec = Record(seq, uuid, "k0000abcd", "complaint", "2019-10-23T01:30:00.000000Z", payload,
                 "b" * 64, supersedes, redacted)
    read = Record.from_row(dataclasses.astuple(rec))
    assert (read, hash(read), repr(read)) == (rec, hash(rec), repr(rec))
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.seq = 8
    with pytest.raises(ValueError):
        Record.from_row(dataclasses.astuple(rec)[:-1])
    given = {"unit": "the parsed value"}
    assert Record.from_row(dataclasses.astuple(rec), given).payload is given


def test_record_line_refuses_wrong_types():
    """A seq that is not a whole number, or a field that is not text, is a programming error."""
    good = Record(1, "u", "k", "application", "2019-10-23T01:30:00.000000Z", "{}", "a" * 64)
    check_line(json.loads(good.line()), "line")
    with pytest.raises(TypeError):
        dataclasses.replace(good, seq=True).line()
    with pytest.raises(TypeError):
        dataclasses.replace(good, uuid=None).line()


def test_payload_is_parsed_from_the_stored_text():
    """The payload dict is the stored canonical text, parsed (what the hash covers)."""
    rec = Record(1, "u", "k", "info", "2019-10-23T01:30:00.000000Z",
                 canonical_json({"service": "NEW", "language": "id"}), "a" * 64)
    assert rec.payload == {"language": "id", "service": "NEW"}


def test_a_record_from_a_line_is_a_record_like_any_other():
    """from_line fills the instance directly: still equal, same hash and repr, still frozen;
    a payload given is the one kept (not parsed again), without one it is parsed on use."""
    rec = Record(7, "u", "k0000abcd", "complaint", "2019-10-23T01:30:00.000000Z",
                 '{"unit":"Paspor"}', "c" * 64, None, True)
    fields = json.loads(rec.line())
    read = Record.from_line(fields)
    assert (read, hash(read), repr(read)) == (rec, hash(rec), repr(rec))
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.seq = 8
    assert read.payload == {"unit": "Paspor"}
    given = {"unit": "the parsed value"}
    assert Record.from_line(fields, given).payload is given
