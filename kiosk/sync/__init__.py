"""Network sync, the kiosk's half (docs/sync-protocol.md, docs/sync.md): enrollment, signed
replies, batches by seq range, the round, and the worker that retries on its own thread.

The one room of the core that speaks HTTP (httpx); it never imports Qt or kiosk.central.
"""
