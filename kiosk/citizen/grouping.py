"""Numbers shown as printed on cards while they are typed: an NIK in fours, a phone 0812-3456-7890.

Display only: the flow, the registrar and the record keep the digits as typed (the
validators drop separators anyway); the field on screen and the review show the grouped
form, so a person can check the number against the card group by group. A field's
`FieldSpec.grouping` names its kind ("nik" or "phone"); "" shows text as typed.

The functions map both ways, with the cursor's place counted in typed characters, so an
input can regroup as a person types without the cursor jumping (ui.citizen.fields).
"""

from __future__ import annotations

# One separator per kind: spaces as an NIK is read aloud and grouped on the family card,
# dashes as mobile numbers are written (0812-3456-7890, libphonenumber's national format).
SEPARATORS = {"nik": " ", "phone": "-"}


def _sizes(grouping: str, raw: str) -> list[int] | None:
    """Group sizes for `raw` digits, or None when this kind shows them as typed."""
    if grouping == "nik":
        return [4] * (len(raw) // 4 + 1)
    if grouping == "phone" and raw.startswith("0"):
        return [4, 4, max(len(raw) - 8, 0)]          # 0812-3456-the rest
    return None


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def grouped(grouping: str, raw: str) -> str:
    """The typed value as shown: digits grouped (no separator before the group is begun);
    anything but plain digits, or a kind without grouping, is shown as typed."""
    sizes = _sizes(grouping, raw) if _is_digits(raw) else None
    if not sizes:
        return raw
    groups, start = [], 0
    for size in sizes:
        if start >= len(raw):
            break
        groups.append(raw[start:start + size] if size else raw[start:])
        start += size if size else len(raw)
    return SEPARATORS[grouping].join(groups)


def ungrouped(grouping: str, shown: str) -> str:
    """What a field shows back to the typed value: its separators out when the rest is
    digits; else the text as it stands."""
    separator = SEPARATORS.get(grouping)
    if separator is None:
        return shown
    bare = shown.replace(separator, "")
    return bare if _is_digits(bare) else shown


def raw_index(grouping: str, shown: str, position: int) -> int:
    """How many typed characters stand before `position` in the shown text."""
    separator = SEPARATORS.get(grouping)
    head = shown[:position]
    if separator is None or ungrouped(grouping, shown) == shown:
        return len(head)
    return len(head) - head.count(separator)


def shown_index(grouping: str, shown: str, count: int) -> int:
    """The position just after `count` typed characters in the shown text (0 for none)."""
    separator = SEPARATORS.get(grouping)
    if separator is None or ungrouped(grouping, shown) == shown:
        return min(count, len(shown))
    seen = 0
    for index, ch in enumerate(shown):
        if seen == count:
            return index
        if ch != separator:
            seen += 1
    return len(shown)
