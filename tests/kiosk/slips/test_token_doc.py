"""docs/token-format.md stays true: its worked example and its Python snippet verify."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.records.keys import public_key_b64
from kiosk.slips.token import make_token, verify_token

DOC = (Path(__file__).resolve().parents[3] / "docs" / "token-format.md").read_text()


def _example() -> tuple[str, str]:
    token = re.search(r"Token:\n\n```\n([A-Z2-7]+)\n```", DOC).group(1)
    key = re.search(r"Public key: `([A-Za-z0-9+/=]+)`", DOC).group(1)
    return token, key


def test_worked_example_is_what_the_kiosk_makes():
    """The documented token is exactly what make_token gives for the documented fields."""
    token, public = _example()
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    assert public_key_b64(key) == public
    assert make_token(key, kiosk_id="k1a2b3c4d",
                      record_uuid="6f1c0a52-2d0e-4b9a-9d43-0a5b1e6f7c21",
                      day=dt.date(2019, 10, 23), kind="application", service="NEW",
                      ticket="A-001") == token
    assert verify_token(token, {"k1a2b3c4d": public}).ticket == "A-001"


def test_documented_python_snippet_verifies():
    """The stand-alone verifier on the page accepts the example."""
    snippet = re.search(r"```python\n(.*?)```", DOC, re.S).group(1)
    namespace: dict = {}
    exec(snippet, namespace)  # noqa: S102 - our own documentation
    token, public = _example()
    assert namespace["verify"](token, public)[26:] == b"A-001"
