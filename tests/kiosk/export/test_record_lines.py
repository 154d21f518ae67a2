"""The quick reading of a day's record lines (kiosk/export/record_lines.py) against the
rule-by-rule reading: it gives up on every broken rule of section 10 and on valid lines the
kiosk would not write, and otherwise reads exactly what the rule-by-rule reading reads."""

from __future__ import annotations

from kiosk.export import record_lines
from kiosk.export.verify import verify_bundle
from kiosk.records.canonical import sha256_hex
from tests.helpers.forge import edit_line, replace_in_line
from tests.kiosk.export.conftest import verdict as _verdict
from tests.kiosk.export.test_rules import CASES


def test_the_bulk_reading_of_lines_gives_up_on_every_broken_rule(forge, trusted, central,
                                                                 plain_seen, monkeypatch):
    """record_lines.plain_records (a day's lines read in bulk) returns None for every row of
    section 10 that gets past 10.1, so the rule-by-rule reading names the rule; a good
    bundle it reads whole, record for record and payload for payload as that reading."""
    seen = plain_seen
    for case in CASES:
        if not case.rule.startswith("10.") or case.rule == "10.1":
            continue
        seen.clear()
        step, rule, _reason = _verdict(forge.build(**case.build), trusted, central)
        assert (step, rule, seen) == ("records", case.rule, [None]), case.what
    seen.clear()
    data = forge.build()
    bulk = verify_bundle(data, kiosk_keys=trusted, central_key=central[0]).records
    assert seen and seen[0] is not None
    monkeypatch.setattr(record_lines, "plain_records", lambda *args: None)
    one_by_one = verify_bundle(data, kiosk_keys=trusted, central_key=central[0]).records
    assert bulk == one_by_one
    assert [r.payload for r in bulk] == [r.payload for r in one_by_one]


def test_a_valid_line_the_kiosk_would_not_write_is_read_rule_by_rule(forge, trusted, central,
                                                                     plain_seen):
    """A line with white space before it and a \\u escape in its payload keeps every rule
    (section 4 allows both) but is not plain: the quick reading gives up (None) and the
    rule-by-rule reading accepts the bundle, that record with the escape's value. The same
    line repeating a key is refused by that reading, naming rule 10.3 (J2)."""
    seen = plain_seen
    payload = '{"place":"Mal \\u0047orontalo","service":"NEW"}'

    def written_otherwise(lines):
        lines = edit_line(0, lambda r: r.update(payload=payload,
                                                payload_sha256=sha256_hex(payload)))(lines)
        return replace_in_line(0, '{"created_utc"', ' {"created_utc"')(lines)

    bundle = verify_bundle(forge.build(lines=written_otherwise), kiosk_keys=trusted,
                           central_key=central[0])
    assert seen == [None] and len(bundle.records) == len(forge.lines) > 1
    assert bundle.records[0].payload == {"place": "Mal Gorontalo", "service": "NEW"}
    assert bundle.records[0].payload_json == payload
    seen.clear()
    repeated = forge.build(lines=lambda lines: replace_in_line(
        0, '"kind":', '"kind":"x","kind":')(written_otherwise(lines)))
    assert _verdict(repeated, trusted, central)[:2] == ("records", "10.3")
    assert seen == [None]
