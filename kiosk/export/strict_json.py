"""Reading a bundle's JSON so that every reader, in any language, gets the same value or refuses.

JSON parsers disagree at the edges: a repeated key (first or last wins?), `1e400`, `NaN`,
integers beyond 2^53, an unpaired surrogate escape, nesting thousands deep. A bundle is
signed, so a kiosk's own key can sign any of these; the rules below (docs/bundle-format.md
section 4, "Reading JSON", J1 to J6; they follow I-JSON, RFC 7493, and refuse fractions
too) make such a text invalid instead of letting two readers see two different manifests.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from kiosk.errors import KioskError

MAX_INT = 2**53 - 1          # J4: every JSON reader holds these integers exactly
MAX_DEPTH = 32               # J6: a manifest has 4 levels, a record line 1, a payload 2 or 3


class JsonRefused(KioskError, ValueError):
    """A text that breaks a rule of section 4: `rule` is J1..J6, `detail` says where."""

    key = "bundle.fields"

    def __init__(self, rule: str, detail: str) -> None:
        self.rule, self.detail = rule, detail
        super().__init__(detail=f"{detail} (rule {rule})")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonRefused("J2", f"an object names the key {key!r} twice")
            seen.add(key)
    return obj


def _no_fraction(text: str) -> Any:
    raise JsonRefused("J3", f"the number {text[:40]} is not a whole number written without "
                            "a fraction or exponent")


def _no_constant(text: str) -> Any:
    raise JsonRefused("J1", f"{text} is not JSON")


def _integer(text: str) -> int:
    # Length first: int() of thousands of digits is slow, and refused beyond 4300.
    if len(text) < 16 or (len(text) <= 17 and -MAX_INT <= int(text) <= MAX_INT):
        return int(text)
    raise JsonRefused("J4", f"the integer {text[:40]}{'...' if len(text) > 40 else ''} is "
                            f"beyond 2^53 - 1")


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_no_fraction,
                            parse_constant=_no_constant, parse_int=_integer)
# The same decoder's scanner, called directly for thousands of small texts: (value, end)
# of the JSON value at an index, no white space skipped, JsonRefused by J2 to J4,
# StopIteration where no value starts, ValueError (JSONDecodeError) for broken JSON.
# Only J1 (UTF-8, no BOM), J5 and J6 are left to the caller (kiosk/export/verify.py).
scan_once = _DECODER.scan_once


def loads(data: bytes | str, what: str, *, flat: bool = False) -> Any:
    """The value of a JSON text under rules J1 to J6; JsonRefused(rule, detail) otherwise.

    `data`: UTF-8 bytes (or text already decoded from them); `what` names it in messages.
    `flat=True` skips the depth count (J6) for a text whose next check refuses any nesting
    anyway (a record line), under the same rule number.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonRefused("J1", f"{what} is not UTF-8 (byte {exc.start})") from None
    else:
        text = data
    if text.startswith("\ufeff"):
        raise JsonRefused("J1", f"{what} starts with a byte order mark")
    try:
        value = _DECODER.decode(text)
    except JsonRefused as exc:
        raise JsonRefused(exc.rule, f"{what}: {exc.detail}") from None
    except json.JSONDecodeError as exc:
        raise JsonRefused("J1", f"{what} is not JSON ({exc})") from None
    except RecursionError:
        raise JsonRefused("J6", f"{what} is nested more than {MAX_DEPTH} levels deep") from None
    # Depth can only exceed MAX_DEPTH with more openers than that, and an unpaired surrogate
    # can only come from a \u escape: the common text skips both checks.
    if not flat and text.count("{") + text.count("[") > MAX_DEPTH and \
            isinstance(value, dict | list) and _depth(value) > MAX_DEPTH:
        raise JsonRefused("J6", f"{what} is nested more than {MAX_DEPTH} levels deep")
    if "\\u" in text:
        _surrogates(value, what)
    return value


def _depth(value: Any) -> int:
    """The deepest nesting of objects and lists in a parsed value (the outermost is 1),
    one level at a time, stopping past MAX_DEPTH: a manifest's thousands of items (one
    level of flat objects) cost a pass over their values."""
    depth, level = 0, [value]
    while level and depth <= MAX_DEPTH:
        depth += 1
        level = [child for item in level
                 for child in (item.values() if type(item) is dict else item)
                 if type(child) is dict or type(child) is list]
    return depth


def _surrogates(value: Any, what: str) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise JsonRefused("J5", f"{what} holds an unpaired surrogate (\\ud800 to "
                                        "\\udfff escaped alone)") from None
        elif isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list):
            stack += item


_CANONICAL_READER = msgspec.json.Decoder()
_CANONICAL_WRITER = msgspec.json.Encoder(order="sorted")


def canonical_object(data: bytes) -> dict[str, Any] | None:
    """The object `data` holds when it is written exactly as canonical JSON writes it
    (docs/bundle-format.md section 4: sorted keys, no white space, UTF-8 as itself, the
    short escapes): read by msgspec and written back out by it, byte for byte the same;
    else None, which says nothing of whether the text is valid: read it by the rules.

    Such a text keeps J1 (msgspec refuses what RFC 8259 does, a BOM and invalid UTF-8
    included), J2 (a writer names each key once, so the text does), J5 (an unpaired
    surrogate can be neither read nor written); J3, J4 and J6 are checked on the value.
    Half the time of the rules' reader for a day's payloads, with a tenth of its calls."""
    try:
        value = _CANONICAL_READER.decode(data)
        if type(value) is not dict or _CANONICAL_WRITER.encode(value) != data:
            return None
    except (msgspec.DecodeError, msgspec.EncodeError, UnicodeError, RecursionError):
        return None
    return value if _whole_and_shallow(value) else None


def _whole_and_shallow(value: dict[str, Any]) -> bool:
    """No fraction (J3), every integer within 2^53 - 1 (J4), at most MAX_DEPTH levels (J6)."""
    level: list[Any] = [value]
    for _depth in range(MAX_DEPTH):
        deeper = []
        for item in level:
            for child in (item.values() if type(item) is dict else item):
                kind = type(child)
                if kind is dict or kind is list:
                    deeper.append(child)
                elif kind is float or (kind is int and not -MAX_INT <= child <= MAX_INT):
                    return False
        if not deeper:
            return True
        level = deeper
    return False
