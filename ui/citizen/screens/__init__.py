"""The citizen's screens, one module each; each shows the flow's state and emits intents."""
