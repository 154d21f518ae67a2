"""The quick readings of canonical JSON (strict_json.canonical_object, record_lines.canonical_line)
against the rules' reader (strict_json.loads): whatever they accept, the rules accept too, with
the same value; what the kiosk writes they accept; anything else is left to the rules (None)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.export import strict_json
from kiosk.export.record_lines import canonical_line
from kiosk.records.canonical import canonical_json
from kiosk.records.record import Record

MAX = strict_json.MAX_INT
keys = st.text(max_size=6)
text = st.text(max_size=12)             # control characters, non-ASCII, surrogates' halves
whole = st.integers(-MAX, MAX)
json_values = st.recursive(
    st.none() | st.booleans() | whole | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12)
objects = st.dictionaries(keys, json_values, max_size=5)
# Beyond the rules: fractions and exponents (J3), integers past 2^53 (J4).
any_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | text |
    st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12)


def _rules(data: bytes):
    """The rules' reading: the value, or JsonRefused."""
    try:
        return strict_json.loads(data, "text")
    except strict_json.JsonRefused as exc:
        return exc


@settings(max_examples=300)
@given(objects)
def test_what_the_kiosk_writes_is_read_quickly_as_the_rules_read_it(value):
    data = canonical_json(value).encode("utf-8")
    assert strict_json.canonical_object(data) == value == _rules(data)


@settings(max_examples=500)
@given(st.dictionaries(keys, any_values, max_size=5), st.sampled_from([
    lambda t: t,                                            # as written
    lambda t: t.replace(",", ", ", 1),                      # white space
    lambda t: t.replace('{"', '{"a":1,"', 1),               # perhaps a key twice
    lambda t: t.replace('":', '":\n', 1),
    lambda t: t.replace("0", "0.0", 1),                     # a fraction
    lambda t: t.replace("1", "1e0", 1),                     # an exponent
    lambda t: t.replace("é", "\\u00e9", 1),                 # an escape the kiosk never writes
    lambda t: t.replace('"', '"\\ud800', 1),               # an unpaired surrogate
    lambda t: "\ufeff" + t,                                 # a byte order mark
]))
def test_a_text_read_quickly_is_one_the_rules_accept_with_the_same_value(value, change):
    """Sorted or not, with floats, huge integers, repeated keys, white space, escapes:
    the quick reading either leaves the text to the rules or reads what they read."""
    written = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    data = change(written).encode("utf-8", "surrogatepass")
    quick = strict_json.canonical_object(data)
    if quick is not None:
        assert quick == _rules(data)


@pytest.mark.parametrize("data", [
    b'{"a":1.0}', b'{"a":1e2}', b'{"a":9007199254740992}', b'{"a":-9007199254740992}',
    b'{"a":1,"a":1}', b'{"b":1,"a":2}', b'{"a": 1}', b'[1]', b'{"a":"\\u00e9"}',
    b'{"a":"\\ud800"}', b'\xef\xbb\xbf{}', b'{"a":NaN}', b'{"a":-0}',
    ('{"a":' * 33 + "1" + "}" * 33).encode(),
])
def test_a_text_beyond_a_rule_or_not_canonical_is_left_to_the_rules(data):
    assert strict_json.canonical_object(data) is None


def test_thirty_two_levels_are_read_quickly():
    data = ('{"a":' * 31 + "[1]" + "}" * 31).encode()
    assert strict_json.canonical_object(data) == _rules(data)


lines = st.builds(Record, seq=st.integers(1, MAX), uuid=text, kiosk_id=text, kind=text,
                  created_utc=st.just("2019-10-23T01:30:00.000000Z"), payload_json=text,
                  sha256=st.just("0123456789abcdef" * 4), supersedes=st.none() | text,
                  redacted=st.booleans())


@settings(max_examples=300)
@given(lines)
def test_a_line_the_kiosk_writes_is_read_quickly_field_for_field(record):
    assert canonical_line(record.line()) == dataclasses.astuple(record)


GOOD = Record(7, "u", "k0000abcd", "complaint", "2019-10-23T01:30:00.000000Z", "{}",
              "a" * 64).line().decode()


@pytest.mark.parametrize("line", [
    GOOD.replace('"seq":7', '"seq":7.0'), GOOD.replace('"seq":7', '"seq":true'),
    GOOD.replace('"seq":7', f'"seq":{MAX + 1}'), GOOD.replace('"redacted":false', '"redacted":0'),
    GOOD.replace('"uuid":"u"', '"uuid":null'), GOOD.replace('"kind":', '"kind":"x","kind":'),
    GOOD.replace(',"uuid":"u"', ""), GOOD.replace('{"created', '{"a":1,"created'),
    GOOD.replace('"a', '"A', 1).replace("aaaa", "AAAA", 1),
    GOOD.replace(".000000Z", ".000000"), GOOD.replace(":", ": ", 1), " " + GOOD,
])
def test_a_line_off_the_schema_or_not_as_written_is_left_to_the_rules(line):
    assert canonical_line(line.encode()) is None
