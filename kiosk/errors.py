"""One base for every refusal or failure the kiosk reports: a message key and its parameters.

The key is a msgid of the message catalogue (resources/locale/*/LC_MESSAGES/kiosk.po) and
the parameters fill its ``{placeholders}``, so a screen shows any error in the person's
language with one call (``Translator.error(exc)``) and ``str(exc)`` is the English text
for the command line and the log. Parameters never carry personal data (a NIK, a name, a
phone number): an error may end up in a log file.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import Translator, english


class KioskError(Exception):
    """A refusal or failure that a person can act on.

    Subclasses set a default ``key``; raise with ``SomeError("some.key", name=value)``.
    ``key``: str, a msgid; ``params``: dict[str, Any] for the msgid's placeholders.
    """

    key: str = "error.unexpected"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.key, params)

    def __str__(self) -> str:

        return english(self)


def describe(error: BaseException, t: Translator) -> str:
    """What to tell an officer about `error`, in `t`'s language: a KioskError's own message,
    else "Something went wrong" with the exception's text (never a traceback)."""
    if isinstance(error, KioskError):
        return t.error(error)
    return t("Something went wrong: {detail}", detail=str(error) or type(error).__name__)
