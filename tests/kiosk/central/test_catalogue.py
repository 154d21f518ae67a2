"""The staff pages' catalogue: every string of the templates and every code shown through
_(code) has its Indonesian text; English shows codes as words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from kiosk.central.audit import ACTIONS
from kiosk.central.complaints import STATUSES
from kiosk.central.derive import TICKET_STATUS
from kiosk.central.i18n import PageText, catalogue_path
from kiosk.central.pages.common import TEMPLATES
from kiosk.central.staff import ROLES
from kiosk.citizen.schema import COMPLAINT_CATEGORIES, IDENTITY_MODES, UNITS
from kiosk.records.record import KINDS

ROOT = Path(__file__).resolve().parents[3]
CODES = (*ROLES, *STATUSES, *TICKET_STATUS.values(),
         *(c.value for c in (*COMPLAINT_CATEGORIES, *IDENTITY_MODES, *UNITS)),
         *KINDS, *ACTIONS, "NEW", "RENEW", "LOST", "DAMAGED", "stick", "network", "bundle",
         "batch", "active", "revoked",
         # audit details (kiosk.central.pages.common.audit_detail)
         "accepted", "duplicate", "conflict", "bundle_id", "file_sha256", "already_received",
         "event", "code_expires_utc", "role", "records", "archives", "personal_data_days",
         "day", "rows", "yes", "no", "{n} character")


def template_strings() -> set[str]:
    """The templates' _("...") texts and their ngettext(...) messages (by the singular)."""
    return {msg if isinstance(msg, str) else msg[0] for _f, _l, msg, _c, _x in extract_from_dir(
        str(TEMPLATES), method_map=[("**.html", "jinja2")],
        keywords={"_": None, "ngettext": (1, 2)})}


def code_strings() -> set[str]:
    """ComplaintError keys and the pages' messages, as written in the code."""
    found = set()
    for path in (ROOT / "kiosk" / "central").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'ComplaintError\(\s*"([^"]+)"', text))
        found |= set(re.findall(r'message="([^"]+)"', text))
    return found


def test_both_catalogues_exist_in_their_own_domain():
    """central.po beside the kiosk's kiosk.po, in both languages."""
    for lang in ("id", "en"):
        assert catalogue_path(lang).name == "central.po" and catalogue_path(lang).exists()


@pytest.mark.parametrize("msgid", sorted(template_strings() | code_strings() | set(CODES)))
def test_every_string_is_in_indonesian(msgid):
    """Nothing on a page falls back to English in Indonesian."""
    import zoneinfo

    assert PageText("id", zoneinfo.ZoneInfo("Asia/Makassar")).has(msgid), msgid


def test_english_shows_codes_as_words():
    """complaints_officer -> complaints officer; no underscore or dotted code on an English page."""
    import zoneinfo

    t = PageText("en", zoneinfo.ZoneInfo("Asia/Makassar"))
    for code in CODES:
        assert "_" not in t(code) and (code in ("NEW", "RENEW") or "." not in t(code)), code


def test_every_audit_action_written_is_declared():
    """An action written in the code but missing from ACTIONS would show untranslated."""
    written = set()
    for path in (ROOT / "kiosk" / "central").rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert written <= set(ACTIONS)


def test_audit_details_say_yes_and_no_in_words():
    """An import's "already received" reads ya/tidak on an Indonesian page, never False."""
    import zoneinfo

    from kiosk.central.pages.common import audit_detail

    tz = zoneinfo.ZoneInfo("Asia/Makassar")
    detail = '{"accepted": 3, "already_received": false}'
    assert audit_detail(detail, PageText("id", tz)) == "diterima 3, sudah diterima tidak"
    assert audit_detail(detail, PageText("en", tz)) == "accepted 3, already received no"
    assert "True" not in audit_detail('{"already_received": true}', PageText("id", tz))


def test_every_msgid_of_the_office_is_used():
    """Each msgid of central.po is a template's text, a page or complaint message of the
    code, a code listed above, or found by `pybabel extract -F resources/central/babel.cfg`:
    nothing kept that no page can show."""
    import io

    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    with open(ROOT / "resources" / "central" / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    extracted = {m if isinstance(m, str) else m[0] for _f, _l, m, *_ in extract_from_dir(
        str(ROOT), method_map, options_map,
        keywords={"_": None, "t": None, "N_": None, "ngettext": (1, 2)})}
    used = extracted | template_strings() | code_strings() | set(CODES)
    for language in ("id", "en"):
        text = catalogue_path(language).read_bytes()
        held = {m.id if isinstance(m.id, str) else m.id[0]
                for m in read_po(io.BytesIO(text)) if m.id}
        assert sorted(held - used) == [], language


def test_missing_seq_ranges_read_in_the_page_language():
    """The kiosks page's "missing 4-5, 7 and more" says "dan lainnya" in Indonesian; the
    English of the command line is unchanged."""
    import zoneinfo

    from kiosk.central.gaps import KioskGaps

    gaps = KioskGaps("k1", 3, 20, [(4, 5), (7, 7)], truncated=True)
    tz = zoneinfo.ZoneInfo("Asia/Makassar")
    assert gaps.describe(PageText("id", tz)) == "4-5, 7 dan lainnya"
    assert gaps.describe(PageText("en", tz)) == "4-5, 7 and more"
    assert gaps.describe() == "4-5, 7 and more"
    for template in ("kiosks.html", "kiosk.html"):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        assert "describe(t)" in text and "describe()" not in text, template
