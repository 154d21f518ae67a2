"""Record lines and manifest fields: the fast line writer is exactly canonical JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.export.bundle import ExportRecord
from kiosk.export.manifest import (
    LINE_SCHEMA,
    ManifestError,
    check_fields,
    check_line,
    record_line,
)
from kiosk.records.canonical import canonical_json

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)


@given(seq=st.integers(1, 2**53), uuid=text, kiosk=text, kind=text, payload=text,
       supersedes=st.none() | text, redacted=st.booleans())
def test_record_line_is_canonical_json(seq, uuid, kiosk, kind, payload, supersedes, redacted):
    """For any text (quotes, control characters, non-ASCII), the line equals canonical_json."""
    rec = ExportRecord(seq, uuid, kiosk, kind, "2019-10-23T01:30:00.000000Z", payload,
                       "a" * 64, supersedes, redacted)
    expected = canonical_json({
        "seq": seq, "uuid": uuid, "kiosk_id": kiosk, "kind": kind,
        "created_utc": rec.created_utc, "supersedes": supersedes, "payload": payload,
        "payload_sha256": rec.sha256, "redacted": redacted})
    assert record_line(rec) == expected.encode("utf-8")


def test_record_line_refuses_wrong_types():
    """A seq that is not a whole number, or a field that is not text, is a programming error."""
    good = ExportRecord(1, "u", "k", "application", "2019-10-23T01:30:00.000000Z", "{}", "a" * 64)
    record_line(good)
    with pytest.raises(TypeError):
        record_line(ExportRecord(True, *list(good.__dict__.values())[1:]))
    with pytest.raises(TypeError):
        record_line(ExportRecord(1, None, *list(good.__dict__.values())[2:]))


def test_line_checks_agree_with_the_schema():
    """check_line accepts what the schema accepts and explains what it refuses."""
    line = json.loads(record_line(ExportRecord(
        1, "u", "k", "application", "2019-10-23T01:30:00.000000Z", "{}", "a" * 64)))
    check_fields(line, LINE_SCHEMA, "line")
    check_line(line, "line")
    for key, bad in [("seq", "1"), ("redacted", 0), ("payload_sha256", "A" * 64),
                     ("created_utc", "2019-10-23 01:30"), ("supersedes", 5)]:
        with pytest.raises(ManifestError) as err:
            check_line(dict(line, **{key: bad}), "line 3")
        assert "line 3" in str(err.value)
    with pytest.raises(ManifestError) as err:
        check_line({k: v for k, v in line.items() if k != "uuid"}, "line 3")
    assert "missing ['uuid']" in str(err.value)
