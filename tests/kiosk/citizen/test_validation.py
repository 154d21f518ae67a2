"""Validators: NIK, phone, name, dates, police report, free text; no input crashes them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.citizen import validation as v

TODAY = dt.date(2025, 6, 2)


@pytest.mark.parametrize("nik", [
    "7571010101900003",      # Kota Gorontalo, man born 1 Jan 1990
    "7571014101900003",      # the same date for a woman: day + 40
    "7571012902000003",      # 29 February 2000
    "3171011708450001",      # Jakarta, 17 Aug 1945
    "7571 0101 0190 0003",   # spaces as printed
    "9301010101900003",      # Merauke, Papua Selatan (Kemendagri 93, since 2022)
    "9671010101900003",      # Kota Sorong, Papua Barat Daya (96)
    "9202010101900003",      # Manokwari, Papua Barat in the Kemendagri numbering (92)
    "9501010101900003",      # Jayawijaya, Papua Pegunungan (95)
    "6571010101900003",      # Tarakan, Kalimantan Utara (65, since 2012)
])
def test_valid_niks_are_accepted(nik):
    """Real NIK shapes, including women's day + 40 and a leap day, pass."""
    result = v.nik(nik)
    assert result.ok and result.value == nik.replace(" ", "")


@pytest.mark.parametrize(("nik", "key"), [
    ("", "nik.empty"),
    ("757101010190003", "nik.length"),      # 15 digits
    ("75710101019000031", "nik.length"),    # 17 digits
    ("75710101019000a3", "nik.digits"),
    ("7571012902010003", "nik.date"),       # 29 February 2001 does not exist
    ("7571017201900003", "nik.date"),       # day 72 - 40 = 32
    ("7571018101900003", "nik.date"),       # day 81 is neither a man's nor a woman's day
    ("7571010001900003", "nik.date"),       # day 00
    ("9971011708450001", "nik.region"),     # unknown province 99
    ("７５７１０１０１０１９０００３", "nik.digits"),  # full-width digits
])
def test_invalid_niks_carry_a_message_key(nik, key):
    """Each wrong NIK says why, by message key."""
    result = v.nik(nik)
    assert not result.ok and result.key == key


def test_nik_length_error_carries_the_count():
    """The length message can tell how many digits were typed."""
    assert v.nik("757101010190003").params == {"count": 15}


def test_nik_agrees_with_birth_date_and_sex():
    """DDMMYY (day + 40 for women) must match what was entered."""
    born = dt.date(1990, 1, 1)
    assert v.nik_agrees("7571010101900003", birth_date=born, sex="M") is None
    assert v.nik_agrees("7571014101900003", birth_date=born, sex="F") is None
    assert v.nik_agrees("7571014101900003", birth_date=born, sex="M").key == "nik.sex_mismatch"
    assert v.nik_agrees("7571010101900003", birth_date=dt.date(1990, 1, 2),
                        sex="M").key == "nik.birth_mismatch"
    assert v.nik_agrees("7571010101900003", birth_date=dt.date(1991, 1, 1),
                        sex="M").key == "nik.birth_mismatch"


@pytest.mark.parametrize("text", [
    "081234567890", "0812-3456-7890", "0812 3456 7890", "6281234567890",
    "+6281234567890", "+62 812-3456-7890", "(0812) 3456 7890",
])
def test_phone_local_forms_normalise_to_e164(text):
    """08…, 628… and +628… in any spacing become +628…."""
    assert v.phone(text).value == "+6281234567890"


@pytest.mark.parametrize(("text", "key"), [
    ("", "phone.empty"), ("0812345", "phone.short"), ("08123456789012", "phone.long"),
    ("0435881234", "phone.mobile"), ("+1 555 0100", "phone.format"), ("08l2345678", "phone.format"),
    ("12345678901", "phone.format"), ("00812345678", "phone.format"),
    ("0800123456", "phone.mobile"),          # toll-free
    ("08001234567", "phone.mobile"),         # toll-free, 11 digits
    ("0801234567", "phone.mobile"),          # 080x: no operator
    ("08412345678", "phone.mobile"),         # 084x: no operator
    ("0214567890", "phone.mobile"),          # a Jakarta landline
    ("+6280012345678", "phone.mobile"),      # toll-free in the international form
])
def test_bad_phones_are_refused(text, key):
    """Too short, too long, landlines, toll-free, unassigned and foreign numbers say why."""
    assert v.phone(text).key == key


def test_phone_length_messages_say_the_bounds():
    """"Too short" and "too long" carry the digits a mobile number has in the 08 form."""
    assert v.phone("0812345").params == {"min": 10, "max": 13}
    assert v.phone("08123456789012").params == {"min": 10, "max": 13}


@pytest.mark.parametrize("text", ["081234567890", "085212345678", "087812345678",
                                  "089512345678", "088112345678", "083112345678"])
def test_mobile_prefixes_of_every_operator_pass(text):
    """Telkomsel, Indosat, XL, Tri, Smartfren and Axis numbers are mobiles."""
    assert v.phone(text).value == "+62" + text[1:]


def test_shortest_and_longest_mobile_numbers():
    """10 and 13 digits in local form are the bounds."""
    assert v.phone("0812345678").value == "+62812345678"
    assert v.phone("0812345678901").value == "+62812345678901"


