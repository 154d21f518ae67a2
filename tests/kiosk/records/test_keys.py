"""The kiosk signing key: created once, owner-only, stable, public half printable."""

from __future__ import annotations

import stat

from kiosk.records.keys import (
    SIGNING_KEY_FILE,
    load_or_create_signing_key,
    public_key_b64,
    public_key_from_b64,
)


def test_key_is_created_owner_only_and_reused(tmp_path):
    """First call writes a 0600 key in a 0700 folder; the second reads the same key."""
    first = load_or_create_signing_key(tmp_path / "keys")
    mode = stat.S_IMODE((tmp_path / "keys" / SIGNING_KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    second = load_or_create_signing_key(tmp_path / "keys")
    assert public_key_b64(first) == public_key_b64(second)


def test_public_key_round_trips_and_verifies(tmp_path):
    """The base64 public key verifies what the private key signs."""
    key = load_or_create_signing_key(tmp_path)
    public = public_key_from_b64(public_key_b64(key))
    public.verify(key.sign(b"A-001"), b"A-001")


ROUNDS = 12
RACERS = 4


def _race(root: str, barrier, answers) -> None:
    """One racing process: in each round, all racers make the key of the same new folder."""
    from pathlib import Path

    from kiosk.records.keys import load_or_create_signing_key, public_key_b64

    for n in range(ROUNDS):
        barrier.wait()
        try:
            key = load_or_create_signing_key(Path(root) / f"round{n}" / "keys")
            answers.put((n, "ok", public_key_b64(key)))
        except BaseException as exc:  # noqa: BLE001 - reported to the test, not lost
            answers.put((n, "crashed", f"{type(exc).__name__}: {exc}"))


def test_processes_racing_to_make_the_key_all_use_the_one_saved(tmp_path):
    """Real processes making the key of one folder at the same moment: none crashes, and
    every one of them holds the key that is saved (exactly one key wins)."""
    import multiprocessing

    from kiosk.records.keys import load_private_key

    ctx = multiprocessing.get_context("spawn")
    barrier, answers = ctx.Barrier(RACERS), ctx.Queue()
    racers = [ctx.Process(target=_race, args=(str(tmp_path), barrier, answers))
              for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    got = [answers.get(timeout=120) for _ in range(RACERS * ROUNDS)]
    for racer in racers:
        racer.join(timeout=60)
    for n in range(ROUNDS):
        keys = tmp_path / f"round{n}" / "keys"
        saved = public_key_b64(load_private_key(keys / SIGNING_KEY_FILE))
        assert sorted(a[1:] for a in got if a[0] == n) == [("ok", saved)] * RACERS
        assert [p.name for p in keys.iterdir()] == [SIGNING_KEY_FILE]
