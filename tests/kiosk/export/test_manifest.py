"""Manifest and record-line fields: the checks say exactly what is wrong."""

from __future__ import annotations

import json

import pytest

from kiosk.export.manifest import (
    ManifestError,
    check_fields,
    check_line,
)
from kiosk.records.record import LINE_SCHEMA, Record


def test_line_checks_agree_with_the_schema():
    """check_line accepts what the schema accepts and explains what it refuses."""
    line = json.loads(Record(
        1, "u", "k", "application", "2019-10-23T01:30:00.000000Z", "{}", "a" * 64).line())
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
