"""Every visible string on every screen is translated: nothing English left in Indonesian.

Walks the screen tour; at each state it reads every visible label and button, switches
the language in place and reads them again. A text that stays the same in both languages
was never translated, unless the widget is marked verbatim (typed values, codes, keys)
or it is the event's own name. Also: every msgid the code uses has an Indonesian entry.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.citizen.pages import application_pages, complaint_pages
from kiosk.i18n import catalogue_path
from tests.helpers.tour import tour, tour_config
from tests.ui.conftest import start_kiosk

ROOT = Path(__file__).resolve().parents[3]
WORD = re.compile(r"[^\W\d_]{2,}")
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")   # a message key (pin.wrong)


def _catalogue(language: str) -> dict[str, str]:
    """msgid -> text; a plural entry by its singular msgid, with its first form."""
    with open(catalogue_path(language), "rb") as fh:
        return {(m.id if isinstance(m.id, str) else m.id[0]):
                (m.string if isinstance(m.string, str) else m.string[0])
                for m in read_po(fh) if m.id}


def _plural_ids(language: str) -> set[str]:
    with open(catalogue_path(language), "rb") as fh:
        return {m.id[0] for m in read_po(fh) if m.id and m.pluralizable}


def _key(widget: QWidget, top: QWidget) -> tuple:
    path = []
    while widget is not None and widget is not top:
        parent = widget.parentWidget()
        siblings = [c for c in parent.children() if type(c) is type(widget)
                    and c.objectName() == widget.objectName()] if parent else []
        path.append((type(widget).__name__, widget.objectName(),
                     siblings.index(widget) if widget in siblings else 0))
        widget = parent
    return tuple(reversed(path))


def _verbatim(widget: QWidget) -> bool:
    while widget is not None:
        if widget.property("verbatim") is True:
            return True
        widget = widget.parentWidget()
    return False


def visible_texts(window) -> dict[tuple, tuple[str, QWidget]]:
    out = {}
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        text = widget.text()
        if text and widget.isVisible():
            out[_key(widget, window)] = (text, widget)
    return out


def test_code_msgids_all_have_indonesian_text():
    """`pybabel extract` with babel.cfg finds only msgids that both catalogues hold, a
    t.ngettext message as a plural entry and a t() message as a plain one."""
    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    extracted = [msg for _f, _l, msg, *_ in extract_from_dir(str(ROOT), method_map,
                                                              options_map)]
    found = {m if isinstance(m, str) else m[0] for m in extracted}
    ids, ens = _catalogue("id"), _catalogue("en")
    assert sorted(m for m in found if not ids.get(m)) == []
    assert sorted(m for m in found if m not in ens) == []
    assert len(found) > 150
    plural = {m[0] for m in extracted if not isinstance(m, str)}
    for language in ("id", "en"):
        held = _plural_ids(language)
        assert sorted(plural - held) == [], language
        assert sorted(m for m in found - plural if m in held and not KEY.match(m)) == []


def test_choice_error_keys_are_translated():
    """Each choice field's '<field>.empty' error key reads as words in both languages."""
    ids, ens = _catalogue("id"), _catalogue("en")
    pages = application_pages("LOST", child=True, years=(5, 10)) + \
        application_pages("DAMAGED", child=False, years=(5,)) + complaint_pages("identified")
    keys = {f"{f.name}.empty" for p in pages for f in p.fields if f.kind == "choice"}
    assert sorted(k for k in keys if not ids.get(k) or not ens.get(k)) == []


def test_every_screen_is_translated_in_place(qtbot, tmp_path):
    """At every tour stop, no visible text is an untranslated msgid or the same in en and id."""
    k = start_kiosk(qtbot, tmp_path, config=tour_config())
    # Let the kiosk finish building ahead: a keyboard layout added mid-tour re-orders the
    # keyboard's children, and the widget paths below would change though nothing shown did.
    k.touch.settle(lambda: k.app.controller.warm)
    ids = _catalogue("id")
    english_only = {msgid for msgid, text in ids.items() if text and text != msgid}
    event = k.app.config.event
    own_names = {event.office, event.name, event.venue, event.pickup_place}
    problems = []
    stops = 0
    try:
        for stop in tour(k, "id"):
            stops += 1
            before = visible_texts(k.window)
            for text, widget in before.values():
                if text in english_only:
                    problems.append((stop, widget.objectName(), text, "untranslated msgid"))
            k.app.controller.set_language("en")
            QCoreApplication.processEvents()      # widgets added to a layout show queued
            after = visible_texts(k.window)
            for key, (text, widget) in before.items():
                if key not in after or after[key][0] != text:
                    continue
                if _verbatim(widget) or text in own_names or not WORD.search(text):
                    continue
                problems.append((stop, widget.objectName(), text, "same in id and en"))
            k.app.controller.set_language("id")
            QCoreApplication.processEvents()
            again = set(visible_texts(k.window))
            assert again == set(before) or stop == "still-there", (
                stop, [k[-3:] for k in again ^ set(before)])
    finally:
        k.app.close()
    assert stops >= 29
    assert problems == []
