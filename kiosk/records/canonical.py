"""Canonical JSON (the bytes a record's SHA-256 is taken over) and its hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _reject_floats(value: Any) -> Any:
    if isinstance(value, float):
        raise TypeError("canonical JSON carries no floats; store integers or strings")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError("canonical JSON keys must be strings")
            _reject_floats(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _reject_floats(v)
    return value


def canonical_json(value: Any) -> str:
    """UTF-8 JSON with sorted keys, no spaces, no ASCII escaping of non-ASCII, no floats."""
    _reject_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def sha256_hex(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()
