"""One error base: every exception of the core carries a message key both catalogues know."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import kiosk
from kiosk.errors import KioskError, describe
from kiosk.export.target import ExportError
from kiosk.i18n import Translator
from kiosk.queue.console import QueueError

ROOT = Path(kiosk.__file__).resolve().parent
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def core_modules():
    for info in pkgutil.walk_packages([str(ROOT)], prefix="kiosk."):
        if info.name.startswith("kiosk.central") or info.name.endswith("__main__"):
            continue            # the office receiver has its own catalogue
        yield importlib.import_module(info.name)


def core_exceptions() -> list[type[BaseException]]:
    found = {}
    for module in core_modules():
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                found[obj.__qualname__] = obj
    return list(found.values())


def test_every_exception_of_the_core_shares_the_base():
    """A new exception class in kiosk/ that does not derive from KioskError fails here."""
    classes = core_exceptions()
    assert len(classes) >= 13
    strays = [c.__qualname__ for c in classes if not issubclass(c, KioskError)]
    assert strays == []


def raised_keys() -> list[tuple[str, str, set[str]]]:
    """(where, key, keyword names) of every `raise SomeError("some.key", name=...)` in kiosk/."""
    names = {c.__name__ for c in core_exceptions()} | {"KioskError"}
    out = []
    for path in ROOT.rglob("*.py"):
        if "central" in path.relative_to(ROOT).parts:     # not the checkout's own folder
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in names \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and "." in node.args[0].value \
                    and " " not in node.args[0].value:
                kwargs = {k.arg for k in node.keywords if k.arg}
                out.append((f"{path.name}:{node.lineno}", node.args[0].value, kwargs))
    return out


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_raised_key_is_translated_with_its_placeholders(language):
    """Each key raised in the core is in the catalogue, and its {placeholders} are passed."""
    t = Translator(language)
    found = raised_keys()
    assert len(found) > 20
    for where, key, kwargs in found:
        assert t.has(key), f"{where}: {key} is not in the {language} catalogue"
        assert set(PLACEHOLDER.findall(t(key))) <= kwargs, f"{where}: {key} needs {t(key)!r}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_default_key_is_translated(language):
    """Classes that raise with their own default key have it in both catalogues."""
    t = Translator(language)
    for cls in [*core_exceptions(), KioskError]:
        if issubclass(cls, KioskError):
            assert t.has(cls.key), f"{cls.__qualname__}.key {cls.key} missing in {language}"


def test_str_is_english_and_describe_speaks_the_officers_language():
    """str() gives the English text; describe() the same error in Indonesian."""
    error = QueueError("queue.not_found", code="A-009")
    assert "A-009" in str(error) and str(error) == Translator("en").error(error)
    indonesian = describe(error, Translator("id"))
    assert "A-009" in indonesian and indonesian != str(error)


def test_describe_names_an_unexpected_error_without_a_traceback():
    """Anything that is not a KioskError reads as 'something went wrong' and its text."""
    text = describe(OSError(28, "No space left on device"), Translator("en"))
    assert text.startswith("Something went wrong") and "No space left" in text
    assert "Traceback" not in text


def test_an_export_error_refuses_a_key_it_does_not_know():
    """A typo in an export error key is caught where it is raised, not shown as a msgid."""
    with pytest.raises(ValueError):
        ExportError("export.disk_ful")
