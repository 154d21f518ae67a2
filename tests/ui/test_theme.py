"""The theme keeps its promises: contrast at least 4.5:1, type 24 px or more, 72 px buttons."""

from __future__ import annotations

import re

from ui.kit.widgets import stylesheet

RULE = re.compile(r"([^{}]+)\{([^}]*)\}")


def rules() -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    out = []
    for selector, body in RULE.findall(text):
        props = {}
        for part in body.split(";"):
            if ":" in part:
                key, value = part.split(":", 1)
                props[key.strip()] = value.strip()
        out.append((selector.strip(), props))
    return out


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_text_colour_has_at_least_aa_contrast():
    """Each rule's text colour against its background: 4.5:1 or more (WCAG AA)."""
    checked, bad = 0, []
    for selector, props in rules():
        fg, bg = props.get("color", ""), props.get("background-color", "")
        if fg.startswith("#") and bg.startswith("#"):
            checked += 1
            if contrast(fg, bg) < 4.5:
                bad.append((selector, fg, bg, round(contrast(fg, bg), 2)))
    assert checked >= 25 and bad == []


def test_tile_text_reads_on_both_tile_backgrounds():
    """Tile labels are transparent: their colours must read on white and on the chosen gold."""
    tiles = {sel: p for sel, p in rules() if "tile" in sel}
    backgrounds = {p["background-color"] for sel, p in tiles.items()
                   if "tile\"]" in sel and "background-color" in p}
    labels = {p["color"] for sel, p in tiles.items() if "tileTitle" in sel or "tileDetail" in sel}
    assert len(backgrounds) == 2 and len(labels) == 2
    assert min(contrast(fg, bg) for fg in labels for bg in backgrounds) >= 4.5


def test_type_is_large_and_buttons_tall():
    """No text under 24 px; buttons at least 72 px tall; the ticket code 120 px or more."""
    sizes = {sel: int(p["font-size"].removesuffix("px")) for sel, p in rules()
             if "font-size" in p}
    assert min(sizes.values()) >= 24
    assert sizes["QLabel#ticketCode"] >= 120
    heights = [int(p["min-height"].removesuffix("px")) for sel, p in rules()
               if sel.startswith("QPushButton") and "min-height" in p]
    assert heights and min(heights) >= 72
    button = dict(rules())["QPushButton"]
    assert int(button["font-size"].removesuffix("px")) >= 32