@pytest.mark.parametrize(("text", "stored"), [
    ("siti nur'aini", "SITI NUR'AINI"),
    ("Abdul-Rahman", "ABDUL-RAHMAN"),
    ("  budi   santoso ", "BUDI SANTOSO"),
    ("Sukarno", "SUKARNO"),
    ("H. Muh. Yusuf", "H. MUH. YUSUF"),
    ("Nur\u2019aini", "NUR'AINI"),
    ("Strau\u00df", "STRAUSS"),              # upper-cased as the e-KTP writes it
])
def test_names_as_on_the_ektp(text, stored):
    """Apostrophes, hyphens, dots and single words are fine; stored uppercase."""
    assert v.name(text).value == stored


@pytest.mark.parametrize(("text", "key"), [
    ("", "name.empty"), ("Budi2", "name.chars"), ("'-.", "name.chars"),
    ("A" * 101, "name.long"), ("Budi <script>", "name.chars"),
    ("\u0645\u062d\u0645\u062f", "name.latin"),     # Arabic: printed unjoined and reversed
    ("\u674e\u5c0f\u9f99", "name.latin"),           # CJK: empty boxes on the PDF slip
    ("\u0418\u0432\u0430\u043d", "name.latin"),     # Cyrillic
    ("\u00d8rsted", "name.latin"),                  # a Latin letter with no A-Z form
    ("Jos\u00e9", "name.accent"), ("Mu\u00f1oz", "name.accent"),
    ("Jose\u0301", "name.accent"),                  # a combining accent
    ("\u00df" * 51, "name.long"),                    # 51 characters, 102 when stored
])
def test_bad_names(text, key):
    """Digits, symbols, other alphabets, accents and over 100 stored characters are refused."""
    assert v.name(text).key == key


def test_the_name_limit_is_on_the_stored_form():
    """Upper-casing ß to SS counts: 50 of them are 100 stored characters, and fit."""
    assert v.name("\u00df" * 50).value == "SS" * 50


@pytest.mark.parametrize(("text", "result"), [
    ("Gorontalo", "Gorontalo"), ("'s-Gravenhage", "'s-Gravenhage"),
    ("Z\u00fcrich", "place.accent"), ("\u6771\u4eac", "place.latin"), ("", "place.empty"),
    ("X" * 61, "place.long"), ("Km 8", "place.chars"),
])
def test_places_of_birth_as_on_the_ektp(text, result):
    """A place of birth follows the e-KTP's alphabet too, kept as typed, 60 at most."""
    checked = v.place(text)
    assert (checked.value if checked.ok else checked.key) == result


@pytest.mark.parametrize("text", ["23-10-2019", "23/10/2019", "23102019", "2019-10-23",
                                  "23.10.2019"])
def test_date_forms(text):
    """Keypad and written date forms all read as 23 October 2019."""
    assert v.date(text, today=TODAY).value == dt.date(2019, 10, 23)


@pytest.mark.parametrize(("text", "key"), [
    ("", "date.empty"), ("31-02-2019", "date.invalid"), ("01-01-2030", "date.future"),
    ("1-1-1850", "date.too_old"), ("kemarin", "date.format"), ("2019", "date.format"),
])
def test_bad_dates(text, key):
    """Impossible, future and malformed dates are refused."""
    assert v.date(text, today=TODAY).key == key


def test_police_report_numbers():
    """Police report numbers are uppercased; they need a digit and allowed characters only."""
    assert v.police_report("sktlk/123/x/2019/spkt").value == "SKTLK/123/X/2019/SPKT"
    assert v.police_report("").key == "police.empty"
    assert v.police_report("SKTLK/ABC").key == "police.format"
    assert v.police_report("LP#12").key == "police.format"


def test_free_text_is_bounded():
    """Free text is trimmed, control characters dropped, and capped."""
    assert v.free_text(" antre\x00 lama ").value == "antre lama"
    assert v.free_text("x" * 2001).key == "text.long"
    assert v.free_text("   ").key == "text.empty"
    assert v.free_text("", required=False).value == ""


def test_email_is_optional_but_checked():
    """Empty e-mail is fine; a malformed one is not."""
    assert v.email("").value == ""
    assert v.email("Budi@Example.co.id").value == "budi@example.co.id"
    assert v.email("budi@").key == "email.format"


VALIDATORS = [v.nik, v.phone, v.name, v.place, v.police_report, v.free_text, v.email,
              lambda x: v.date(x, today=TODAY),
              lambda x: v.DateRule(years_back=5)(x, today=dt.date(2024, 2, 29))]


@given(st.one_of(st.text(), st.none(), st.integers(), st.binary()),
       st.sampled_from(VALIDATORS))
def test_no_input_crashes_a_validator(value, validator):
    """Whatever arrives, a validator answers Ok or Err, never an exception."""
    result = validator(value)
    assert isinstance(result, v.Ok | v.Err)
    if isinstance(result, v.Err):
        assert "." in result.key


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_any_accepted_nik_has_a_birth_date_and_sex(number):
    """An accepted NIK always yields a sex and a birth date that agree with it."""
    result = v.nik(number)
    if result.ok:
        sex = v.nik_sex(result.value)
        from stdnum.id.nik import get_birth_date
        born = get_birth_date(result.value)
        assert v.nik_agrees(result.value, birth_date=born, sex=sex) is None


def _clean_slowly(text: str) -> str:
    """The full cleaning: drop control characters (but tab and newline), collapse spaces."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    return re.sub(r"\s+", " ", text).strip()


@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=127))))
def test_plain_ascii_is_cleaned_as_any_text_is(text):
    """The quick path for what the keypads type cleans exactly as the full path does."""
    assert v._clean(text) == _clean_slowly(text)
