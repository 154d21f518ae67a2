"""The one error of verifying a bundle (kiosk/export/verify.py, kiosk/export/record_lines.py)."""

from __future__ import annotations

from kiosk.errors import KioskError


class BundleInvalid(KioskError):
    """Verification failed: `step` names the check (container, manifest, kiosk_key, signature,
    chain, index, ciphertext, key, decrypt, records), `reason` says why, and `rule` is the
    rule of docs/bundle-format.md section 8 that was broken (such as "2.6"). `kiosk_id`:
    the kiosk the manifest names, from step 3 on (None before)."""

    key = "bundle.invalid"

    def __init__(self, step: str, reason: str, rule: str | None = None, *,
                 kiosk_id: str | None = None) -> None:
        self.step, self.reason, self.rule, self.kiosk_id = step, reason, rule, kiosk_id
        super().__init__(step=step, reason=reason if rule is None else f"{reason} (rule {rule})")
